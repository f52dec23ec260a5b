"""`beredskap`: why crisis readiness is a matter of procurement and the principles that weigh more in a
crisis, with their reasons; then the crisis rows K.1 and K.2 asked like the main assessment, then the
preparedness topics as ja / nej, ending with a concrete next step for each nej."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from botbuilder.schema import Activity

from bot.cards.checkin import checklist_card
from bot.cards.guide import reading_card
from dialogs.assessment.assessment import AssessmentDialog, AssessmentOptions
from dialogs.checkin.checklist import sections
from dialogs.checkin.items import PreparednessQuestions, PreparednessSheet
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.questions import Asking, QuestionsDialog
from model.checks import CheckinContent
from services.assessments import CRISIS


class CrisisDialog(ComponentDialog):
    def __init__(self, services: Services, content: CheckinContent) -> None:
        super().__init__(CrisisDialog.__name__)
        self.services, self.content = services, content
        self.add_dialog(AssessmentDialog(services))
        self.add_dialog(QuestionsDialog(services, PreparednessQuestions(services, content)))
        self.add_dialog(WaterfallDialog("steps", [self.rows_step, self.topics_step, self.result_step]))
        self.initial_dialog_id = "steps"

    async def rows_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        await step.context.send_activity(self.principles_card(TurnInfo.of(step.context).lang))
        return await step.begin_dialog(AssessmentDialog.__name__, AssessmentOptions(options.organisation_id, CRISIS))

    async def topics_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        keys = [topic.key for topic in self.content.preparedness]
        lang = TurnInfo.of(step.context).lang
        await step.context.send_activity(self.services.texts("preparedness_intro", lang, count=len(keys)))
        return await step.begin_dialog(PreparednessQuestions.__name__,
                                       Asking(PreparednessSheet(options.organisation_id), keys))

    async def result_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        answers = await self.services.checkins.preparedness(options.organisation_id)
        found = sections(self.services, self.content.preparedness, answers, lang)
        await step.context.send_activity(checklist_card(texts("preparedness_title", lang), [], found))
        return await step.end_dialog()

    def principles_card(self, lang: str) -> Activity:
        """The background, then each principle with the document's reasons (else what the word means)."""
        guide, glossary = self.content.crisis_guide, self.services.model.glossary
        parts: list[tuple[str | None, str]] = [(None, guide.intro(lang)), (None, guide.principles_intro(lang))]
        for principle in guide.principles:
            term = glossary.term(principle.term)
            reasons = [reason(lang) for reason in principle.reasons] or [term.explanation(lang)]
            parts.append((term.name(lang)[:1].upper() + term.name(lang)[1:], " ".join(reasons)))
        return reading_card(self.services.model.crisis_name(lang), parts)
