"""`mål steg 3 nivå 2` / `target step 3 level 2`: an administrator sets the target for the whole model, a
step, a perspective or crisis readiness (`mål nivå 2`, `mål styrning nivå 3`, `mål steg 3 ingen` removes it).
Status shows each target beside its level; a target already reached asks what keeps the organisation there."""
from __future__ import annotations

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.assessment.scope import scope_from_words
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.plan.keep import KeepTargetDialog, part_name, unkept_target
from model.scoring import OVERALL, with_target
from model.types import CRISIS_CELL
from services.assessments import ALL, CRISIS

LEVEL_WORDS = ("nivå", "level")
NONE_WORDS = ("ingen", "inget", "none", "0")


def target_from_words(services: Services, words: tuple[str, ...]) -> tuple[str, int | None] | None:
    """(part, level or None to remove it) from "steg 3 nivå 2", "styrning nivå 3", "nivå 2", "steg 3 ingen"."""
    if not words or words[-1] not in (*NONE_WORDS, "1", "2", "3"):
        return None
    level = None if words[-1] in NONE_WORDS else int(words[-1])
    named = [word for word in words[:-1] if word not in LEVEL_WORDS]
    scope = scope_from_words(services.model, named) if named else ALL
    if scope is None:
        return None
    if scope in (ALL, CRISIS):
        return (OVERALL if scope == ALL else CRISIS_CELL), level
    return scope.partition(":")[2], level


class TargetDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(TargetDialog.__name__)
        self.services = services
        self.add_dialog(KeepTargetDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.set_step, self.done_step]))
        self.initial_dialog_id = "steps"

    async def set_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, texts, services = TurnInfo.of(step.context), self.services.texts, self.services
        wanted = target_from_words(services, options.words)
        if wanted is None:
            await step.context.send_activity(texts("target_how", info.lang))
            return await step.end_dialog()
        if not await services.membership.is_admin(info.speaker, options.organisation_id):
            await step.context.send_activity(texts("settings_admins_only", info.lang))
            return await step.end_dialog()
        part, level = wanted
        await services.assessments.set_target(options.organisation_id,
                                              with_target(info.organisation.target, part, level))
        name = part_name(services, part, info.lang)
        if level is None:
            await step.context.send_activity(texts("target_removed", info.lang, part=name))
            return await step.end_dialog()
        await step.context.send_activity(texts("target_part_set", info.lang, part=name,
                                               level=texts.level(services.model, level, info.lang)))
        organisation = await services.membership.organisation(info.speaker, options.organisation_id)
        status = await services.assessments.status(organisation)
        keep = await unkept_target(services, status)
        if keep is None or keep.part != part:
            return await step.end_dialog()
        return await step.begin_dialog(KeepTargetDialog.__name__, keep)

    async def done_step(self, step: WaterfallStepContext):
        return await step.end_dialog()
