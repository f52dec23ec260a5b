"""`mål steg 3 nivå 2` / `target step 3 level 2`: an administrator sets the target for the whole model, a
step, a perspective or crisis readiness (`mål nivå 2`, `mål styrning nivå 3`, `mål steg 3 ingen` removes it);
`mål` alone asks which part and which level with buttons. Status shows each target beside its level; a
target already reached asks what keeps the organisation there."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from dialogs.assessment.scope import scope_from_words, scope_options
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.plan.keep import KeepTargetDialog, part_name, unkept_target
from model.scoring import OVERALL, with_target
from model.types import CRISIS_CELL
from services.assessments import ALL, CRISIS

LEVEL_WORDS = ("nivå", "level")
NONE_WORDS = ("ingen", "inget", "none", "0")
NO_LEVEL = "none"


def part_of(scope: str) -> str:
    """The target part an assessment scope names: "step:3" → "3", "perspective:S" → "S"."""
    if scope in (ALL, CRISIS):
        return OVERALL if scope == ALL else CRISIS_CELL
    return scope.partition(":")[2]


def target_from_words(services: Services, words: tuple[str, ...]) -> tuple[str, int | None] | None:
    """(part, level or None to remove it) from "steg 3 nivå 2", "styrning nivå 3", "nivå 2", "steg 3 ingen"."""
    if not words or words[-1] not in (*NONE_WORDS, "1", "2", "3"):
        return None
    level = None if words[-1] in NONE_WORDS else int(words[-1])
    named = [word for word in words[:-1] if word not in LEVEL_WORDS]
    scope = scope_from_words(services.model, named) if named else ALL
    return None if scope is None else (part_of(scope), level)


@dataclass
class TargetChange:
    organisation_id: str
    words: tuple[str, ...]
    part: str | None = None  # chosen with a button


class TargetDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(TargetDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(KeepTargetDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.part_step, self.level_step, self.set_step, self.done_step]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions) -> DialogTurnResult:
        return await inner_dc.begin_dialog(self.initial_dialog_id, TargetChange(options.organisation_id,
                                                                                tuple(options.words)))

    async def part_step(self, step: WaterfallStepContext):
        change: TargetChange = step.options
        info, texts, services = TurnInfo.of(step.context), self.services.texts, self.services
        if not await services.membership.is_admin(info.speaker, change.organisation_id):
            await step.context.send_activity(texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        wanted = target_from_words(services, change.words)
        if wanted is not None:
            return await step.next(wanted)
        parts = [(part_of(scope), label) for scope, label in scope_options(services.model, texts, info.lang)]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("target_ask_part", info.lang), parts, intro=texts("target_how", info.lang)))

    async def level_step(self, step: WaterfallStepContext):
        change: TargetChange = step.options
        if isinstance(step.result, tuple):  # typed in full
            return await step.next(step.result)
        change.part = step.result
        info, texts, model = TurnInfo.of(step.context), self.services.texts, self.services.model
        levels = [(str(level.value), texts.level(model, level.value, info.lang)) for level in model.levels]
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("target_ask_level", info.lang, part=part_name(self.services, change.part, info.lang)),
            levels + [(NO_LEVEL, texts("target_no_level", info.lang))]))

    async def set_step(self, step: WaterfallStepContext):
        change: TargetChange = step.options
        info, texts, services = TurnInfo.of(step.context), self.services.texts, self.services
        if isinstance(step.result, tuple):
            part, level = step.result
        else:
            part, level = change.part, None if step.result == NO_LEVEL else int(step.result)
        organisation = await services.membership.organisation(info.speaker, change.organisation_id)
        await services.assessments.set_target(change.organisation_id, with_target(organisation.target, part, level))
        name = part_name(services, part, info.lang)
        if level is None:
            await step.context.send_activity(texts("target_removed", info.lang, part=name))
            return await step.end_dialog()
        await step.context.send_activity(texts("target_part_set", info.lang, part=name,
                                               level=texts.level(services.model, level, info.lang)))
        status = await services.assessments.status(
            await services.membership.organisation(info.speaker, change.organisation_id))
        keep = await unkept_target(services, status)
        if keep is None or keep.part != part:
            return await step.end_dialog()
        return await step.begin_dialog(KeepTargetDialog.__name__, keep)

    async def done_step(self, step: WaterfallStepContext):
        return await step.end_dialog()
