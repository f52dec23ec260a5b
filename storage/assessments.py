"""Assessment rounds: an organisation going through all of the model, or one step, perspective or the crisis rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import assessments


@dataclass(frozen=True)
class Assessment:
    id: int
    organisation_id: str
    scope: str
    started_by: str
    started_at: datetime
    completed_at: datetime | None
    redo: bool = False  # asks the rows already answered again, too
    unit_id: int | None = None  # None: the organisation itself


class Assessments:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def start(self, organisation_id: str, scope: str, user_id: str, now: datetime,
                    redo: bool = False, unit_id: int | None = None) -> Assessment:
        statement = assessments.insert().values(
            organisation_id=organisation_id, scope=scope, started_by=user_id, started_at=now, redo=redo,
            unit_id=unit_id,
        ).returning(*assessments.c)
        async with self._engine.begin() as connection:
            return Assessment(**(await connection.execute(statement)).one()._mapping)

    async def complete(self, assessment_id: int, now: datetime) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                assessments.update().where(assessments.c.id == assessment_id).values(completed_at=now)
            )

    async def get(self, organisation_id: str, assessment_id: int) -> Assessment | None:
        query = sa.select(assessments).where(assessments.c.organisation_id == organisation_id,
                                             assessments.c.id == assessment_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else Assessment(**row._mapping)

    async def latest(self, organisation_id: str, unit_id: int | None = None) -> Assessment | None:
        """The organisation's own latest assessment, or one unit's."""
        return await self._first(organisation_id, assessments.c.started_at,
                                 assessments.c.unit_id.is_not_distinct_from(unit_id))

    async def latest_of_any(self, organisation_id: str) -> Assessment | None:
        """The latest assessment of the organisation itself or any of its units."""
        return await self._first(organisation_id, assessments.c.started_at)

    async def last_completed(self, organisation_id: str) -> Assessment | None:
        return await self._first(organisation_id, assessments.c.completed_at, assessments.c.completed_at.is_not(None),
                                 assessments.c.unit_id.is_(None))

    async def _first(self, organisation_id: str, newest: sa.Column, *conditions: sa.ColumnElement[bool]) -> Assessment | None:
        query = (
            sa.select(assessments)
            .where(assessments.c.organisation_id == organisation_id, *conditions)
            .order_by(newest.desc(), assessments.c.id.desc())
            .limit(1)
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else Assessment(**row._mapping)
