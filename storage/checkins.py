"""Quick checks before one procurement, preparedness answers and the follow-up reminders people asked for."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Mapping

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, checkin_answers, checkins, follow_up_wishes, preparedness_answers, replace_row

PENDING = "pending"


DETAILS = ("category", "value_sek", "announce_on", "critical")


@dataclass(frozen=True)
class Checkin:
    id: int
    organisation_id: str
    name: str
    category: str | None
    value_sek: int | None
    announce_on: date | None
    critical: bool | None  # None until asked
    user_id: str
    user_name: str
    created_at: datetime
    answers: Mapping[str, str] = field(default_factory=dict)  # item key -> "yes", "partly", "no", "na", "unknown"


class Checkins:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, organisation_id: str, name: str, user_id: str, user_name: str, now: datetime) -> Checkin:
        statement = checkins.insert().values(
            organisation_id=organisation_id, name=name, user_id=user_id, user_name=user_name, created_at=as_utc(now),
        ).returning(*checkins.c)
        async with self._engine.begin() as connection:
            return Checkin(**(await connection.execute(statement)).one()._mapping)

    async def update(self, checkin_id: int, **details) -> None:
        """Sets any of category, value_sek, announce_on and critical."""
        if not details or set(details) - set(DETAILS):
            raise ValueError(f"a check-in's details are {DETAILS}, not {sorted(details)}")
        async with self._engine.begin() as connection:
            await connection.execute(checkins.update().where(checkins.c.id == checkin_id).values(**details))

    async def answer(self, checkin_id: int, item_key: str, answer: str, user_id: str, now: datetime) -> None:
        """Saves one answer; answering the same item again replaces it."""
        row = {"checkin_id": checkin_id, "item_key": item_key, "answer": answer, "user_id": user_id,
               "answered_at": as_utc(now)}
        async with self._engine.begin() as connection:
            await replace_row(connection, checkin_answers, ("checkin_id", "item_key"), row)

    async def get(self, organisation_id: str, checkin_id: int) -> Checkin | None:
        found = await self._select(checkins.c.organisation_id == organisation_id, checkins.c.id == checkin_id)
        return found[0] if found else None

    async def list(self, organisation_id: str, limit: int = 10) -> list[Checkin]:
        """Newest first."""
        return await self._select(checkins.c.organisation_id == organisation_id, limit=limit)

    async def _select(self, *conditions: sa.ColumnElement[bool], limit: int | None = None) -> list[Checkin]:
        query = sa.select(checkins).where(*conditions).order_by(checkins.c.created_at.desc(), checkins.c.id.desc())
        async with self._engine.connect() as connection:
            rows = [dict(row._mapping) for row in await connection.execute(query.limit(limit))]
            ids = [row["id"] for row in rows]
            answers: dict[int, dict[str, str]] = {checkin_id: {} for checkin_id in ids}
            found = await connection.execute(sa.select(checkin_answers).where(checkin_answers.c.checkin_id.in_(ids)))
            for answer in found:
                answers[answer.checkin_id][answer.item_key] = answer.answer
        return [Checkin(**row, answers=MappingProxyType(answers[row["id"]])) for row in rows]


class PreparednessAnswers:
    """The organisation's answers to the preparedness topics of the crisis assessment; the latest counts."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def answer(self, organisation_id: str, topic_key: str, answer: str, user_id: str, now: datetime) -> None:
        row = {"organisation_id": organisation_id, "topic_key": topic_key, "answer": answer, "user_id": user_id,
               "answered_at": as_utc(now)}
        async with self._engine.begin() as connection:
            await replace_row(connection, preparedness_answers, ("organisation_id", "topic_key"), row)

    async def current(self, organisation_id: str) -> dict[str, str]:
        query = sa.select(preparedness_answers.c.topic_key, preparedness_answers.c.answer).where(
            preparedness_answers.c.organisation_id == organisation_id)
        async with self._engine.connect() as connection:
            return {row.topic_key: row.answer for row in await connection.execute(query)}


@dataclass(frozen=True)
class FollowUpWish:
    id: int
    organisation_id: str
    checkin_id: int
    kind: str  # "before_announcement" or "contract_follow_up"
    due_at: datetime
    conversation_reference: dict  # botbuilder's ConversationReference, serialised
    user_id: str
    created_at: datetime
    status: str  # "pending" until the reminder feature marks it


class FollowUpWishes:
    """Reminders a user asked for at the end of a quick check; the reminder feature sends them."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, organisation_id: str, checkin_id: int, kind: str, due_at: datetime,
                  conversation_reference: dict, user_id: str, now: datetime) -> FollowUpWish:
        statement = follow_up_wishes.insert().values(
            organisation_id=organisation_id, checkin_id=checkin_id, kind=kind, due_at=as_utc(due_at),
            conversation_reference=conversation_reference, user_id=user_id, created_at=as_utc(now), status=PENDING,
        ).returning(*follow_up_wishes.c)
        async with self._engine.begin() as connection:
            return FollowUpWish(**(await connection.execute(statement)).one()._mapping)

    async def pending(self, now: datetime) -> list[FollowUpWish]:
        """Pending wishes due at or before `now`, the earliest first."""
        query = sa.select(follow_up_wishes).where(
            follow_up_wishes.c.status == PENDING, follow_up_wishes.c.due_at <= as_utc(now),
        ).order_by(follow_up_wishes.c.due_at, follow_up_wishes.c.id)
        async with self._engine.connect() as connection:
            return [FollowUpWish(**row._mapping) for row in await connection.execute(query)]

    async def mark(self, wish_id: int, status: str) -> None:
        if not status:
            raise ValueError("a status is needed")
        async with self._engine.begin() as connection:
            await connection.execute(
                follow_up_wishes.update().where(follow_up_wishes.c.id == wish_id).values(status=status))
