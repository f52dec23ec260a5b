"""Organisations working through the model, their members and the Teams conversations bound to them."""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, conversations, insert, members, organisations, workshop_votes

ROLES = ("admin", "member")


class DuplicateName(ValueError):
    """The tenant already has an organisation of that name."""


@dataclass(frozen=True)
class Organisation:
    id: str
    tenant_id: str
    name: str
    kind: str
    created_at: datetime
    target: dict | None


@dataclass(frozen=True)
class Member:
    organisation_id: str
    user_id: str
    user_name: str
    role: str
    work_role: str | None = None  # politiker, ledning … (services.membership.WORK_ROLES); None: not told yet


def name_key(name: str) -> str:
    return name.strip().casefold()


_COLUMNS = [organisations.c[field] for field in Organisation.__dataclass_fields__]


class Organisations:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, tenant_id: str, name: str, kind: str, user_id: str, user_name: str, now: datetime) -> Organisation:
        organisation = Organisation(uuid.uuid4().hex, tenant_id, name, kind, as_utc(now), None)
        try:
            async with self._engine.savepoint() as connection:
                await connection.execute(
                    organisations.insert().values(**asdict(organisation), name_key=name_key(name))
                )
                await connection.execute(
                    members.insert().values(organisation_id=organisation.id, user_id=user_id, user_name=user_name, role="admin")
                )
        except IntegrityError:
            raise DuplicateName(f"an organisation named {name!r} already exists") from None
        return organisation

    async def list(self, tenant_id: str) -> list[Organisation]:
        query = sa.select(*_COLUMNS).where(organisations.c.tenant_id == tenant_id).order_by(organisations.c.name_key)
        async with self._engine.connect() as connection:
            return [Organisation(**row._mapping) for row in await connection.execute(query)]

    async def get(self, tenant_id: str, organisation_id: str) -> Organisation | None:
        return await self._one(tenant_id, organisations.c.id == organisation_id)

    async def memberships(self, tenant_id: str, user_id: str) -> list[Organisation]:
        """The tenant's organisations the user is a member of, by name."""
        query = sa.select(*_COLUMNS).where(
            organisations.c.tenant_id == tenant_id, _has_member(organisations.c.id, user_id)
        ).order_by(organisations.c.name_key)
        async with self._engine.connect() as connection:
            return [Organisation(**row._mapping) for row in await connection.execute(query)]

    async def get_for_member(self, tenant_id: str, organisation_id: str, user_id: str) -> Organisation | None:
        """The organisation if it is in the tenant and the user is one of its members (asked every turn)."""
        parameters = {"tenant_id": tenant_id, "organisation_id": organisation_id, "user_id": user_id}
        async with self._engine.connect() as connection:
            row = (await connection.execute(_FOR_MEMBER, parameters)).first()
        return None if row is None else Organisation(**row._mapping)

    async def find(self, tenant_id: str, name_or_id: str) -> Organisation | None:
        return await self._one(
            tenant_id, sa.or_(organisations.c.id == name_or_id, organisations.c.name_key == name_key(name_or_id))
        )

    async def find_in_all_tenants(self, name_or_id: str) -> list[Organisation]:
        """For operators' tools only (export); the bot itself always asks within one tenant."""
        query = sa.select(*_COLUMNS).where(
            sa.or_(organisations.c.id == name_or_id, organisations.c.name_key == name_key(name_or_id))
        ).order_by(organisations.c.tenant_id)
        async with self._engine.connect() as connection:
            return [Organisation(**row._mapping) for row in await connection.execute(query)]

    async def add_member(self, organisation_id: str, user_id: str, user_name: str, role: str = "member") -> Member:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")
        statement = insert(self._engine, members).values(
            organisation_id=organisation_id, user_id=user_id, user_name=user_name, role=role
        )
        # Adding someone again never demotes an admin; it only refreshes the display name.
        statement = statement.on_conflict_do_update(
            index_elements=[members.c.organisation_id, members.c.user_id],
            set_={
                "user_name": statement.excluded.user_name,
                "role": sa.case((statement.excluded.role == "admin", "admin"), else_=members.c.role),
            },
        ).returning(*members.c)
        async with self._engine.begin() as connection:
            return Member(**(await connection.execute(statement)).one()._mapping)

    async def admit(self, organisation_id: str, user_id: str, user_name: str) -> None:
        """Makes the user a member unless they are one; read first, as this runs on every team chat turn."""
        if await self.member(organisation_id, user_id) is None:
            statement = insert(self._engine, members).values(
                organisation_id=organisation_id, user_id=user_id, user_name=user_name, role="member"
            ).on_conflict_do_nothing(index_elements=[members.c.organisation_id, members.c.user_id])
            async with self._engine.begin() as connection:
                await connection.execute(statement)

    async def member(self, organisation_id: str, user_id: str) -> Member | None:
        query = sa.select(members).where(members.c.organisation_id == organisation_id, members.c.user_id == user_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else Member(**row._mapping)

    async def remove_member(self, organisation_id: str, user_id: str) -> bool:
        """False if the user is not a member, or is the last admin: an organisation always keeps one."""
        admins = sa.select(sa.func.count()).select_from(members).where(
            members.c.organisation_id == organisation_id, members.c.role == "admin"
        ).scalar_subquery()
        statement = members.delete().where(
            members.c.organisation_id == organisation_id, members.c.user_id == user_id,
            sa.or_(members.c.role != "admin", admins > 1),
        )
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount == 1

    async def set_work_role(self, organisation_id: str, user_id: str, work_role: str) -> None:
        """The member's role; their workshop votes given before they told it get it, too."""
        async with self._engine.begin() as connection:
            await connection.execute(members.update().where(
                members.c.organisation_id == organisation_id, members.c.user_id == user_id).values(work_role=work_role))
            await connection.execute(workshop_votes.update().where(
                workshop_votes.c.organisation_id == organisation_id, workshop_votes.c.user_id == user_id,
                workshop_votes.c.work_role.is_(None)).values(work_role=work_role))

    async def members(self, organisation_id: str) -> list[Member]:
        query = sa.select(members).where(members.c.organisation_id == organisation_id).order_by(members.c.user_name)
        async with self._engine.connect() as connection:
            return [Member(**row._mapping) for row in await connection.execute(query)]

    async def bind_conversation(self, tenant_id: str, conversation_id: str, organisation_id: str, now: datetime) -> None:
        statement = insert(self._engine, conversations).values(
            tenant_id=tenant_id, conversation_id=conversation_id, organisation_id=organisation_id, bound_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=[conversations.c.tenant_id, conversations.c.conversation_id],
            set_={"organisation_id": statement.excluded.organisation_id, "bound_at": statement.excluded.bound_at},
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def bound_organisation(self, tenant_id: str, conversation_id: str) -> Organisation | None:
        bound = sa.select(conversations.c.organisation_id).where(
            conversations.c.tenant_id == tenant_id, conversations.c.conversation_id == conversation_id
        )
        return await self._one(tenant_id, organisations.c.id == bound.scalar_subquery())

    async def set_target(self, organisation_id: str, target: dict | None) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                organisations.update().where(organisations.c.id == organisation_id).values(target=target)
            )

    async def _one(self, tenant_id: str, condition: sa.ColumnElement[bool]) -> Organisation | None:
        # The tenant is always part of the condition: one tenant never sees another's organisations.
        query = sa.select(*_COLUMNS).where(organisations.c.tenant_id == tenant_id, condition)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query.limit(1))).first()
        return None if row is None else Organisation(**row._mapping)


# Built once: SQLAlchemy then reuses its cache key and compiled form instead of working them out per turn.
_FOR_MEMBER = sa.select(*_COLUMNS).where(
    organisations.c.tenant_id == sa.bindparam("tenant_id"),
    organisations.c.id == sa.bindparam("organisation_id"),
    sa.exists().where(members.c.organisation_id == organisations.c.id, members.c.user_id == sa.bindparam("user_id")),
)


def _has_member(organisation_id: sa.ColumnElement, user_id: str) -> sa.ColumnElement[bool]:
    return sa.exists().where(members.c.organisation_id == organisation_id, members.c.user_id == user_id)
