"""Changes one action in the plan: done (then the row's question again, so the level follows),
postponed, given a new owner, or deleted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import day_in_sweden, read_date
from dialogs.plan.due import DATE_PROBLEM_TEXT, ask_date, date_prompt
from dialogs.plan.owner import OwnerPrompt
from dialogs.plan.words import PlanAction, PlanRequest, day_text
from dialogs.assessment.rows import RowQuestions, RowSheet
from dialogs.questions import Asking, QuestionsDialog
from dialogs.context import Services, TurnInfo
from services.plan import DONE, ActionItem, Period

YES, NO = "yes", "no"


@dataclass
class ChangeOptions:
    organisation_id: str
    request: PlanRequest  # with the item's number
    item_id: int | None = None  # learned: the item the number named when the change was asked for


class ChangeItemDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ChangeItemDialog.__name__)
        self.services = services
        self.add_dialog(ChoicePrompt(services))
        self.add_dialog(OwnerPrompt(services))
        self.add_dialog(QuestionsDialog(services, RowQuestions(services)))
        self.add_dialog(date_prompt(services))
        self.add_dialog(WaterfallDialog("steps", [self.ask_step, self.apply_step]))
        self.initial_dialog_id = "steps"

    async def ask_step(self, step: WaterfallStepContext):
        options: ChangeOptions = step.options
        request, texts, lang = options.request, self.services.texts, TurnInfo.of(step.context).lang
        item = await self.services.plan.item(options.organisation_id, request.number)
        if request.item_id is not None and (item is None or item.id != request.item_id):
            # The card's item was deleted, and its number may since have gone to another item.
            await step.context.send_activity(texts("plan_item_gone", lang))
            return await step.end_dialog()
        if item is None:
            await step.context.send_activity(texts("plan_no_such_item", lang, number=request.number))
            return await step.end_dialog()
        options.item_id = item.id
        if request.action is PlanAction.DONE:
            return await self._done(step, item)
        if request.action is PlanAction.REASSIGN:
            return await step.begin_dialog(OwnerPrompt.__name__)
        if request.action is PlanAction.DELETE:
            return await step.begin_dialog(ChoicePrompt.__name__, ChoiceOptions(
                texts("plan_ask_delete", lang, number=item.number, what=item.what),
                [(YES, texts("plan_yes_delete", lang)), (NO, texts("plan_keep", lang))]))
        return await self._postpone(step, item, request.when)

    async def apply_step(self, step: WaterfallStepContext):
        options: ChangeOptions = step.options
        plan, organisation_id, item_id = self.services.plan, options.organisation_id, options.item_id
        action, number = options.request.action, options.request.number
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        if action is PlanAction.POSTPONE:
            await self._said_postponed(step, await plan.postpone(organisation_id, item_id,
                                                                 date.fromisoformat(step.result)))
        elif action is PlanAction.REASSIGN:
            item = await plan.reassign(organisation_id, item_id, step.result)
            if item is not None:
                await step.context.send_activity(texts("plan_reassigned", lang, owner=item.owner_name, number=number))
        elif action is PlanAction.DELETE and step.result == YES:
            await plan.delete(organisation_id, item_id)
            await step.context.send_activity(texts("plan_deleted", lang, number=number))
        elif action is PlanAction.DELETE:
            await step.context.send_activity(texts("plan_kept", lang, number=number))
        return await step.end_dialog()

    async def _done(self, step: WaterfallStepContext, item: ActionItem):
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        if item.status == DONE:
            await step.context.send_activity(texts("plan_already_done", lang, number=item.number))
            return await step.end_dialog()
        await self.services.plan.done(item.organisation_id, item.id)
        await step.context.send_activity(texts("plan_done", lang, number=item.number))
        if item.row_key is None or item.row_key not in self.services.model.by_key:
            return await step.end_dialog()
        topic = self.services.model.row(item.row_key).topic(lang)
        if item.unit_id is None:
            await step.context.send_activity(texts("plan_reassess_row", lang, topic=topic))
            return await step.begin_dialog(RowQuestions.__name__, Asking(RowSheet(item.organisation_id),
                                                                         [item.row_key]))
        # A unit's item: the question again for the unit, whose answer it is.
        unit = await self.services.units.get(item.organisation_id, item.unit_id)
        if unit is None:
            return await step.end_dialog()
        await step.context.send_activity(texts("plan_reassess_row_unit", lang, topic=topic, unit=unit.name))
        return await step.begin_dialog(RowQuestions.__name__, Asking(
            RowSheet(item.organisation_id, unit_id=unit.id, unit_name=unit.name), [item.row_key]))

    async def _postpone(self, step: WaterfallStepContext, item: ActionItem, when: str | None):
        """By a week or a month from a button, or to a typed date; asks for a date when there is none to use."""
        plan, texts, lang = self.services.plan, self.services.texts, TurnInfo.of(step.context).lang
        if when in {period.value for period in Period}:
            await self._said_postponed(step, await plan.postpone_by(item.organisation_id, item.id, Period(when)))
            return await step.end_dialog()
        due = read_date(when, day_in_sweden(self.services.clock())) if when else None
        if isinstance(due, date):
            await self._said_postponed(step, await plan.postpone(item.organisation_id, item.id, due))
            return await step.end_dialog()
        if due is not None:
            await step.context.send_activity(texts(DATE_PROBLEM_TEXT[due], lang))
        return await ask_date(step, texts("plan_ask_postpone", lang, number=item.number))

    async def _said_postponed(self, step: WaterfallStepContext, item: ActionItem | None) -> None:
        if item is not None:  # else deleted by someone else meanwhile
            lang = TurnInfo.of(step.context).lang
            await step.context.send_activity(self.services.texts("plan_postponed", lang, number=item.number,
                                                                 due=day_text(item.due_on, lang)))
