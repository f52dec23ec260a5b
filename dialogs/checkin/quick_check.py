"""A quick check before one procurement: name, category, value and date, then the checks, crisis
readiness where it matters, the checklist and an offer of reminders. Every answer is saved when given."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from botbuilder.core import MessageFactory
from botbuilder.dialogs import ComponentDialog, DialogContext, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from dialogs.answers import Said, read_reply
from dialogs.checkin.amounts import read_amount
from dialogs.checkin.checklist import checklist_activity
from dialogs.checkin.follow_up import FollowUpDialog, FollowUpOptions
from dialogs.checkin.items import CheckinQuestions, CheckinSheet
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.dates import DateProblem, day_in_sweden, examples, read_date
from dialogs.plan.words import day_text
from dialogs.questions import Asking, QuestionsDialog
from model.checks import CheckinContent
from services.checkins import Checkin

NAME, VALUE, DATE = "checkin_name", "checkin_value", "checkin_date"
YES, NO = "yes", "no"
DATE_PROBLEMS = {DateProblem.PAST: "checkin_date_past", DateProblem.UNREADABLE: "checkin_date_unreadable"}


@dataclass
class QuickCheckOptions:
    organisation_id: str
    checkin_id: int | None = None  # learned once the procurement is named


class QuickCheckDialog(ComponentDialog):
    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(QuickCheckDialog.__name__)
        self.services, self.content = services, content
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(TextPrompt(NAME, self._valid_name))
        self.add_dialog(TextPrompt(VALUE, self._valid_value))
        self.add_dialog(TextPrompt(DATE, self._valid_date))
        self.add_dialog(QuestionsDialog(services, CheckinQuestions(services, content)))
        self.add_dialog(FollowUpDialog(services))
        self.add_dialog(WaterfallDialog("steps", [
            self.name_step, self.category_step, self.value_step, self.date_step, self.checks_step,
            self.critical_step, self.crisis_step, self.result_step,
        ]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions):
        return await super().on_begin_dialog(inner_dc, QuickCheckOptions(options.organisation_id))

    async def name_step(self, step: WaterfallStepContext):
        return await step.prompt(NAME, self._prompt(step, "checkin_ask_name", "checkin_name_invalid"))

    async def category_step(self, step: WaterfallStepContext):
        options: QuickCheckOptions = step.options
        info = TurnInfo.of(step.context)
        checkin = await self.services.checkins.create(options.organisation_id, step.result.strip(), info.user_id,
                                                      info.user_name)
        options.checkin_id = checkin.id
        categories = [(category.key, category.name(info.lang)) for category in self.content.categories]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.texts("checkin_ask_category", info.lang, name=checkin.name), categories))

    async def value_step(self, step: WaterfallStepContext):
        await self.services.checkins.describe(step.options.checkin_id, category=step.result)
        return await step.prompt(VALUE, self._prompt(step, "checkin_ask_value", "checkin_value_invalid"))

    async def date_step(self, step: WaterfallStepContext):
        value = read_amount(step.result)
        if value is not None:
            await self.services.checkins.describe(step.options.checkin_id, value_sek=value)
        lang = TurnInfo.of(step.context).lang
        ask = self.services.texts("checkin_ask_date", lang, **examples(day_in_sweden(self.services.clock()), lang))
        return await step.prompt(DATE, PromptOptions(prompt=MessageFactory.text(ask)))

    async def checks_step(self, step: WaterfallStepContext):
        planned = self._read(step.result)  # "hoppa över" reads as no date
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        said = []
        if isinstance(planned, date):
            await self.services.checkins.describe(step.options.checkin_id, announce_on=planned)
            said.append(texts("checkin_date_set", lang, date=day_text(planned, lang)))  # as read, to be corrected
        checkin = await self._checkin(step)
        keys = [check.key for check in self.content.checks_for(checkin.category)]
        said.append(texts("checkin_checks_intro", lang, count=len(keys)))
        await step.context.send_activity(" ".join(said))
        return await step.begin_dialog(CheckinQuestions.__name__,
                                       Asking(CheckinSheet(checkin.organisation_id, checkin.id), keys))

    async def critical_step(self, step: WaterfallStepContext):
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        category = self.content.category((await self._checkin(step)).category)
        proposal = texts("checkin_critical_proposed", lang, reason=category.crisis_reason(lang)) \
            if category.critical else None
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("checkin_ask_critical", lang),
            [(YES, texts("checkin_answer_yes", lang)), (NO, texts("checkin_answer_no", lang))], proposal,
            hint=texts("checkin_hint_preparedness", lang)))

    async def crisis_step(self, step: WaterfallStepContext):
        options: QuickCheckOptions = step.options
        critical = step.result == YES
        await self.services.checkins.describe(options.checkin_id, critical=critical)
        if not critical:
            return await step.next(None)
        keys = [prompt.key for prompt in self.content.crisis_prompts]
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(self.services.texts("checkin_crisis_intro", lang, count=len(keys)))
        return await step.begin_dialog(CheckinQuestions.__name__,
                                       Asking(CheckinSheet(options.organisation_id, options.checkin_id), keys))

    async def result_step(self, step: WaterfallStepContext):
        checkin = await self._checkin(step)
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(checklist_activity(self.services, self.content, checkin, lang))
        return await step.begin_dialog(FollowUpDialog.__name__, FollowUpOptions(checkin.organisation_id, checkin.id))

    async def _checkin(self, step: WaterfallStepContext) -> Checkin:
        options: QuickCheckOptions = step.options
        return await self.services.checkins.get(options.organisation_id, options.checkin_id)

    def _prompt(self, step: WaterfallStepContext, prompt: str, retry: str) -> PromptOptions:
        lang = TurnInfo.of(step.context).lang
        return PromptOptions(prompt=MessageFactory.text(self.services.texts(prompt, lang)),
                             retry_prompt=MessageFactory.text(self.services.texts(retry, lang)))

    def _skipped(self, text: str | None) -> bool:
        return read_reply(self.services.texts, text).said is Said.SKIP

    def _read(self, text: str | None) -> date | DateProblem:
        return read_date(text, day_in_sweden(self.services.clock()))

    async def _valid_name(self, prompt: PromptValidatorContext) -> bool:
        name = (prompt.recognized.value or "").strip() if prompt.recognized.succeeded else ""
        return 2 <= len(name) <= 150

    async def _valid_value(self, prompt: PromptValidatorContext) -> bool:
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        return self._skipped(text) or read_amount(text) is not None

    async def _valid_date(self, prompt: PromptValidatorContext) -> bool:
        """A past or unreadable date gets its own re-prompt, which says what was wrong."""
        text = prompt.recognized.value if prompt.recognized.succeeded else None
        if self._skipped(text):
            return True
        reading = self._read(text)
        if isinstance(reading, DateProblem):
            lang = TurnInfo.of(prompt.context).lang
            await prompt.context.send_activity(self.services.texts(DATE_PROBLEMS[reading], lang))
            return False
        return True
