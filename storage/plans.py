"""The action plan: who does what by when, numbered per organisation so people can say "klar 2"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import action_items, as_utc

OPEN, POSTPONED, DONE = "open", "postponed", "done"
OVERDUE = "overdue"  # shown, never stored: an open or postponed item past its due date
ACTION, STAY = "action", "stay"  # kinds of item: a step to take, or what keeps a reached target
# Two people adding an item at the same moment may pick the same number; the loser takes the next one.
NUMBER_TRIES = 5


@dataclass(frozen=True)
class Owner:
    name: str
    user_id: str | None = None  # known when picked from the conversation's members or @mentioned


@dataclass(frozen=True)
class ActionItem:
    id: int
    organisation_id: str
    number: int
    what: str
    row_key: str | None
    owner_id: str | None
    owner_name: str
    due_on: date
    status: str
    tenant_id: str
    conversation_id: str  # where the item was made; its nudges go there
    lang: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    kind: str = ACTION  # ACTION, or STAY: what keeps a reached target in `part`
    part: str | None = None
    unit_id: int | None = None  # None: the organisation itself

    @property
    def owner(self) -> Owner:
        return Owner(self.owner_name, self.owner_id)

    def status_on(self, today: date) -> str:
        return OVERDUE if self.status != DONE and self.due_on < today else self.status


@dataclass(frozen=True)
class NewActionItem:
    organisation_id: str
    what: str
    row_key: str | None
    owner: Owner
    due_on: date
    tenant_id: str
    conversation_id: str
    lang: str
    created_by: str
    kind: str = ACTION
    part: str | None = None
    unit_id: int | None = None


class ActionItems:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, item: NewActionItem, now: datetime) -> ActionItem:
        now = as_utc(now)
        values = dict(
            organisation_id=item.organisation_id, what=item.what, row_key=item.row_key, owner_id=item.owner.user_id,
            owner_name=item.owner.name, due_on=item.due_on, status=OPEN, tenant_id=item.tenant_id,
            conversation_id=item.conversation_id, lang=item.lang, created_by=item.created_by, created_at=now,
            updated_at=now, kind=item.kind, part=item.part, unit_id=item.unit_id,
        )
        next_number = sa.select(sa.func.coalesce(sa.func.max(action_items.c.number), 0) + 1).where(
            action_items.c.organisation_id == item.organisation_id).scalar_subquery()
        statement = action_items.insert().values(**values, number=next_number).returning(*action_items.c)
        for attempt in range(NUMBER_TRIES):
            try:
                async with self._engine.savepoint() as connection:
                    return ActionItem(**(await connection.execute(statement)).one()._mapping)
            except IntegrityError:
                if attempt == NUMBER_TRIES - 1:
                    raise

    async def list(self, organisation_id: str) -> list[ActionItem]:
        query = sa.select(action_items).where(action_items.c.organisation_id == organisation_id).order_by(
            action_items.c.due_on, action_items.c.number)
        async with self._engine.connect() as connection:
            return [ActionItem(**row._mapping) for row in await connection.execute(query)]

    async def get(self, organisation_id: str, number: int) -> ActionItem | None:
        return await self._one(action_items.c.organisation_id == organisation_id, action_items.c.number == number)

    async def by_ids(self, ids: list[int]) -> dict[int, ActionItem]:
        query = sa.select(action_items).where(action_items.c.id.in_(ids))
        async with self._engine.connect() as connection:
            return {row.id: ActionItem(**row._mapping) for row in await connection.execute(query)}

    # Changes name the item by id: its number may have gone to another item since it was shown.
    async def mark_done(self, organisation_id: str, item_id: int, now: datetime) -> ActionItem | None:
        return await self._update(organisation_id, item_id, now, status=DONE)

    async def set_due(self, organisation_id: str, item_id: int, due_on: date, now: datetime) -> ActionItem | None:
        return await self._update(organisation_id, item_id, now, due_on=due_on)

    async def postpone(self, organisation_id: str, item_id: int, due_on: date, now: datetime) -> ActionItem | None:
        return await self._update(organisation_id, item_id, now, status=POSTPONED, due_on=due_on)

    async def reassign(self, organisation_id: str, item_id: int, owner: Owner, now: datetime) -> ActionItem | None:
        return await self._update(organisation_id, item_id, now, owner_id=owner.user_id, owner_name=owner.name)

    async def delete(self, organisation_id: str, item_id: int) -> ActionItem | None:
        statement = action_items.delete().where(
            action_items.c.organisation_id == organisation_id, action_items.c.id == item_id,
        ).returning(*action_items.c)
        async with self._engine.begin() as connection:
            row = (await connection.execute(statement)).first()
        return None if row is None else ActionItem(**row._mapping)

    async def _update(self, organisation_id: str, item_id: int, now: datetime, **values) -> ActionItem | None:
        statement = action_items.update().where(
            action_items.c.organisation_id == organisation_id, action_items.c.id == item_id,
        ).values(**values, updated_at=as_utc(now)).returning(*action_items.c)
        async with self._engine.begin() as connection:
            row = (await connection.execute(statement)).first()
        return None if row is None else ActionItem(**row._mapping)

    async def _one(self, *conditions: sa.ColumnElement[bool]) -> ActionItem | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(sa.select(action_items).where(*conditions))).first()
        return None if row is None else ActionItem(**row._mapping)
