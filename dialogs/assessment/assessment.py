"""A self-assessment: choose the scope, answer its rows, see the result, set a target."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, text_block
from services.reports import take_snapshot
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.questions import LoopState, QuestionLoopDialog
from dialogs.assessment.scope import ALL, scope_name, scope_options, scope_rows
from dialogs.context import Services, TurnInfo
from dialogs.assessment.summary import current_answers, next_step_lines, summary_card
from model.scoring import recommendations

REMAINING, REDO = "remaining", "redo"
NO_TARGET = "none"


@dataclass
class AssessmentOptions:
    organisation_id: str
    scope: str | None = None  # None: ask
    resume: bool = False  # "fortsätt": the last scope, only unanswered rows

    to_dict = asdict


class AssessmentDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(AssessmentDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(QuestionLoopDialog(services))
        self.add_dialog(WaterfallDialog("steps", [
            self.scope_step, self.redo_step, self.questions_step, self.result_step, self.target_step,
        ]))
        self.initial_dialog_id = "steps"

    async def scope_step(self, step: WaterfallStepContext):
        options: AssessmentOptions = step.options
        step.values["options"] = options.to_dict()
        if options.scope:
            return await step.next(options.scope)
        if options.resume:
            latest = await self.services.database.assessments.latest(options.organisation_id)
            return await step.next(latest.scope if latest else ALL)
        lang = TurnInfo.of(step.context).lang
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.texts("ask_scope", lang), scope_options(self.services.model, self.services.texts, lang)))

    async def redo_step(self, step: WaterfallStepContext):
        options = AssessmentOptions(**step.values["options"])
        step.values["scope"] = scope = step.result
        keys = [row.key for row in scope_rows(self.services.model, scope)]
        current = await current_answers(self.services, options.organisation_id)
        answered = [key for key in keys if key in current]
        step.values["answered"] = answered
        if not answered or options.resume:
            return await step.next(REMAINING)
        lang, texts = TurnInfo.of(step.context).lang, self.services.texts
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ask_redo", lang, answered=len(answered), total=len(keys)),
            [(REMAINING, texts("redo_remaining", lang)), (REDO, texts("redo_all", lang))]))

    async def questions_step(self, step: WaterfallStepContext):
        options, scope = AssessmentOptions(**step.values["options"]), step.values["scope"]
        info, database = TurnInfo.of(step.context), self.services.database
        keys = [row.key for row in scope_rows(self.services.model, scope)]
        latest = await database.assessments.latest(options.organisation_id)
        open_latest = latest if latest is not None and latest.completed_at is None and latest.scope == scope else None
        # `fortsätt` goes on with the open assessment as it was begun: a redo asks what it has not asked yet.
        redo = open_latest.redo if options.resume and open_latest is not None else step.result == REDO
        if redo:
            skip = sorted(await database.answers.answered_in(open_latest.id)) if options.resume else []
        else:
            skip = step.values["answered"]
        if len(set(skip) & set(keys)) == len(keys):
            name = scope_name(self.services.model, self.services.texts, scope, info.lang)
            await step.context.send_activity(self.services.texts("nothing_left", info.lang, scope=name))
            return await step.end_dialog()
        assessment = open_latest if open_latest is not None and open_latest.redo == redo else \
            await database.assessments.start(options.organisation_id, scope, info.user_id, self.services.clock(), redo)
        step.values["assessment_id"] = assessment.id
        return await step.begin_dialog(QuestionLoopDialog.__name__, LoopState(
            options.organisation_id, keys, skip, assessment_id=assessment.id))

    async def result_step(self, step: WaterfallStepContext):
        info, texts, database = TurnInfo.of(step.context), self.services.texts, self.services.database
        await database.assessments.complete(step.values["assessment_id"], self.services.clock())
        await take_snapshot(database, self.services.model, step.values["options"]["organisation_id"],
                            step.values["assessment_id"], self.services.clock())
        name = scope_name(self.services.model, texts, step.values["scope"], info.lang)
        await step.context.send_activity(texts("scope_done", info.lang, scope=name))
        organisation = info.organisation
        await step.context.send_activity(await summary_card(self.services, organisation, info.lang))
        if (organisation.target or {}).get("overall"):
            return await step.end_dialog()  # the result card's next steps already lead towards the target
        levels = [(str(level.value), f"{'★' * level.value} {level.name(info.lang)}") for level in self.services.model.levels]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ask_target", info.lang), levels + [(NO_TARGET, texts("target_skip", info.lang))]))

    async def target_step(self, step: WaterfallStepContext):
        info, texts, model = TurnInfo.of(step.context), self.services.texts, self.services.model
        if step.result == NO_TARGET:
            await step.context.send_activity(texts("target_none", info.lang))
            return await step.end_dialog()
        options = AssessmentOptions(**step.values["options"])
        target = {"overall": int(step.result)}
        await self.services.assessments.set_target(options.organisation_id, target)
        found = recommendations(model, await current_answers(self.services, options.organisation_id), target, 5)
        if not found:
            await step.context.send_activity(texts("target_reached", info.lang))
            return await step.end_dialog()
        title = texts("target_set", info.lang, level=texts.level(model, target["overall"], info.lang))
        lines = [text_block(line, spacing="Small") for line in next_step_lines(self.services, found, info.lang)]
        await step.context.send_activity(card_activity([text_block(title, weight="Bolder"), *lines], [], title))
        return await step.end_dialog()
