"""The action plan: shows the items and the next steps, and routes "klar 2", "skjut upp 2" and the
buttons to the dialogs that add or change an item. `plan enhet Socialförvaltningen` is that unit's plan: its
items and the next steps from its answers; `plan enhet Socialförvaltningen 2` adds its next step 2. Items are
numbered across the organisation, so "klar 3" works from either plan."""
from __future__ import annotations

from dataclasses import replace

from botbuilder.dialogs import (
    ComponentDialog, Dialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext,
)

from bot.cards.plan import PlanLine, plan_card
from dialogs.assessment.summary import next_step_lines
from dialogs.assessment.whom import named_unit
from dialogs.dates import day_in_sweden
from dialogs.plan.add_item import AddItemDialog, AddItemOptions
from dialogs.plan.change_item import ChangeItemDialog, ChangeOptions
from dialogs.plan.words import (
    PlanAction, PlanRequest, add_click, day_text, item_click, next_step_click, plan_request, typed_request,
)
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.plan.keep import part_name
from dialogs.units.named import unit_and_rest, unit_words
from services.plan import DONE, OPEN, OVERDUE, POSTPONED, ActionItem, Period, PlanView

STATUS_TEXT = {OPEN: "plan_status_open", POSTPONED: "plan_status_postponed", DONE: "plan_status_done",
               OVERDUE: "plan_status_overdue"}
# What to type, shown when an action is typed without the item's number.
EXAMPLE_TEXT = {PlanAction.DONE: "plan_example_done", PlanAction.POSTPONE: "plan_example_postpone",
                PlanAction.REASSIGN: "plan_example_reassign", PlanAction.DELETE: "plan_example_delete"}
# The buttons under an open item, and under every item.
ITEM_BUTTONS = (("plan_button_done", PlanAction.DONE, {}),
                ("plan_button_week", PlanAction.POSTPONE, {"by": Period.WEEK.value}),
                ("plan_button_reassign", PlanAction.REASSIGN, {}))
DELETE_BUTTON = ("plan_button_delete", PlanAction.DELETE, {})
SHOWN = "shown"  # key, in the typed-action prompt's state, of the request whose plan is shown


class PlanDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(PlanDialog.__name__)
        self.services = services
        self.add_dialog(_TypedActionPrompt(services))
        self.add_dialog(AddItemDialog(services))
        self.add_dialog(ChangeItemDialog(services))
        self.add_dialog(WaterfallDialog("steps", [self.route_step, self.typed_step]))
        self.initial_dialog_id = "steps"

    async def route_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        activity, texts = step.context.activity, self.services.texts
        named = unit_words(self.services, options.words)  # "plan enhet Socialförvaltningen 2"
        if named is None:
            request = plan_request(texts, options.words, activity.value, activity.text)
            unit, problem = await named_unit(self.services, step.context, options.organisation_id, None)  # clicked
        else:
            unit, request = await unit_and_rest(self.services, options.organisation_id, named,
                                                lambda rest: plan_request(texts, rest, text=activity.text))
            problem = None if unit else (await named_unit(self.services, step.context, options.organisation_id,
                                                          named))[1]
        if problem:
            await step.context.send_activity(problem)
            return await step.end_dialog()
        request = request or PlanRequest(PlanAction.LIST)
        if unit is not None:
            request = replace(request, unit_id=unit.id, unit_name=unit.name)
        return await self._run(step, request)

    async def typed_step(self, step: WaterfallStepContext):
        """After the list, an action typed while it was shown; after anything else, the end."""
        if not isinstance(step.result, PlanRequest):
            return await step.end_dialog(step.result)
        return await self._run(step, step.result)

    async def _run(self, step: WaterfallStepContext, request: PlanRequest) -> DialogTurnResult:
        info, texts = TurnInfo.of(step.context), self.services.texts
        organisation_id = step.options.organisation_id
        if request.organisation_id not in (None, organisation_id):
            await step.context.send_activity(texts("plan_other_organisation", info.lang))
            return await step.end_dialog()
        if request.action is PlanAction.LIST:
            view = await self.services.plan.view(info.tenant_id, organisation_id, request.unit_id)
            if view is None:
                return await step.end_dialog()
            await self._show(step.context, view)
            return await step.begin_dialog(_TypedActionPrompt.__name__, request)
        if request.action is PlanAction.ADD:
            return await self._add(step, request)
        if request.number is None:
            example = texts(EXAMPLE_TEXT[request.action], info.lang)
            await step.context.send_activity(texts("plan_which_number", info.lang, example=example))
            return await step.end_dialog()
        return await step.begin_dialog(ChangeItemDialog.__name__, ChangeOptions(organisation_id, request))

    async def _add(self, step: WaterfallStepContext, request: PlanRequest) -> DialogTurnResult:
        plan, info, organisation_id = self.services.plan, TurnInfo.of(step.context), step.options.organisation_id
        unit_id, unit_name = request.unit_id, request.unit_name
        found = plan.step(request.row, request.level)  # a button names the step it was shown for
        if found is None and request.number is not None:
            steps = await plan.next_steps(info.tenant_id, organisation_id, unit_id)
            if not 1 <= request.number <= len(steps):
                await step.context.send_activity(self.services.texts(
                    "plan_no_such_unit_recommendation" if unit_id else "plan_no_such_recommendation", info.lang,
                    number=request.number, unit=unit_name))
                return await step.end_dialog()
            found = steps[request.number - 1]
        if found is None:
            return await step.begin_dialog(AddItemDialog.__name__, AddItemOptions(
                organisation_id, unit_id=unit_id, unit_name=unit_name))
        return await step.begin_dialog(AddItemDialog.__name__, AddItemOptions(
            organisation_id, found.row.key, found.row.rung(found.level).action(info.lang), unit_id=unit_id,
            unit_name=unit_name))

    async def _show(self, context, view: PlanView) -> None:
        lang, texts = TurnInfo.of(context).lang, self.services.texts
        unit, name = view.unit, view.organisation.name
        if unit is None:  # the organisation's plan: every item, a unit's named by its unit
            title, empty = texts("plan_title", lang, name=name), texts("plan_empty", lang)
            steps_title = texts("plan_recommendations", lang)
        else:
            title = texts("plan_unit_title", lang, unit=unit.name, name=name)
            empty = texts("plan_unit_empty", lang, unit=unit.name)
            steps_title = texts("plan_unit_recommendations", lang)
        unit_id = unit and unit.id
        lines = [self._line(item, lang, view.unit_names.get(item.unit_id)) for item in view.items] or [
            PlanLine(empty, [])]
        add = texts("plan_add_recommendation", lang)
        steps = [PlanLine(line, [(add, next_step_click(found, unit_id))])
                 for found, line in zip(view.next_steps, next_step_lines(self.services, view.next_steps, lang))]
        buttons = [(texts("plan_add_own", lang), add_click(unit_id))]
        await context.send_activity(plan_card(title, lines, steps_title, steps, buttons, texts("plan_hint", lang)))

    def _line(self, item: ActionItem, lang: str, unit_name: str | None = None) -> PlanLine:
        texts = self.services.texts
        status = item.status_on(day_in_sweden(self.services.clock()))
        what = item.what
        if item.part:  # what keeps a reached target: its own kind of item
            what = texts("plan_kept_line", lang, part=part_name(self.services, item.part, lang), what=item.what)
        if unit_name is not None:  # a unit's item in the organisation's plan
            what = texts("plan_unit_item", lang, unit=unit_name, what=what)
        text = texts("plan_item_line", lang, number=item.number, what=what, owner=item.owner_name,
                     due=day_text(item.due_on, lang), status=texts(STATUS_TEXT[status], lang))
        buttons = (*([] if status == DONE else ITEM_BUTTONS), DELETE_BUTTON)
        return PlanLine(text, [(texts(key, lang), item_click(item, action, **more)) for key, action, more in buttons])


class _TypedActionPrompt(Dialog):
    """Waits, while the plan is shown, for an action typed without "plan" first: "klar 2"; on a unit's plan, "2"
    takes that unit's next step 2."""

    def __init__(self, services: Services) -> None:
        super().__init__(_TypedActionPrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: PlanRequest | None = None) -> DialogTurnResult:
        dc.active_dialog.state[SHOWN] = options
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        request = typed_request(self.services.texts, dc.context.activity.text, TurnInfo.of(dc.context).command)
        if request is not None and request.action is not PlanAction.LIST:
            shown: PlanRequest | None = dc.active_dialog.state.get(SHOWN)
            if shown is not None and shown.unit_id is not None:
                request = replace(request, unit_id=shown.unit_id, unit_name=shown.unit_name)
            return await dc.end_dialog(request)  # straight to the plan's next step
        await dc.context.send_activity(self.services.texts("plan_not_understood", TurnInfo.of(dc.context).lang))
        return Dialog.end_of_turn
