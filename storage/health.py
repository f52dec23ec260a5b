"""The health check's heartbeat: one row that every check updates, so a check proves the database takes
a write (a full disk, a read-only file or a pool that has run dry all fail it), not only that it answers."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, heartbeat

# The migration inserts the row; built once, as it runs on every health check.
_BEAT = heartbeat.update().where(heartbeat.c.id == 1).values(beat_at=sa.bindparam("now"))


async def beat(engine: AsyncEngine, now: datetime) -> None:
    async with engine.begin() as connection:
        if (await connection.execute(_BEAT, {"now": as_utc(now)})).rowcount != 1:
            raise RuntimeError("the heartbeat row is missing")
