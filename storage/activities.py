"""Ledger of handled activities, because Teams re-sends an activity when the bot answers slowly.

An entry is written in the same transaction as the turn it records (bot/turns.py), so it exists exactly
when the turn's answers and state do: a re-send of a committed turn gets the stored response, a re-send
of a turn that failed or died runs it again.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

import sqlalchemy as sa

from storage.engine import Engine
from storage.schema import activities

# Teams re-sends within seconds; after this an entry is purged (bot/nudges.py runs the purge).
RESEND_HORIZON = timedelta(hours=1)
PURGE_BATCH = 1000

# Built once, as every turn runs them: SQLAlchemy reuses their cache keys and compiled forms.
_RECORD = activities.insert()
_RESPONSE = sa.select(activities.c.status, activities.c.body).where(activities.c.key == sa.bindparam("the_key"))


def ledger_key(channel_id: str | None, tenant_id: str, conversation_id: str, sender_id: str, activity_id: str) -> str:
    """Who sent which activity where: an id re-sent from another conversation, tenant or sender is another
    activity and never gets this one's response."""
    identity = json.dumps([channel_id, tenant_id, conversation_id, sender_id, activity_id])
    return hashlib.sha256(identity.encode()).hexdigest()


class ActivityLedger:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def response(self, key: str) -> tuple[int, str | None] | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(_RESPONSE, {"the_key": key})).first()
        return None if row is None else (row.status, row.body)

    async def record(self, key: str, status: int, body: str | None, now: datetime) -> None:
        """Raises IntegrityError when the same activity was recorded first, by a turn running alongside."""
        async with self._engine.begin() as connection:
            await connection.execute(_RECORD, {"key": key, "handled_at": now, "status": status, "body": body})

    async def purge(self, older_than: datetime, batch: int = PURGE_BATCH) -> int:
        """Deletes entries handled before `older_than`, a batch per transaction so no lock is held long."""
        keys = sa.select(activities.c.key).where(activities.c.handled_at < older_than).limit(batch)
        statement = activities.delete().where(activities.c.key.in_(keys))
        purged = 0
        while True:
            async with self._engine.begin() as connection:
                deleted = (await connection.execute(statement)).rowcount
            purged += deleted
            if deleted < batch:
                return purged
