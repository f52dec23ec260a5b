"""Ledger of incoming activities, because Teams re-sends an activity when the bot answers slowly."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.schema import activities

# Teams retries within seconds; a key seen longer ago than this is a new activity.
REMEMBERED_FOR = timedelta(minutes=10)
# No turn runs this long: a claim still without a response is one whose process died mid-turn,
# and a re-send may run it again rather than be turned away until REMEMBERED_FOR has passed.
UNFINISHED_FOR = timedelta(seconds=60)


# Built once, as every turn runs them: SQLAlchemy reuses their cache keys and compiled forms.
_CLAIM = activities.insert()
_REMEMBER = activities.update().where(activities.c.key == sa.bindparam("the_key")).values(
    status=sa.bindparam("new_status"), body=sa.bindparam("new_body"))


class ActivityLedger:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(self, key: str, now: datetime) -> bool:
        # A plain INSERT first: SQLAlchemy compiles dialect upserts (ON CONFLICT) afresh on every call,
        # which on this per-turn path cost about a sixth of an answer turn.
        try:
            async with self._engine.begin() as connection:
                await connection.execute(_CLAIM, {"key": key, "claimed_at": now})
            return True
        except IntegrityError:
            pass
        # Seen before: taken over only when long expired, or when its turn died unanswered. One conditional
        # UPDATE, so of two concurrent claims only the first matches the row.
        stale = sa.or_(
            activities.c.claimed_at < now - REMEMBERED_FOR,
            sa.and_(activities.c.status.is_(None), activities.c.claimed_at < now - UNFINISHED_FOR),
        )
        statement = activities.update().where(activities.c.key == key, stale).values(
            claimed_at=now, status=None, body=None)
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount == 1

    async def remember_response(self, key: str, status: int, body: str | None) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(_REMEMBER, {"the_key": key, "new_status": status, "new_body": body})

    async def response(self, key: str) -> tuple[int, str | None] | None:
        query = sa.select(activities.c.status, activities.c.body).where(
            activities.c.key == key, activities.c.status.is_not(None)
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else (row.status, row.body)

    async def purge(self, older_than: datetime) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(activities.delete().where(activities.c.claimed_at < older_than))
        return result.rowcount
