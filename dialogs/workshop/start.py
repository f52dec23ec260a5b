"""`workshop` / `gruppbedömning`: in a team channel, group chat or meeting chat bound to an organisation, the
person who types it leads a workshop (the facilitator). They choose whom it is for (the organisation as a whole or
one of its units: `workshop enhet Socialförvaltningen`, `workshop enhet Socialförvaltningen steg 1`, or a button
when the organisation has units), what to assess together and whether names show when the answers are revealed;
then the first question's card is posted for everyone. From there the workshop runs on its cards
(dialogs/workshop/desk.py), not in anyone's dialog."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.dialogs import ComponentDialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from dialogs.assessment.scope import scope_from_words, scope_name, scope_options
from dialogs.assessment.whom import chosen_unit, named_unit, whom_options
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.members.role import RoleDialog, RoleOptions
from dialogs.units.named import unit_and_scope, unit_words
from dialogs.workshop.view import WorkshopView
from services.workshops import WorkshopOpen

NAMES, NO_NAMES = "names", "no names"


@dataclass
class WorkshopPlan:
    organisation_id: str
    words: tuple[str, ...] = ()  # after the command: a scope, as after "start", or "enhet" and a unit's name
    scope: str | None = None
    unit_id: int | None = None  # None: the organisation as a whole
    unit_name: str = ""
    whom_hint: bool = False  # the organisation has more units than buttons: say how to name one


class WorkshopDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(WorkshopDialog.__name__)
        self.services, self.view = services, WorkshopView(services)
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(RoleDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.open_step, self.whom_step, self.scope_step,
                                                  self.names_step, self.start_step]))
        self.initial_dialog_id = "steps"

    async def on_begin_dialog(self, inner_dc: DialogContext, options: FeatureOptions) -> DialogTurnResult:
        return await inner_dc.begin_dialog(self.initial_dialog_id, WorkshopPlan(options.organisation_id,
                                                                                tuple(options.words)))

    async def open_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        if info.personal:
            await step.context.send_activity(texts("ws_personal_chat", info.lang))
            return await step.end_dialog()
        current = await self.services.workshops.current(info.speaker)
        if current is not None:
            await step.context.send_activity(texts("ws_already_open", info.lang, number=current.position + 1,
                                                   total=len(current.rows), leader=current.led_by_name))
            return await step.end_dialog()
        plan: WorkshopPlan = step.options
        return await step.begin_dialog(RoleDialog.__name__, RoleOptions(plan.organisation_id, first=True))

    async def whom_step(self, step: WaterfallStepContext):
        plan: WorkshopPlan = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        named = unit_words(self.services, plan.words)
        if named is not None:  # "workshop enhet Socialförvaltningen [steg 1]"
            unit, plan.scope = await unit_and_scope(self.services, plan.organisation_id, named)
            if unit is None:
                unit, problem = await named_unit(self.services, step.context, plan.organisation_id, named)
                if problem:
                    await step.context.send_activity(problem)
                    return await step.end_dialog()
            return await step.next(f"unit:{unit.id}")
        plan.scope = scope_from_words(self.services.model, list(plan.words))
        choices = await whom_options(self.services, plan.organisation_id, info.organisation.name, info.lang)
        plan.whom_hint = choices == []
        if not choices:
            return await step.next(None)
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(texts("ws_ask_whom", info.lang), choices))

    async def scope_step(self, step: WaterfallStepContext):
        plan: WorkshopPlan = step.options
        info, texts = TurnInfo.of(step.context), self.services.texts
        unit = await chosen_unit(self.services, plan.organisation_id, step.result)
        plan.unit_id, plan.unit_name = (unit.id, unit.name) if unit else (None, "")
        if plan.scope:
            return await step.next(plan.scope)
        intro = texts("ws_whom_typed_hint", info.lang, name=info.organisation.name) if plan.whom_hint else None
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ws_ask_scope", info.lang), scope_options(self.services.model, texts, info.lang), intro))

    async def names_step(self, step: WaterfallStepContext):
        plan: WorkshopPlan = step.options
        plan.scope = step.result
        lang, texts = TurnInfo.of(step.context).lang, self.services.texts
        return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
            texts("ws_ask_names", lang), [(NAMES, texts.plain("ws_names_yes", lang)),
                                          (NO_NAMES, texts.plain("ws_names_no", lang))]))

    async def start_step(self, step: WaterfallStepContext):
        info, texts = TurnInfo.of(step.context), self.services.texts
        plan: WorkshopPlan = step.options
        scope, show_names = plan.scope, step.result == NAMES
        try:
            workshop = await self.services.workshops.start(info.speaker, plan.organisation_id, scope, show_names,
                                                           plan.unit_id)
        except WorkshopOpen:
            await step.context.send_activity(texts("ws_started_elsewhere", info.lang))
            return await step.end_dialog()
        name = scope_name(self.services.model, texts, scope, info.lang)
        await step.context.send_activity(texts("ws_started_names" if show_names else "ws_started_anonymous",
                                               info.lang, scope=name, count=len(workshop.rows),
                                               leader=workshop.led_by_name))
        if plan.unit_id is not None:
            await step.context.send_activity(texts("ws_for_unit", info.lang, unit=plan.unit_name,
                                                   name=info.organisation.name))
        await step.context.send_activity(await self.view.question(workshop))
        return await step.end_dialog()
