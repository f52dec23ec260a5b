"""The action plan: shows the items and the next steps, and routes "klar 2", "skjut upp 2" and the
buttons to the dialogs that add or change an item."""
from __future__ import annotations

from botbuilder.dialogs import (
    ComponentDialog, Dialog, DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext,
)

from storage import ActionItem, Organisation
from storage.plans import DONE
from bot.cards.plan import PlanLine, plan_card
from dialogs.dates import day_in_sweden
from dialogs.plan.change_item import ChangeItemDialog, ChangeOptions
from dialogs.plan.add_item import AddItemDialog, AddItemOptions
from dialogs.plan.words import PlanAction, PlanRequest, day_text, plan_request, typed_request
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.assessment.summary import current_answers, next_step_lines
from model.scoring import Recommendation, recommendations

NEXT_STEPS = 5  # as many as the status card shows, so "plan 1" means the same step there
EXAMPLE_WORDS = {"sv": {PlanAction.DONE: "klar", PlanAction.POSTPONE: "skjut upp", PlanAction.REASSIGN: "ny ansvarig",
                         PlanAction.DELETE: "ta bort"},
                  "en": {PlanAction.DONE: "done", PlanAction.POSTPONE: "postpone", PlanAction.REASSIGN: "reassign",
                         PlanAction.DELETE: "delete"}}


async def next_steps(services: Services, organisation: Organisation) -> list[Recommendation]:
    answers = await current_answers(services, organisation.id)
    return recommendations(services.model, answers, organisation.target, NEXT_STEPS)


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
        step.values["organisation_id"] = options.organisation_id
        activity = step.context.activity
        request = plan_request(options.words, activity.value, activity.text) or PlanRequest(PlanAction.LIST)
        return await self._run(step, request)

    async def typed_step(self, step: WaterfallStepContext):
        if not step.values.pop("listed", False):
            return await step.end_dialog(step.result)
        return await self._run(step, PlanRequest.from_dict(step.result))

    async def _run(self, step: WaterfallStepContext, request: PlanRequest) -> DialogTurnResult:
        info, texts = TurnInfo.of(step.context), self.services.texts
        organisation_id = step.values["organisation_id"]
        if request.organisation_id not in (None, organisation_id):
            await step.context.send_activity(texts("plan_other_organisation", info.lang))
            return await step.end_dialog()
        if request.action is PlanAction.LIST:
            await self._show(step.context)
            step.values["listed"] = True
            return await step.begin_dialog(_TypedActionPrompt.__name__)
        if request.action is PlanAction.ADD:
            return await self._add(step, request)
        if request.number is None:
            example = EXAMPLE_WORDS[info.lang][request.action]
            await step.context.send_activity(texts("plan_which_number", info.lang, example=example))
            return await step.end_dialog()
        return await step.begin_dialog(ChangeItemDialog.__name__, ChangeOptions(organisation_id, request))

    async def _add(self, step: WaterfallStepContext, request: PlanRequest) -> DialogTurnResult:
        info, model = TurnInfo.of(step.context), self.services.model
        organisation = info.organisation
        if request.row in model.by_key and request.level in range(1, len(model.levels) + 1):
            # A button names the step it was shown for, whatever the next steps are now.
            row, level = model.row(request.row), request.level
        elif request.number is not None:
            found = await next_steps(self.services, organisation)
            if not 1 <= request.number <= len(found):
                await step.context.send_activity(self.services.texts("plan_no_such_recommendation", info.lang,
                                                                     number=request.number))
                return await step.end_dialog()
            row, level = found[request.number - 1].row, found[request.number - 1].level
        else:
            return await step.begin_dialog(AddItemDialog.__name__, AddItemOptions(organisation.id))
        return await step.begin_dialog(AddItemDialog.__name__, AddItemOptions(
            organisation.id, row.key, row.rung(level).action(info.lang)))

    async def _show(self, context) -> None:
        info, texts, database = TurnInfo.of(context), self.services.texts, self.services.database
        organisation = info.organisation
        items = await database.action_items.list(organisation.id)
        lines = [self._line(item, info.lang) for item in items] or [PlanLine(texts("plan_empty", info.lang), [])]
        found = await next_steps(self.services, organisation)
        add = texts("plan_add_recommendation", info.lang)
        # Each button names the step it was shown for, whatever the next steps are when it is clicked.
        steps = [PlanLine(line, [(add, {"command": "plan", "action": "add", "row": r.row.key, "level": r.level})])
                 for r, line in zip(found, next_step_lines(self.services, found, info.lang))]
        buttons = [(texts("plan_add_own", info.lang), {"command": "plan", "action": "add"})]
        await context.send_activity(plan_card(texts("plan_title", info.lang, name=organisation.name), lines,
                                              texts("plan_recommendations", info.lang), steps, buttons,
                                              texts("plan_hint", info.lang)))

    def _line(self, item: ActionItem, lang: str) -> PlanLine:
        texts = self.services.texts
        status = item.status_on(day_in_sweden(self.services.clock()))
        text = texts("plan_item_line", lang, number=item.number, what=item.what, owner=item.owner_name,
                     due=day_text(item.due_on, lang), status=texts(f"plan_status_{status}", lang))
        actions = [] if status == DONE else [
            ("plan_button_done", {"action": "done"}), ("plan_button_week", {"action": "postpone", "by": "week"}),
            ("plan_button_reassign", {"action": "reassign"})]
        actions.append(("plan_button_delete", {"action": "delete"}))
        return PlanLine(text, [(texts(key, lang), {"command": "plan", "item": item.number, "item_id": item.id, **data})
                               for key, data in actions])


class _TypedActionPrompt(Dialog):
    """Waits, while the plan is shown, for an action typed without "plan" first: "klar 2"."""

    def __init__(self, services: Services) -> None:
        super().__init__(_TypedActionPrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: object = None) -> DialogTurnResult:
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        request = typed_request(dc.context.activity.text)
        if request is not None and request.action is not PlanAction.LIST:
            return await dc.end_dialog(request.to_dict())
        await dc.context.send_activity(self.services.texts("plan_not_understood", TurnInfo.of(dc.context).lang))
        return Dialog.end_of_turn
