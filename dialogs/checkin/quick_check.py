"""A quick check before one procurement: name, category, value and date, then the checks, crisis
readiness where it matters, the checklist and an offer of reminders. Every answer is saved when given."""
from __future__ import annotations

from datetime import date

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.checkin.amounts import read_amount
from dialogs.checks import AnswerPrompt, CheckinAnswerLoop, CheckLoopState
from dialogs.checkin.checklist import checklist_activity
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import DateProblem, day_in_sweden, examples, read_date
from dialogs.checkin.follow_up import FollowUpDialog, FollowUpOptions
from dialogs.plan.words import day_text
from dialogs.replies import ReplyKind, parse_answer
from dialogs.context import FeatureOptions, Services, TurnInfo
from model.checks import CheckinContent

NAME, VALUE, DATE = "checkin_name", "checkin_value", "checkin_date"
YES, NO = "yes", "no"


def skipped(text: str | None) -> bool:
    return parse_answer(text).kind is ReplyKind.SKIP


class QuickCheckDialog(ComponentDialog):
    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(QuickCheckDialog.__name__)
        self.services, self.content = services, content
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(AnswerPrompt(services))
        self.add_dialog(TextPrompt(NAME, self._valid_name))
        self.add_dialog(TextPrompt(VALUE, self._valid_value))
        self.add_dialog(TextPrompt(DATE, self._valid_date))
        self.add_dialog(CheckinAnswerLoop(services, content))
        self.add_dialog(FollowUpDialog(services))
        self.add_dialog(WaterfallDialog("steps", [
            self.name_step, self.category_step, self.value_step, self.date_step, self.checks_step,
            self.critical_step, self.crisis_step, self.result_step,
        ]))
        self.initial_dialog_id = "steps"

    async def name_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        step.values["organisation_id"] = options.organisation_id
        return await step.prompt(NAME, self._prompt(step, "checkin_ask_name", "checkin_name_invalid"))

    async def category_step(self, step: WaterfallStepContext):
        info = TurnInfo.of(step.context)
        checkin = await self.services.database.checkins.create(
            step.values["organisation_id"], step.result.strip(), info.user_id, info.user_name, self.services.clock())
        step.values["checkin_id"] = checkin.id
        categories = [(category.key, category.name(info.lang)) for category in self.content.categories]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.texts("checkin_ask_category", info.lang, name=checkin.name), categories))

    async def value_step(self, step: WaterfallStepContext):
        await self.services.database.checkins.update(step.values["checkin_id"], category=step.result)
        return await step.prompt(VALUE, self._prompt(step, "checkin_ask_value", "checkin_value_invalid"))

    async def date_step(self, step: WaterfallStepContext):
        value = read_amount(step.result)
        if value is not None:
            await self.services.database.checkins.update(step.values["checkin_id"], value_sek=value)
        lang = TurnInfo.of(step.context).lang
        ask = self.services.texts("checkin_ask_date", lang, **examples(day_in_sweden(self.services.clock()), lang))
        return await step.prompt(DATE, PromptOptions(prompt=MessageFactory.text(ask)))

    async def checks_step(self, step: WaterfallStepContext):
        planned = self._read(step.result)  # "hoppa över" reads as no date
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        said = []
        if isinstance(planned, date):
            await self.services.database.checkins.update(step.values["checkin_id"], announce_on=planned)
            said.append(texts("checkin_date_set", lang, date=day_text(planned, lang)))  # as read, to be corrected
        checkin = await self._checkin(step)
        keys = [check.key for check in self.content.checks_for(checkin.category)]
        said.append(texts("checkin_checks_intro", lang, count=len(keys)))
        await step.context.send_activity(" ".join(said))
        return await step.begin_dialog(CheckinAnswerLoop.__name__, CheckLoopState(
            checkin.organisation_id, checkin.id, keys, "checkin_progress"))

    async def critical_step(self, step: WaterfallStepContext):
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        category = self.content.category((await self._checkin(step)).category)
        proposal = texts("checkin_critical_proposed", lang, reason=category.crisis_reason(lang)) \
            if category.critical else None
        return await step.begin_dialog(AnswerPrompt.__name__, ChoiceOptions(
            texts("checkin_ask_critical", lang),
            [(YES, texts("checkin_answer_yes", lang)), (NO, texts("checkin_answer_no", lang))], proposal))

    async def crisis_step(self, step: WaterfallStepContext):
        critical = step.result == YES
        await self.services.database.checkins.update(step.values["checkin_id"], critical=critical)
        if not critical:
            return await step.next(None)
        keys = [prompt.key for prompt in self.content.crisis_prompts]
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(self.services.texts("checkin_crisis_intro", lang, count=len(keys)))
        return await step.begin_dialog(CheckinAnswerLoop.__name__, CheckLoopState(
            step.values["organisation_id"], step.values["checkin_id"], keys, "checkin_progress_crisis"))

    async def result_step(self, step: WaterfallStepContext):
        checkin = await self._checkin(step)
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(checklist_activity(self.services, self.content, checkin, lang))
        return await step.begin_dialog(FollowUpDialog.__name__, FollowUpOptions(checkin.organisation_id, checkin.id))

    async def _checkin(self, step: WaterfallStepContext):
        return await self.services.database.checkins.get(step.values["organisation_id"], step.values["checkin_id"])

    def _prompt(self, step: WaterfallStepContext, prompt: str, retry: str) -> PromptOptions:
        lang = TurnInfo.of(step.context).lang
        return PromptOptions(prompt=MessageFactory.text(self.services.texts(prompt, lang)),
                             retry_prompt=MessageFactory.text(self.services.texts(retry, lang)))

    def _read(self, text: str | None) -> date | DateProblem:
        return read_date(text, day_in_sweden(self.services.clock()))

    async def _valid_name(self, prompt: PromptValidatorContext) -> bool:
        name = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        return 2 <= len(name) <= 150

    async def _valid_value(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        return skipped(text) or read_amount(text) is not None

    async def _valid_date(self, prompt: PromptValidatorContext) -> bool:
        """A past or unreadable date gets its own re-prompt, which says what was wrong."""
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        if skipped(text):
            return True
        reading = self._read(text)
        if isinstance(reading, DateProblem):
            lang = TurnInfo.of(prompt.context).lang
            await prompt.context.send_activity(self.services.texts(f"checkin_date_{reading.value}", lang))
            return False
        return True
