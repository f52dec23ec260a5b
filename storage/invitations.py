"""Invitation codes: an admin hands a colleague a short code, the colleague types it to become a member.

Only a hash of each code is stored, so the table alone lets nobody in. A code is eight characters
from 32 (40 bits): guessing one of a tenant's few live codes over chat is hopeless. Wrong codes are
counted all the same, per person and per tenant, and too many in ten minutes stop further tries
for a while (the count lives in the database, so every instance of the bot sees it).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, invitations, organisations, wrong_codes

VALID_FOR = timedelta(days=7)
WRONG_CODES_WINDOW = timedelta(minutes=10)
WRONG_CODES_PER_USER = 10
# Higher: one person's guessing should not lock every colleague out for long.
WRONG_CODES_PER_TENANT = 50
# No 0/O or 1/I: codes are read aloud and typed by hand.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8


@dataclass(frozen=True)
class Invitation:
    code: str  # as shown to people, e.g. "K7QM-2XPD"
    expires_at: datetime


def normalise(code: str) -> str:
    """What the person typed, without case, spaces and dashes: "k7qm 2xpd" is "K7QM2XPD"."""
    return "".join(character for character in code.upper() if character.isalnum())


def code_hash(code: str) -> str:
    """What is stored of a code: its SHA-256, so the table alone lets nobody in."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def new_code() -> str:
    """A fresh code as shown to people, e.g. "K7QM-2XPD"."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:4]}-{code[4:]}"


class Invitations:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, tenant_id: str, organisation_id: str, user_id: str, now: datetime) -> Invitation:
        code = new_code()
        invitation = Invitation(code, as_utc(now) + VALID_FOR)
        async with self._engine.begin() as connection:
            # Expired codes of the organisation are of no use to anyone; they go when a new one is made.
            await connection.execute(invitations.delete().where(
                invitations.c.organisation_id == organisation_id, invitations.c.expires_at <= as_utc(now)))
            await connection.execute(invitations.insert().values(
                code_hash=code_hash(code), tenant_id=tenant_id, organisation_id=organisation_id,
                created_by=user_id, created_at=as_utc(now), expires_at=invitation.expires_at))
        return invitation

    async def organisation_for(self, tenant_id: str, code: str, now: datetime) -> str | None:
        """The organisation a live code of this tenant invites to; a code from another tenant finds nothing."""
        if len(normalise(code)) != LENGTH:
            return None
        query = sa.select(invitations.c.organisation_id).join(
            organisations, organisations.c.id == invitations.c.organisation_id
        ).where(
            invitations.c.code_hash == code_hash(code), invitations.c.tenant_id == tenant_id,
            organisations.c.tenant_id == tenant_id, invitations.c.expires_at > as_utc(now),
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(query)).scalar()

    async def record_wrong_code(self, tenant_id: str, user_id: str, now: datetime) -> int:
        """Counts a wrong code; returns how many the person has typed within the window, this one included."""
        async with self._engine.begin() as connection:
            # Older tries count no more: they go as new ones come, so the table stays small.
            await connection.execute(wrong_codes.delete().where(
                wrong_codes.c.tenant_id == tenant_id, wrong_codes.c.tried_at <= as_utc(now) - WRONG_CODES_WINDOW))
            await connection.execute(wrong_codes.insert().values(tenant_id=tenant_id, user_id=user_id,
                                                                 tried_at=as_utc(now)))
        by_user, _ = await self._wrong_codes(tenant_id, user_id, now)
        return by_user

    async def may_try(self, tenant_id: str, user_id: str, now: datetime) -> bool:
        """False while the person, or their tenant as a whole, has typed too many wrong codes."""
        by_user, by_tenant = await self._wrong_codes(tenant_id, user_id, now)
        return by_user < WRONG_CODES_PER_USER and by_tenant < WRONG_CODES_PER_TENANT

    async def _wrong_codes(self, tenant_id: str, user_id: str, now: datetime) -> tuple[int, int]:
        recent = sa.and_(wrong_codes.c.tenant_id == tenant_id, wrong_codes.c.tried_at > as_utc(now) - WRONG_CODES_WINDOW)
        query = sa.select(sa.func.count().filter(wrong_codes.c.user_id == user_id), sa.func.count()).where(recent)
        async with self._engine.connect() as connection:
            by_user, by_tenant = (await connection.execute(query)).one()
        return by_user, by_tenant
