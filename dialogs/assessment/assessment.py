"""A self-assessment: choose the scope, answer its rows, see the result, set a target."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, text_block
from bot.cards.guide import reading_card
from dialogs.assessment.rows import RowQuestions, RowSheet
from dialogs.assessment.scope import scope_name, scope_options
from dialogs.assessment.whom import chosen_unit, named_unit, whom_options
from dialogs.units.named import unit_and_scope
from dialogs.assessment.summary import next_step_lines, status_card
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import Services, TurnInfo
from dialogs.plan.keep import KeepTargetDialog, unkept_target
from dialogs.questions import Asking, QuestionsDialog
from model.scoring import OVERALL, recommendations, with_target

REMAINING, REDO = "remaining", "redo"
NO_TARGET = "none"


@dataclass
class AssessmentOptions:
    organisation_id: str
    scope: str | None = None  # None: ask
    resume: bool = False  # "fortsätt": the last scope, only unanswered rows
    assessment_id: int | None = None  # learned when the questions begin
    unit_id: int | None = None  # None: the organisation as a whole
    unit_name: str = ""
    unit_words: list[str] | None = None  # "start enhet Socialförvaltningen": the unit's name, as words
    whom_hint: bool = False  # the organisation has more units than buttons: say how to name one


class AssessmentDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(AssessmentDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(QuestionsDialog(services, RowQuestions(services)))
        self.add_dialog(KeepTargetDialog(services))
        self.add_dialog(WaterfallDialog("steps", [
            self.whom_step, self.scope_step, self.redo_step, self.questions_step, self.result_step, self.target_step,
        ]))
        self.initial_dialog_id = "steps"

    async def whom_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        if options.resume:
            options.scope, options.unit_id = await self.services.assessments.resume_scope(options.organisation_id)
            unit = options.unit_id and await self.services.units.get(options.organisation_id, options.unit_id)
            return await step.next(unit and f"unit:{unit.id}")
        if options.unit_words:  # "start enhet Socialförvaltningen steg 2": the unit, then perhaps a scope
            unit, scope = await unit_and_scope(self.services, options.organisation_id, options.unit_words)
            if unit is not None:
                options.scope = scope
                return await step.next(f"unit:{unit.id}")
        unit, problem = await named_unit(self.services, step.context, options.organisation_id, options.unit_words)
        if problem:
            await step.context.send_activity(problem)
            return await step.end_dialog()
        if unit is not None or options.scope:
            return await step.next(unit and f"unit:{unit.id}")
        choices = await whom_options(self.services, options.organisation_id, info.organisation.name, info.lang)
        options.whom_hint = choices == []
        if not choices:
            return await step.next(None)
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(texts("ask_whom", info.lang), choices))

    async def scope_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        unit = await chosen_unit(self.services, options.organisation_id, step.result)
        options.unit_id, options.unit_name = (unit.id, unit.name) if unit else (None, "")
        if unit is not None:
            await step.context.send_activity(texts("assessing_unit", info.lang, unit=unit.name,
                                                   name=info.organisation.name))
        await self._offer_guide(step, options)
        if options.scope:
            return await step.next(options.scope)
        intro = texts("whom_typed_hint", info.lang, name=info.organisation.name) if options.whom_hint else None
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ask_scope", info.lang), scope_options(self.services.model, texts, info.lang), intro))

    async def _offer_guide(self, step: WaterfallStepContext, options: AssessmentOptions) -> None:
        """Before the organisation's first answer, once per person: a button to read about the model first."""
        info, texts = TurnInfo.of(step.context), self.services.texts
        if options.resume or info.profile.guide_offered:
            return
        if await self.services.assessments.answers(options.organisation_id):
            return
        info.profile.guide_offered = True
        await step.context.send_activity(reading_card(
            texts("about_offer", info.lang), [], [(texts.plain("menu_about", info.lang),
                                                   texts.plain("about_command", info.lang))]))

    async def redo_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        options.scope = step.result
        if options.resume:
            return await step.next(REMAINING)  # as the open assessment was begun (Assessments.begin)
        answered, total = await self.services.assessments.answered(options.organisation_id, options.scope,
                                                                   options.unit_id)
        if not answered:
            return await step.next(REMAINING)
        lang, texts = TurnInfo.of(step.context).lang, self.services.texts
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ask_redo", lang, answered=answered, total=total),
            [(REMAINING, texts("redo_remaining", lang)), (REDO, texts("redo_all", lang))]))

    async def questions_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        info = TurnInfo.of(step.context)
        found = await self.services.assessments.begin(options.organisation_id, options.scope, info.user_id,
                                                      redo=step.result == REDO, resume=options.resume,
                                                      unit_id=options.unit_id)
        if found is None:
            name = scope_name(self.services.model, self.services.texts, options.scope, info.lang)
            await step.context.send_activity(self.services.texts("nothing_left", info.lang, scope=name))
            return await step.end_dialog()
        options.assessment_id = found.assessment_id
        sheet = RowSheet(options.organisation_id, found.assessment_id, options.unit_id, options.unit_name)
        return await step.begin_dialog(RowQuestions.__name__, Asking(sheet, list(found.rows), list(found.skip)))

    async def result_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        status = await self.services.assessments.complete(info.tenant_id, options.organisation_id,
                                                          options.assessment_id)
        name = scope_name(self.services.model, texts, options.scope, info.lang)
        await step.context.send_activity(texts("scope_done", info.lang, scope=name))
        if status is None:
            return await step.end_dialog()  # the organisation was deleted meanwhile
        await step.context.send_activity(status_card(self.services, status, info.lang))
        keep = None if options.unit_id is not None else await unkept_target(self.services, status)
        if keep is not None:  # a target reached: what keeps the organisation there?
            return await step.begin_dialog(KeepTargetDialog.__name__, keep)
        if options.unit_id is not None or (status.organisation.target or {}).get("overall"):
            # The result card's next steps already lead towards the target, which is the organisation's.
            return await step.end_dialog()
        levels = [(str(level.value), f"{'★' * level.value} {level.name(info.lang)}")
                  for level in self.services.model.levels]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ask_target", info.lang), levels + [(NO_TARGET, texts("target_skip", info.lang))]))

    async def target_step(self, step: WaterfallStepContext):
        info, texts, model = TurnInfo.of(step.context), self.services.texts, self.services.model
        if step.result is None:  # the kept target was asked about instead
            return await step.end_dialog()
        if step.result == NO_TARGET:
            await step.context.send_activity(texts("target_none", info.lang))
            return await step.end_dialog()
        options: AssessmentOptions = step.options
        # The whole model's target; targets set per step or perspective stay.
        target = with_target(info.organisation.target, OVERALL, int(step.result))
        await self.services.assessments.set_target(options.organisation_id, target)
        found = recommendations(model, await self.services.assessments.answers(options.organisation_id), target, 5)
        if not found:
            await step.context.send_activity(texts("target_reached", info.lang))
            return await step.end_dialog()
        title = texts("target_set", info.lang, level=texts.level(model, target["overall"], info.lang))
        lines = [text_block(line, spacing="Small") for line in next_step_lines(self.services, found, info.lang)]
        await step.context.send_activity(card_activity([text_block(title, weight="Bolder"), *lines], [], title))
        return await step.end_dialog()
