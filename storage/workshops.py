"""Workshops: a group in one team or group chat answers the questions of a scope on shared cards. The workshop's
progress is kept here, keyed by its conversation, so any participant's click finds it; every participant's
vote and the answer the group agreed on are kept beside each other."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import replace_row, workshop_outcomes, workshop_votes, workshops

OPEN, PAUSED, ENDED = "open", "paused", "ended"
ASKING, REVEALED = "asking", "revealed"


@dataclass(frozen=True)
class Workshop:
    id: int
    organisation_id: str
    unit_id: int | None
    tenant_id: str
    conversation_id: str
    scope: str
    show_names: bool
    led_by: str
    led_by_name: str
    lang: str
    rows: list[str]
    position: int
    trail: list[int]
    phase: str
    card_key: str
    activity_id: str | None
    status: str
    started_at: datetime
    updated_at: datetime

    @property
    def row_key(self) -> str | None:
        return self.rows[self.position] if 0 <= self.position < len(self.rows) else None


@dataclass(frozen=True)
class Vote:
    workshop_id: int
    row_key: str
    user_id: str
    organisation_id: str
    user_name: str
    work_role: str | None
    value: int | str
    comment: str | None
    answered_at: datetime


@dataclass(frozen=True)
class Outcome:
    workshop_id: int
    row_key: str
    organisation_id: str
    value: int | str | None  # None: skipped
    comment: str | None
    decided_by: str
    decided_at: datetime


# What changes as a workshop goes on; the rest is fixed when it starts.
_MOVING = ("led_by", "led_by_name", "position", "trail", "phase", "card_key", "activity_id", "status", "updated_at")


class Workshops:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def start(self, organisation_id: str, tenant_id: str, conversation_id: str, scope: str, show_names: bool,
                    led_by: str, led_by_name: str, lang: str, rows: list[str], card_key: str, now: datetime,
                    unit_id: int | None = None) -> Workshop:
        values = dict(organisation_id=organisation_id, unit_id=unit_id, tenant_id=tenant_id,
                      conversation_id=conversation_id, scope=scope, show_names=show_names, led_by=led_by,
                      led_by_name=led_by_name, lang=lang, rows=rows, position=0, trail=[], phase=ASKING,
                      card_key=card_key, activity_id=None, status=OPEN, started_at=now, updated_at=now)
        async with self._engine.begin() as connection:
            row = (await connection.execute(workshops.insert().values(values).returning(*workshops.c))).one()
        return Workshop(**row._mapping)

    async def get(self, tenant_id: str, workshop_id: int, lock: bool = False) -> Workshop | None:
        """`lock`: held until the turn commits, so that clicks of several people on one card take turns and each
        updates the card with every answer before it (PostgreSQL; SQLite's turns take turns anyway)."""
        return await self._first(workshops.c.tenant_id == tenant_id, workshops.c.id == workshop_id, lock=lock)

    async def current(self, tenant_id: str, conversation_id: str) -> Workshop | None:
        """The conversation's workshop that is open or paused, if any."""
        return await self._first(workshops.c.tenant_id == tenant_id, workshops.c.conversation_id == conversation_id,
                                 workshops.c.status != ENDED)

    async def of_organisation(self, organisation_id: str) -> list[Workshop]:
        """Oldest first."""
        query = sa.select(workshops).where(workshops.c.organisation_id == organisation_id).order_by(workshops.c.id)
        async with self._engine.connect() as connection:
            return [Workshop(**row._mapping) for row in await connection.execute(query)]

    async def save(self, workshop: Workshop) -> Workshop:
        values = {name: getattr(workshop, name) for name in _MOVING}
        async with self._engine.begin() as connection:
            await connection.execute(workshops.update().where(workshops.c.id == workshop.id).values(values))
        return workshop

    async def vote(self, vote: Vote) -> None:
        """A participant's answer; answering the same question again replaces it."""
        async with self._engine.begin() as connection:
            await replace_row(connection, workshop_votes, ("workshop_id", "row_key", "user_id"),
                              {**asdict(vote), "value": str(vote.value)})

    async def votes(self, workshop_id: int, row_key: str | None = None) -> list[Vote]:
        """In the order given."""
        query = sa.select(workshop_votes).where(workshop_votes.c.workshop_id == workshop_id)
        if row_key is not None:
            query = query.where(workshop_votes.c.row_key == row_key)
        return await self._votes(query)

    async def votes_of_organisation(self, organisation_id: str) -> list[Vote]:
        return await self._votes(sa.select(workshop_votes).where(workshop_votes.c.organisation_id == organisation_id))

    async def decide(self, outcome: Outcome) -> None:
        """What the group agreed on (or that it skipped the question); deciding again replaces it."""
        value = None if outcome.value is None else str(outcome.value)
        async with self._engine.begin() as connection:
            await replace_row(connection, workshop_outcomes, ("workshop_id", "row_key"), {**asdict(outcome),
                                                                                          "value": value})

    async def outcomes_of_organisation(self, organisation_id: str) -> list[Outcome]:
        query = sa.select(workshop_outcomes).where(workshop_outcomes.c.organisation_id == organisation_id).order_by(
            workshop_outcomes.c.workshop_id, workshop_outcomes.c.decided_at)
        async with self._engine.connect() as connection:
            return [Outcome(**{**row._mapping, "value": _value(row.value)}) for row in await connection.execute(query)]

    async def _votes(self, query) -> list[Vote]:
        query = query.order_by(workshop_votes.c.workshop_id, workshop_votes.c.answered_at, workshop_votes.c.user_id)
        async with self._engine.connect() as connection:
            return [Vote(**{**row._mapping, "value": _value(row.value)}) for row in await connection.execute(query)]

    async def _first(self, *conditions: sa.ColumnElement[bool], lock: bool = False) -> Workshop | None:
        query = sa.select(workshops).where(*conditions).order_by(workshops.c.id.desc()).limit(1)
        if lock:
            query = query.with_for_update()
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else Workshop(**row._mapping)


def _value(value: str | None) -> int | str | None:
    return int(value) if value is not None and value.isdigit() else value

