"""At the end of a quick check: offer reminders before the announcement and for contract follow-up,
and store each wish at once so the reminder feature can send it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from dateutil.relativedelta import relativedelta

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import Services, TurnInfo
from dialogs.dates import NUMBERS, day_in_sweden, morning_in_sweden
from dialogs.plan.words import day_text
from services.checkins import BEFORE_ANNOUNCEMENT, CONTRACT_FOLLOW_UP, Checkin
from texts import Texts
from texts.typed import words

BOTH, BEFORE, CONTRACT, NONE = "both", "before", "contract", "none"
# The offer when the announcement is far enough ahead, in the order of its buttons.
OFFER = {BOTH: "checkin_reminder_both", BEFORE: "checkin_reminder_before", CONTRACT: "checkin_reminder_contract",
         NONE: "checkin_reminder_none"}
LEAD_TIME = timedelta(days=14)
DEFAULT_MONTHS, MOST_MONTHS = 6, 60
MONTHS = "follow_up_months"


@dataclass
class FollowUpOptions:
    organisation_id: str
    checkin_id: int


def months_from(texts: Texts, text: str | None) -> int | None:
    """"8", "8 månader", "åtta" or "ok" for the default; None when it is not a number of months."""
    tokens = tuple(words(text))
    if tokens in texts.phrases("checkin_words_default_months") or tokens in texts.phrases("answer_words_skip"):
        return DEFAULT_MONTHS
    if not tokens or (len(tokens) > 1 and (tokens[1],) not in texts.phrases("checkin_words_months")):
        return None
    count = int(tokens[0]) if tokens[0].isdigit() else NUMBERS.get(tokens[0])
    return count if count is not None and 1 <= count <= MOST_MONTHS else None


class FollowUpDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(FollowUpDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(TextPrompt(MONTHS, self._valid_months))
        self.add_dialog(WaterfallDialog("steps", [self.offer_step, self.before_step, self.contract_step]))
        self.initial_dialog_id = "steps"

    async def offer_step(self, step: WaterfallStepContext):
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        before = await self._before_day(step)
        if before is None:
            return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
                texts("checkin_ask_contract_reminder", lang),
                [(CONTRACT, texts("checkin_reminder_yes", lang)), (NONE, texts("checkin_reminder_none", lang))]))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("checkin_ask_reminders", lang, date=day_text(before, lang),
                  announce=day_text((await self._checkin(step)).announce_on, lang)),
            [(key, texts(text, lang)) for key, text in OFFER.items()]))

    async def before_step(self, step: WaterfallStepContext):
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        if step.result == NONE:
            await step.context.send_activity(texts("checkin_no_reminders", lang))
            return await step.end_dialog()
        if step.result in (BOTH, BEFORE):
            day = await self._before_day(step)
            await self._wish(step, BEFORE_ANNOUNCEMENT, day)
            await step.context.send_activity(texts("checkin_reminder_before_set", lang, date=day_text(day, lang)))
        if step.result == BEFORE:
            return await step.end_dialog()
        start = (await self._checkin(step)).announce_on
        ask = texts("checkin_ask_months", lang, start=day_text(start, lang) if start else texts("checkin_today", lang))
        retry = texts("checkin_months_invalid", lang)
        return await step.prompt(MONTHS, PromptOptions(prompt=MessageFactory.text(ask),
                                                       retry_prompt=MessageFactory.text(retry)))

    async def contract_step(self, step: WaterfallStepContext):
        start = (await self._checkin(step)).announce_on or day_in_sweden(self.services.clock())
        day = start + relativedelta(months=months_from(self.services.texts, step.result))
        await self._wish(step, CONTRACT_FOLLOW_UP, day)
        lang = TurnInfo.of(step.context).lang
        done = self.services.texts("checkin_reminder_contract_set", lang, date=day_text(day, lang))
        await step.context.send_activity(done)
        return await step.end_dialog()

    async def _checkin(self, step: WaterfallStepContext) -> Checkin:
        options: FollowUpOptions = step.options
        return await self.services.checkins.get(options.organisation_id, options.checkin_id)

    async def _before_day(self, step: WaterfallStepContext) -> date | None:
        """Two weeks before the announcement, or tomorrow if that is later; None when too late for one."""
        planned = (await self._checkin(step)).announce_on
        if planned is None:
            return None
        day = max(planned - LEAD_TIME, day_in_sweden(self.services.clock()) + timedelta(days=1))
        return day if day < planned else None

    async def _wish(self, step: WaterfallStepContext, kind: str, day: date) -> None:
        options: FollowUpOptions = step.options
        reference = TurnContext.get_conversation_reference(step.context.activity).serialize()
        await self.services.checkins.wish_follow_up(options.organisation_id, options.checkin_id, kind,
                                                    morning_in_sweden(day), reference,
                                                    TurnInfo.of(step.context).user_id)

    async def _valid_months(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and months_from(self.services.texts, prompt.recognized.value) is not None
