"""Units inside an organisation: förvaltningar, bolag and enheter, each with a name unique within it. A unit's
answers, assessments, snapshots and action items carry its id; the organisation's own carry none."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.organisations import name_key
from storage.schema import (action_items, answers, as_utc, assessments, snapshots, units, workshop_outcomes,
                            workshop_votes, workshops)


class DuplicateUnit(ValueError):
    """The organisation already has a unit of that name."""


@dataclass(frozen=True)
class Unit:
    id: int
    organisation_id: str
    name: str
    created_at: datetime


_COLUMNS = [units.c[field] for field in Unit.__dataclass_fields__]


class Units:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def create(self, organisation_id: str, name: str, now: datetime) -> Unit:
        statement = units.insert().values(organisation_id=organisation_id, name=name, name_key=name_key(name),
                                          created_at=as_utc(now)).returning(*_COLUMNS)
        try:
            async with self._engine.savepoint() as connection:
                return Unit(**(await connection.execute(statement)).one()._mapping)
        except IntegrityError:
            raise DuplicateUnit(f"a unit named {name!r} already exists") from None

    async def list(self, organisation_id: str) -> list[Unit]:
        """By name."""
        query = sa.select(*_COLUMNS).where(units.c.organisation_id == organisation_id).order_by(units.c.name_key)
        async with self._engine.connect() as connection:
            return [Unit(**row._mapping) for row in await connection.execute(query)]

    async def get(self, organisation_id: str, unit_id: int) -> Unit | None:
        return await self._one(organisation_id, units.c.id == unit_id)

    async def find(self, organisation_id: str, name: str) -> Unit | None:
        return await self._one(organisation_id, units.c.name_key == name_key(name))

    async def rename(self, organisation_id: str, unit_id: int, name: str) -> bool:
        """False if the organisation has no such unit; DuplicateUnit if another one has the name."""
        statement = units.update().where(units.c.organisation_id == organisation_id, units.c.id == unit_id).values(
            name=name, name_key=name_key(name))
        try:
            async with self._engine.savepoint() as connection:
                return (await connection.execute(statement)).rowcount == 1
        except IntegrityError:
            raise DuplicateUnit(f"a unit named {name!r} already exists") from None

    async def remove(self, organisation_id: str, unit_id: int) -> bool:
        """The unit and everything that belongs to it, its workshops too; False if the organisation has no such
        unit."""
        held = sa.select(workshops.c.id).where(workshops.c.organisation_id == organisation_id,
                                               workshops.c.unit_id == unit_id)
        owned = [table.delete().where(table.c.workshop_id.in_(held)) for table in (workshop_votes, workshop_outcomes)]
        owned += [table.delete().where(table.c.organisation_id == organisation_id, table.c.unit_id == unit_id)
                  for table in (answers, snapshots, action_items, assessments, workshops)]
        async with self._engine.begin() as connection:
            for statement in owned:
                await connection.execute(statement)
            removed = await connection.execute(
                units.delete().where(units.c.organisation_id == organisation_id, units.c.id == unit_id))
            return removed.rowcount == 1

    async def _one(self, organisation_id: str, condition: sa.ColumnElement[bool]) -> Unit | None:
        query = sa.select(*_COLUMNS).where(units.c.organisation_id == organisation_id, condition)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else Unit(**row._mapping)
