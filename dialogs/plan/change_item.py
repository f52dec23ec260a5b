"""Changes one action in the plan: done (then the row's question again, so the level follows),
postponed, given a new owner, or deleted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext
from dateutil.relativedelta import relativedelta

from storage import ActionItem
from storage.plans import DONE
from services.reminders import forget_item, plan_item
from dialogs.choice import ChoiceOptions, ChoicePrompt
from dialogs.dates import day_in_sweden, read_date
from dialogs.plan.due import ask_date, date_prompt
from dialogs.plan.owner import OwnerPrompt, owner_from_dict
from dialogs.plan.words import PlanAction, PlanRequest, day_text
from dialogs.assessment.rows import RowQuestions, RowSheet
from dialogs.questions import Asking, QuestionsDialog
from dialogs.context import Services, TurnInfo

POSTPONE_BY = {"week": relativedelta(weeks=1), "month": relativedelta(months=1)}
YES, NO = "yes", "no"


@dataclass
class ChangeOptions:
    organisation_id: str
    request: PlanRequest  # with the item's number

    def to_dict(self) -> dict:
        return {"organisation_id": self.organisation_id, "request": self.request.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "ChangeOptions":
        return cls(data["organisation_id"], PlanRequest.from_dict(data["request"]))


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
        step.values["options"] = options.to_dict()
        request, texts, lang = options.request, self.services.texts, TurnInfo.of(step.context).lang
        item = await self.services.database.action_items.get(options.organisation_id, request.number)
        if request.item_id is not None and (item is None or item.id != request.item_id):
            # The card's item was deleted, and its number may since have gone to another item.
            await step.context.send_activity(texts("plan_item_gone", lang))
            return await step.end_dialog()
        if item is None:
            await step.context.send_activity(texts("plan_no_such_item", lang, number=request.number))
            return await step.end_dialog()
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
        options = ChangeOptions.from_dict(step.values["options"])
        action, number = options.request.action, options.request.number
        database, texts, lang = self.services.database, self.services.texts, TurnInfo.of(step.context).lang
        if action is PlanAction.POSTPONE:
            item = await database.action_items.get(options.organisation_id, number)
            if item is not None:
                await self._save_postponed(step, item, date.fromisoformat(step.result))
        elif action is PlanAction.REASSIGN:
            now = self.services.clock()
            item = await database.action_items.reassign(options.organisation_id, number, owner_from_dict(step.result),
                                                        now)
            if item is not None:
                await plan_item(database, item, now)
                await step.context.send_activity(texts("plan_reassigned", lang, owner=item.owner_name, number=number))
        elif action is PlanAction.DELETE and step.result == YES:
            item = await database.action_items.delete(options.organisation_id, number)
            if item is not None:
                await forget_item(database, item)
            await step.context.send_activity(texts("plan_deleted", lang, number=number))
        elif action is PlanAction.DELETE:
            await step.context.send_activity(texts("plan_kept", lang, number=number))
        return await step.end_dialog()

    async def _done(self, step: WaterfallStepContext, item: ActionItem):
        texts, lang, database = self.services.texts, TurnInfo.of(step.context).lang, self.services.database
        if item.status == DONE:
            await step.context.send_activity(texts("plan_already_done", lang, number=item.number))
            return await step.end_dialog()
        await database.action_items.mark_done(item.organisation_id, item.number, self.services.clock())
        await forget_item(database, item)
        await step.context.send_activity(texts("plan_done", lang, number=item.number))
        if item.row_key is None or item.row_key not in self.services.model.by_key:
            return await step.end_dialog()
        await step.context.send_activity(texts("plan_reassess_row", lang, topic=self.services.model.row(item.row_key).topic(lang)))
        return await step.begin_dialog(RowQuestions.__name__, Asking(RowSheet(item.organisation_id), [item.row_key]))

    async def _postpone(self, step: WaterfallStepContext, item: ActionItem, when: str | None):
        """By a week or a month from a button, or to a typed date; asks for a date when there is none to use."""
        texts, lang = self.services.texts, TurnInfo.of(step.context).lang
        today = day_in_sweden(self.services.clock())
        if when in POSTPONE_BY:
            due = max(item.due_on, today) + POSTPONE_BY[when]
        else:
            due = read_date(when, today) if when else None
        if isinstance(due, date):
            await self._save_postponed(step, item, due)
            return await step.end_dialog()
        if due is not None:
            await step.context.send_activity(texts(f"plan_due_{due.value}", lang))
        return await ask_date(step, texts("plan_ask_postpone", lang, number=item.number))

    async def _save_postponed(self, step: WaterfallStepContext, item: ActionItem, due: date) -> None:
        database, now, lang = self.services.database, self.services.clock(), TurnInfo.of(step.context).lang
        changed = await database.action_items.postpone(item.organisation_id, item.number, due, now)
        if changed is not None:
            await plan_item(database, changed, now)
        await step.context.send_activity(self.services.texts("plan_postponed", lang, number=item.number,
                                                             due=day_text(due, lang)))
