"""A target reached: the model's second question, "vad behöver vi göra för att stanna kvar?", and the answer
saved as a plan item of its own kind (services.plan `kept_part`), with an owner and a date like any other."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import Services, TurnInfo
from dialogs.plan.add_item import AddItemDialog, AddItemOptions
from model.scoring import reached_targets
from services.assessments import Status

WRITE, LATER = "write", "later"


@dataclass
class KeepOptions:
    organisation_id: str
    part: str  # "overall", a step, a perspective or "K" (model.scoring.target_parts)
    target: int


async def unkept_target(services: Services, status: Status) -> KeepOptions | None:
    """The first part whose own target is reached and whose plan does not yet say how to stay there."""
    kept = await services.plan.kept_parts(status.organisation.id)
    reached = [line for line in reached_targets(services.model, status.result, status.organisation.target)
               if line.part not in kept]
    return KeepOptions(status.organisation.id, reached[0].part, reached[0].target) if reached else None


def part_name(services: Services, part: str, lang: str) -> str:
    model, texts = services.model, services.texts
    if part in {step.key for step in model.steps}:
        return texts("target_part_step", lang, key=part, name=model.step(part).name(lang))
    if part in {perspective.key for perspective in model.perspectives}:
        return texts("target_part_perspective", lang, name=model.perspective(part).name(lang))
    return texts("target_part_crisis" if part == "K" else "target_part_overall", lang)


class KeepTargetDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(KeepTargetDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(AddItemDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.ask_step, self.write_step, self.done_step]))
        self.initial_dialog_id = "steps"

    async def ask_step(self, step: WaterfallStepContext):
        options: KeepOptions = step.options
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        reached = texts("keep_reached", lang, part=part_name(self.services, options.part, lang),
                        level=texts.level(self.services.model, options.target, lang))
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            self.services.model.plan_questions.stay(lang), [(WRITE, texts("keep_write", lang)),
                                                            (LATER, texts("keep_later", lang))], intro=reached))

    async def write_step(self, step: WaterfallStepContext):
        options: KeepOptions = step.options
        lang = TurnInfo.of(step.context).lang
        if step.result != WRITE:
            await step.context.send_activity(self.services.texts("keep_not_now", lang))
            return await step.end_dialog()
        return await step.begin_dialog(AddItemDialog.__name__, AddItemOptions(
            options.organisation_id, kept_part=options.part, ask=self.services.texts("keep_ask_what", lang)))

    async def done_step(self, step: WaterfallStepContext):
        return await step.end_dialog()
