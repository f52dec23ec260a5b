"""The action plan: its items, the next steps they come from, and whether reminders may come. Every change
to an item plans its reminders again, here and nowhere else (`_changed`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Callable
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from model.schedule import local_date
from model.scoring import Recommendation, recommendations
from model.types import Model
from services.speaker import Speaker
from services.reminders import ITEM_KINDS, item_nudges
from storage import Database, Organisation, Unit
from storage.plans import ACTION, DONE, OPEN, OVERDUE, POSTPONED, STAY, ActionItem, NewActionItem, Owner
from storage.reminders import CONVERSATION, USER

# Handed out to dialogs, which never import storage.
__all__ = ["ActionItem", "ActionPlan", "CONVERSATION", "DONE", "OPEN", "OVERDUE", "Owner", "POSTPONED", "Period",
           "PlanView", "Speaker", "USER"]

NEXT_STEPS = 5  # as many as the status card shows, so "plan 1" means the same step there
UNTIL_DECIDED = timedelta(days=30)  # the due date an item has until one is given
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Period(str, Enum):
    """How far the buttons on the plan and on a reminder postpone an item."""

    WEEK = "week"
    MONTH = "month"


POSTPONE_BY = {Period.WEEK: relativedelta(weeks=1), Period.MONTH: relativedelta(months=1)}


@dataclass(frozen=True)
class PlanView:
    organisation: Organisation
    items: list[ActionItem]  # by due date
    next_steps: list[Recommendation]  # numbered from 1 as people refer to them ("plan 1", "plan enhet X 1")
    unit: Unit | None = None  # a unit's plan: its own items and next steps; None: the organisation's, every item
    unit_names: dict[int, str] = field(default_factory=dict)  # the organisation's plan: whose each unit's item is


class ActionPlan:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock

    async def view(self, tenant_id: str, organisation_id: str, unit_id: int | None = None) -> PlanView | None:
        """The organisation's plan: every item, its units' too, and the organisation's own next steps; or
        (`unit_id`) one unit's items and the next steps from its answers. None: no such organisation or unit."""
        organisation = await self._database.organisations.get(tenant_id, organisation_id)
        if organisation is None:
            return None
        items = await self.items(organisation_id)
        if unit_id is None:
            names = {unit.id: unit.name for unit in await self._database.units.list(organisation_id)}
            return PlanView(organisation, items, await self._next_steps(organisation), unit_names=names)
        unit = await self._database.units.get(organisation_id, unit_id)
        if unit is None:
            return None
        return PlanView(organisation, [item for item in items if item.unit_id == unit_id],
                        await self._next_steps(organisation, unit_id), unit)

    async def items(self, organisation_id: str) -> list[ActionItem]:
        return await self._database.action_items.list(organisation_id)

    async def kept_parts(self, organisation_id: str) -> set[str]:
        """The parts of the model whose reached target the plan says how to keep (asked once per part)."""
        return {item.part for item in await self._database.action_items.list(organisation_id)
                if item.kind == STAY and item.part}

    async def item(self, organisation_id: str, number: int) -> ActionItem | None:
        """By the number people see and type, shared by the organisation and its units."""
        return await self._database.action_items.get(organisation_id, number)

    async def next_steps(self, tenant_id: str, organisation_id: str, unit_id: int | None = None
                         ) -> list[Recommendation]:
        """The rungs to climb towards the organisation's target, most pressing first: from the organisation's own
        answers, or from one unit's (`unit_id`)."""
        organisation = await self._database.organisations.get(tenant_id, organisation_id)
        return [] if organisation is None else await self._next_steps(organisation, unit_id)

    def step(self, row_key: str | None, level: int | None) -> Recommendation | None:
        """A next step as a button names it, whatever the next steps are now; None if the model has no such step."""
        if row_key not in self._model.by_key or level not in range(1, len(self._model.levels) + 1):
            return None
        return Recommendation(self._model.row(row_key), level)

    async def add(self, organisation_id: str, what: str, row_key: str | None, author: Speaker,
                  owner: Owner | None = None, due_on: date | None = None, kept_part: str | None = None,
                  unit_id: int | None = None) -> ActionItem:
        """Saved as soon as its "what" is known: until told otherwise its author owns it, due a month ahead.
        `kept_part`: the item says what keeps the target reached in that part of the model (a STAY item).
        `unit_id`: the item is that unit's; its number is the organisation's all the same."""
        item = await self._database.action_items.add(NewActionItem(
            organisation_id, what, row_key, owner or Owner(author.user_name, author.user_id),
            due_on or self._today() + UNTIL_DECIDED, author.tenant_id, author.conversation_id, author.lang,
            author.user_id, STAY if kept_part else ACTION, kept_part, unit_id), self._clock())
        return await self._changed(item)

    async def set_due(self, organisation_id: str, item_id: int, due_on: date) -> ActionItem | None:
        return await self._changed(await self._database.action_items.set_due(
            organisation_id, item_id, due_on, self._clock()))

    async def done(self, organisation_id: str, item_id: int) -> ActionItem | None:
        return await self._changed(await self._database.action_items.mark_done(organisation_id, item_id, self._clock()))

    async def postpone(self, organisation_id: str, item_id: int, due_on: date) -> ActionItem | None:
        return await self._changed(await self._database.action_items.postpone(
            organisation_id, item_id, due_on, self._clock()))

    async def postpone_by(self, organisation_id: str, item_id: int, period: Period) -> ActionItem | None:
        """From its due date, or from today when that has passed: a week's grace is a week from now."""
        items = await self._database.action_items.by_ids([item_id])
        item = items.get(item_id)
        if item is None or item.organisation_id != organisation_id:
            return None
        return await self.postpone(organisation_id, item_id, max(item.due_on, self._today()) + POSTPONE_BY[period])

    async def reassign(self, organisation_id: str, item_id: int, owner: Owner) -> ActionItem | None:
        return await self._changed(await self._database.action_items.reassign(
            organisation_id, item_id, owner, self._clock()))

    async def delete(self, organisation_id: str, item_id: int) -> ActionItem | None:
        return await self._changed(await self._database.action_items.delete(organisation_id, item_id), deleted=True)

    async def pause_reminders(self, speaker: Speaker, scope: str, until: date) -> None:
        """Until the date, not through it: reminders may come again from that morning. `scope` is USER (the
        speaker's own) or CONVERSATION (everyone's in the speaker's conversation)."""
        moment = datetime.combine(until, time(0), STOCKHOLM)
        await self._database.reminder_preferences.pause(speaker.tenant_id, scope, _scope_id(speaker, scope), moment,
                                                        speaker.user_id, self._clock())

    async def stop_reminders(self, speaker: Speaker, scope: str) -> None:
        await self._database.reminder_preferences.stop(speaker.tenant_id, scope, _scope_id(speaker, scope),
                                                       speaker.user_id, self._clock())

    async def resume_reminders(self, speaker: Speaker, scope: str) -> None:
        await self._database.reminder_preferences.resume(speaker.tenant_id, scope, _scope_id(speaker, scope),
                                                         speaker.user_id, self._clock())

    async def _next_steps(self, organisation: Organisation, unit_id: int | None = None) -> list[Recommendation]:
        current = await self._database.answers.current(organisation.id, unit_id=unit_id)
        answers = {key: a.value for key, a in current.items()}
        return recommendations(self._model, answers, organisation.target, NEXT_STEPS)

    async def _changed(self, item: ActionItem | None, deleted: bool = False) -> ActionItem | None:
        """Every change ends here: the item's pending reminders are planned anew, none for a done or deleted
        item. None (the item was not there) passes through."""
        if item is None:
            return None
        nudges = self._database.nudges
        await nudges.drop_pending(ITEM_KINDS, str(item.id))
        if not deleted:
            settings = await self._database.organisation_reminders.settings({item.organisation_id})
            await nudges.schedule(item_nudges(item, settings[item.organisation_id], self._clock()))
        return item

    def _today(self) -> date:
        return local_date(self._clock())


def _scope_id(speaker: Speaker, scope: str) -> str:
    if scope not in (USER, CONVERSATION):
        raise ValueError(f"scope must be {USER!r} or {CONVERSATION!r}, not {scope!r}")
    return speaker.user_id if scope == USER else speaker.conversation_id
