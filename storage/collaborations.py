"""Collaborations (samverkan): organisations, possibly of different tenants, that have each agreed to share
their levels with the others; the codes that invite an organisation, and the log of who created, joined,
left and removed, and when.

This is the one part of storage that reaches across tenants, and only through a collaboration's current
members (`collaboration_organisations`): leaving deletes the row, so the next request no longer finds
the organisation. A code is hashed like a member invitation (storage/invitations.py) and found in any
tenant, since members usually have their own.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.invitations import LENGTH, VALID_FOR, Invitation, code_hash, new_code, normalise
from storage.organisations import Organisation, name_key
from storage.schema import (as_utc, collaboration_events, collaboration_invitations, collaboration_organisations,
                            collaborations, organisations)

CREATED, JOINED, LEFT, REMOVED = "created", "joined", "left", "removed"
DETAILS_ON, DETAILS_OFF = "details_on", "details_off"  # a member turned sharing its details on or off


@dataclass(frozen=True)
class Collaboration:
    id: str
    name: str
    admin_organisation_id: str
    created_at: datetime


@dataclass(frozen=True)
class CollaborationMember:
    organisation: Organisation
    joined_at: datetime
    details_since: datetime | None = None  # since when it shares details; None: it does not


@dataclass(frozen=True)
class Actor:
    """Who did something to a collaboration, for the log: a person acting for one of their organisations."""

    tenant_id: str
    organisation_id: str
    user_id: str
    user_name: str


@dataclass(frozen=True)
class CollaborationEvent:
    kind: str  # CREATED, JOINED, LEFT, REMOVED, DETAILS_ON or DETAILS_OFF
    organisation_id: str
    organisation_name: str
    actor_organisation_id: str
    user_name: str
    happened_at: datetime


_COLUMNS = [collaborations.c[field] for field in Collaboration.__dataclass_fields__]
_ORGANISATION = [organisations.c[field] for field in Organisation.__dataclass_fields__]


class Collaborations:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, name: str, organisation: Organisation, actor: Actor, now: datetime) -> Collaboration:
        collaboration = Collaboration(uuid.uuid4().hex, name, organisation.id, as_utc(now))
        async with self._engine.begin() as connection:
            await connection.execute(collaborations.insert().values(
                id=collaboration.id, name=name, name_key=name_key(name), admin_organisation_id=organisation.id,
                created_at=collaboration.created_at))
            await connection.execute(collaboration_organisations.insert().values(
                collaboration_id=collaboration.id, organisation_id=organisation.id, joined_at=as_utc(now)))
        await self.record(collaboration.id, CREATED, organisation, actor, now)
        return collaboration

    async def get(self, collaboration_id: str) -> Collaboration | None:
        query = sa.select(*_COLUMNS).where(collaborations.c.id == collaboration_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else Collaboration(**row._mapping)

    async def of_organisation(self, organisation_id: str) -> list[Collaboration]:
        """The collaborations the organisation is a member of now, by name."""
        query = sa.select(*_COLUMNS).join(
            collaboration_organisations, collaboration_organisations.c.collaboration_id == collaborations.c.id,
        ).where(collaboration_organisations.c.organisation_id == organisation_id).order_by(
            collaborations.c.name_key, collaborations.c.id)
        async with self._engine.connect() as connection:
            return [Collaboration(**row._mapping) for row in await connection.execute(query)]

    async def find(self, name_or_id: str) -> list[Collaboration]:
        """For operators' tools only (export): by id or name, in every tenant."""
        query = sa.select(*_COLUMNS).where(sa.or_(
            collaborations.c.id == name_or_id, collaborations.c.name_key == name_key(name_or_id)))
        async with self._engine.connect() as connection:
            return [Collaboration(**row._mapping) for row in await connection.execute(query)]

    async def members(self, collaboration_id: str) -> list[CollaborationMember]:
        """The current member organisations, by name."""
        query = sa.select(*_ORGANISATION, collaboration_organisations.c.joined_at,
                          collaboration_organisations.c.details_since).join(
            collaboration_organisations, collaboration_organisations.c.organisation_id == organisations.c.id,
        ).where(collaboration_organisations.c.collaboration_id == collaboration_id).order_by(
            organisations.c.name_key, organisations.c.id)
        async with self._engine.connect() as connection:
            rows = list(await connection.execute(query))
        return [CollaborationMember(Organisation(**{k: row._mapping[k] for k in Organisation.__dataclass_fields__}),
                                    row.joined_at, row.details_since) for row in rows]

    async def is_member(self, collaboration_id: str, organisation_id: str) -> bool:
        query = sa.select(sa.exists().where(collaboration_organisations.c.collaboration_id == collaboration_id,
                                            collaboration_organisations.c.organisation_id == organisation_id))
        async with self._engine.connect() as connection:
            return bool((await connection.execute(query)).scalar())

    async def add_member(self, collaboration_id: str, organisation: Organisation, actor: Actor,
                         now: datetime) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(collaboration_organisations.insert().values(
                collaboration_id=collaboration_id, organisation_id=organisation.id, joined_at=as_utc(now)))
        await self.record(collaboration_id, JOINED, organisation, actor, now)

    async def remove_member(self, collaboration_id: str, organisation: Organisation, kind: str, actor: Actor,
                            now: datetime) -> bool:
        """False if the organisation was not a member. `kind` is LEFT or REMOVED, for the log."""
        async with self._engine.begin() as connection:
            result = await connection.execute(collaboration_organisations.delete().where(
                collaboration_organisations.c.collaboration_id == collaboration_id,
                collaboration_organisations.c.organisation_id == organisation.id))
        if result.rowcount != 1:
            return False
        await self.record(collaboration_id, kind, organisation, actor, now)
        return True

    async def share_details(self, collaboration_id: str, organisation: Organisation, on: bool, actor: Actor,
                            now: datetime) -> bool:
        """Turns the member's details on (since now) or off, and logs it; False if it was so already or the
        organisation is no member."""
        async with self._engine.begin() as connection:
            since = collaboration_organisations.c.details_since
            result = await connection.execute(collaboration_organisations.update().where(
                collaboration_organisations.c.collaboration_id == collaboration_id,
                collaboration_organisations.c.organisation_id == organisation.id,
                since.is_(None) if on else since.is_not(None)).values(details_since=as_utc(now) if on else None))
        if result.rowcount != 1:
            return False
        await self.record(collaboration_id, DETAILS_ON if on else DETAILS_OFF, organisation, actor, now)
        return True

    async def delete(self, collaboration_id: str) -> None:
        """The collaboration, its codes and its log: when its last member, the administrator, leaves."""
        async with self._engine.begin() as connection:
            await connection.execute(collaborations.delete().where(collaborations.c.id == collaboration_id))

    async def record(self, collaboration_id: str, kind: str, organisation: Organisation, actor: Actor,
                     now: datetime) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(collaboration_events.insert().values(
                collaboration_id=collaboration_id, kind=kind, organisation_id=organisation.id,
                organisation_name=organisation.name, tenant_id=actor.tenant_id,
                actor_organisation_id=actor.organisation_id, user_id=actor.user_id, user_name=actor.user_name,
                happened_at=as_utc(now)))

    async def events(self, collaboration_id: str) -> list[CollaborationEvent]:
        """Oldest first."""
        columns = [collaboration_events.c[field] for field in CollaborationEvent.__dataclass_fields__]
        query = sa.select(*columns).where(collaboration_events.c.collaboration_id == collaboration_id).order_by(
            collaboration_events.c.happened_at, collaboration_events.c.id)
        async with self._engine.connect() as connection:
            return [CollaborationEvent(**row._mapping) for row in await connection.execute(query)]

    async def invite(self, collaboration_id: str, actor: Actor, now: datetime) -> Invitation:
        invitation = Invitation(new_code(), as_utc(now) + VALID_FOR)
        async with self._engine.begin() as connection:
            await connection.execute(collaboration_invitations.delete().where(
                collaboration_invitations.c.collaboration_id == collaboration_id,
                collaboration_invitations.c.expires_at <= as_utc(now)))
            await connection.execute(collaboration_invitations.insert().values(
                code_hash=code_hash(invitation.code), collaboration_id=collaboration_id, tenant_id=actor.tenant_id,
                created_by=actor.user_id, created_at=as_utc(now), expires_at=invitation.expires_at))
        return invitation

    async def invited_to(self, code: str, now: datetime) -> Collaboration | None:
        """The collaboration a live code invites to, from any tenant."""
        if len(normalise(code)) != LENGTH:
            return None
        query = sa.select(*_COLUMNS).join(
            collaboration_invitations, collaboration_invitations.c.collaboration_id == collaborations.c.id,
        ).where(collaboration_invitations.c.code_hash == code_hash(code),
                collaboration_invitations.c.expires_at > as_utc(now))
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else Collaboration(**row._mapping)
