"""At the end of a quick check: offer reminders before the announcement and for contract follow-up,
and store each wish at once so the reminder feature can send it."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt
from dateutil.relativedelta import relativedelta

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import NUMBERS, day_in_sweden, morning_in_sweden
from dialogs.plan.words import day_text
from dialogs.replies import words
from dialogs.context import Services, TurnInfo

BOTH, BEFORE, CONTRACT, NONE = "both", "before", "contract", "none"
BEFORE_ANNOUNCEMENT, CONTRACT_FOLLOW_UP = "before_announcement", "contract_follow_up"
LEAD_TIME = timedelta(days=14)
DEFAULT_MONTHS, MOST_MONTHS = 6, 60
MONTHS = "follow_up_months"
_DEFAULT_WORDS = {("ok",), ("okej",), ("standard",), ("default",), ("hoppa", "över"), ("skip",)}


@dataclass
class FollowUpOptions:
    organisation_id: str
    checkin_id: int

    to_dict = asdict


def months_from(text: str | None) -> int | None:
    """"8", "8 månader", "åtta" or "ok" for the default; None when it is not a number of months."""
    tokens = tuple(words(text))
    if tokens in _DEFAULT_WORDS:
        return DEFAULT_MONTHS
    if not tokens or (len(tokens) > 1 and tokens[1] not in ("månad", "månader", "month", "months")):
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
        options: FollowUpOptions = step.options
        step.values["options"] = options.to_dict()
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        before = await self._before_day(step)
        if before is None:
            return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
                texts("checkin_ask_contract_reminder", lang),
                [(CONTRACT, texts("checkin_reminder_yes", lang)), (NONE, texts("checkin_reminder_none", lang))]))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("checkin_ask_reminders", lang, date=day_text(before, lang),
                  announce=day_text((await self._checkin(step)).announce_on, lang)),
            [(key, texts(f"checkin_reminder_{key}", lang)) for key in (BOTH, BEFORE, CONTRACT, NONE)]))

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
        day = start + relativedelta(months=months_from(step.result))
        await self._wish(step, CONTRACT_FOLLOW_UP, day)
        lang = TurnInfo.of(step.context).lang
        done = self.services.texts("checkin_reminder_contract_set", lang, date=day_text(day, lang))
        await step.context.send_activity(done)
        return await step.end_dialog()

    async def _checkin(self, step: WaterfallStepContext):
        options = FollowUpOptions(**step.values["options"])
        return await self.services.database.checkins.get(options.organisation_id, options.checkin_id)

    async def _before_day(self, step: WaterfallStepContext) -> date | None:
        """Two weeks before the announcement, or tomorrow if that is later; None when too late for one."""
        planned = (await self._checkin(step)).announce_on
        if planned is None:
            return None
        day = max(planned - LEAD_TIME, day_in_sweden(self.services.clock()) + timedelta(days=1))
        return day if day < planned else None

    async def _wish(self, step: WaterfallStepContext, kind: str, day: date) -> None:
        options, info = FollowUpOptions(**step.values["options"]), TurnInfo.of(step.context)
        reference = TurnContext.get_conversation_reference(step.context.activity).serialize()
        await self.services.database.follow_up_wishes.add(
            options.organisation_id, options.checkin_id, kind, morning_in_sweden(day), reference, info.user_id,
            self.services.clock())

    async def _valid_months(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and months_from(prompt.recognized.value) is not None
