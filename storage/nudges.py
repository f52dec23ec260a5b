"""Nudges waiting to be sent, claimed with a lease so that several bot instances never send one twice.

A claim sets a token and a lease; only the holder of the token may settle the nudge. A claim whose
lease ran out (the instance died between claim and send) is claimable again: a retry, not a loss.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, insert, nudges

PENDING, SENDING, SENT, SKIPPED, FAILED = "pending", "sending", "sent", "skipped", "failed"


@dataclass(frozen=True)
class NewNudge:
    kind: str
    subject: str
    dedupe_key: str
    organisation_id: str | None
    tenant_id: str
    conversation_id: str
    user_id: str | None
    lang: str
    due_at: datetime
    payload: dict | None


@dataclass(frozen=True)
class Nudge(NewNudge):
    id: int
    status: str
    claim_token: str | None
    lease_until: datetime | None
    attempts: int
    last_error: str | None
    sent_at: datetime | None


class Nudges:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def schedule(self, planned: list[NewNudge]) -> None:
        if not planned:
            return
        rows = [{**asdict(n), "due_at": as_utc(n.due_at), "status": PENDING, "attempts": 0} for n in planned]
        statement = insert(self._engine, nudges).on_conflict_do_nothing(index_elements=[nudges.c.dedupe_key])
        async with self._engine.begin() as connection:
            await connection.execute(statement, rows)

    async def existing(self, dedupe_keys: list[str]) -> set[str]:
        if not dedupe_keys:
            return set()
        query = sa.select(nudges.c.dedupe_key).where(nudges.c.dedupe_key.in_(dedupe_keys))
        async with self._engine.connect() as connection:
            return set((await connection.execute(query)).scalars())

    async def drop_pending(self, kinds: tuple[str, ...], subject: str) -> None:
        """Forgets what was planned about `subject`, e.g. before planning an item's nudges anew."""
        async with self._engine.begin() as connection:
            await connection.execute(nudges.delete().where(
                nudges.c.kind.in_(kinds), nudges.c.subject == subject, nudges.c.status == PENDING))

    async def claim(self, token: str, now: datetime, lease_until: datetime, limit: int) -> list[Nudge]:
        """Takes up to `limit` due nudges for the caller, oldest first; each counts as one more attempt."""
        now = as_utc(now)
        claimable = sa.or_(
            sa.and_(nudges.c.status == PENDING, nudges.c.due_at <= now),
            sa.and_(nudges.c.status == SENDING, nudges.c.lease_until <= now),
        )
        chosen = sa.select(nudges.c.id).where(claimable).order_by(nudges.c.due_at, nudges.c.id).limit(limit)
        if self._engine.dialect.name == "postgresql":
            # Concurrent claimers skip each other's rows instead of queueing behind them. SQLite runs one
            # writer at a time, so there the single UPDATE is atomic as it stands.
            chosen = chosen.with_for_update(skip_locked=True)
        # `claimable` again outside: a row another claimer took meanwhile no longer matches.
        statement = nudges.update().where(nudges.c.id.in_(chosen.scalar_subquery()), claimable).values(
            status=SENDING, claim_token=token, lease_until=as_utc(lease_until), attempts=nudges.c.attempts + 1,
        ).returning(*nudges.c)
        async with self._engine.begin() as connection:
            claimed = [Nudge(**row._mapping) for row in await connection.execute(statement)]
        return sorted(claimed, key=lambda n: (n.due_at, n.id))

    async def attempted(self, nudge: Nudge) -> bool:
        """Counts one more try of a claimed nudge; False when the claim was lost."""
        return await self._settle(nudge, attempts=nudges.c.attempts + 1, status=SENDING)

    async def sent(self, claimed: list[Nudge], now: datetime) -> int:
        """Marks sent nudges, many in one statement; those whose claim was lost are left alone."""
        if not claimed:
            return 0
        statement = nudges.update().where(
            sa.tuple_(nudges.c.id, nudges.c.claim_token).in_([(n.id, n.claim_token) for n in claimed]),
            nudges.c.status == SENDING,
        ).values(status=SENT, sent_at=as_utc(now), last_error=None, claim_token=None, lease_until=None)
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount

    async def reschedule(self, nudge: Nudge, due_at: datetime, reason: str | None = None, tried: bool = True) -> bool:
        """Back to pending until `due_at`. Not `tried` (held back by a pause or office hours): the claim does
        not count as an attempt, so waiting never uses up the attempts a nudge has."""
        attempts = nudges.c.attempts if tried else nudges.c.attempts - 1
        return await self._settle(nudge, status=PENDING, due_at=as_utc(due_at), last_error=reason, attempts=attempts)

    async def close(self, nudge: Nudge, status: str, reason: str) -> bool:
        """Settles a nudge for good without sending it: SKIPPED (no longer wanted) or FAILED (gave up)."""
        return await self._settle(nudge, status=status, last_error=reason)

    async def close_pending_to(self, tenant_id: str, conversation_id: str, reason: str) -> int:
        """Gives up everything still waiting for a conversation the bot can no longer post to."""
        statement = nudges.update().where(
            nudges.c.tenant_id == tenant_id, nudges.c.conversation_id == conversation_id,
            nudges.c.status.in_((PENDING, SENDING)),
        ).values(status=FAILED, last_error=reason, claim_token=None, lease_until=None)
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount

    async def find(self, **equal: object) -> list[Nudge]:
        query = sa.select(nudges).where(*(nudges.c[name] == value for name, value in equal.items()))
        async with self._engine.connect() as connection:
            return [Nudge(**row._mapping) for row in await connection.execute(query.order_by(nudges.c.id))]

    async def _settle(self, nudge: Nudge, **values: object) -> bool:
        if values.get("status") != SENDING:
            values.update(claim_token=None, lease_until=None)
        statement = nudges.update().where(nudges.c.id == nudge.id, nudges.c.claim_token == nudge.claim_token,
                                          nudges.c.status == SENDING).values(**values)
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount == 1
