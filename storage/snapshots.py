"""Snapshots of completed assessments, kept for trends, and the organisations that take part in comparison."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, comparison_opt_ins, insert, organisations, snapshots


@dataclass(frozen=True)
class Snapshot:
    id: int
    organisation_id: str
    assessment_id: int
    taken_at: datetime
    answers: dict
    score: dict
    unit_id: int | None = None  # None: the organisation itself


class Snapshots:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def take(self, organisation_id: str, assessment_id: int, answers: dict, score: dict,
                   now: datetime, unit_id: int | None = None) -> Snapshot:
        statement = snapshots.insert().values(
            organisation_id=organisation_id, assessment_id=assessment_id, taken_at=as_utc(now),
            answers=answers, score=score, unit_id=unit_id,
        ).returning(*snapshots.c)
        async with self._engine.begin() as connection:
            return Snapshot(**(await connection.execute(statement)).one()._mapping)

    async def list(self, organisation_id: str, unit_id: int | None = None) -> list[Snapshot]:
        """The organisation's own (or one unit's), oldest first."""
        query = sa.select(snapshots).where(snapshots.c.organisation_id == organisation_id,
                                           snapshots.c.unit_id.is_not_distinct_from(unit_id)).order_by(
            snapshots.c.taken_at, snapshots.c.id)
        async with self._engine.connect() as connection:
            return [Snapshot(**row._mapping) for row in await connection.execute(query)]

    async def set_comparison(self, organisation_id: str, opted_in: bool, user_id: str, now: datetime) -> None:
        statement = insert(self._engine, comparison_opt_ins).values(
            organisation_id=organisation_id, opted_in=opted_in, changed_by=user_id, changed_at=as_utc(now))
        statement = statement.on_conflict_do_update(
            index_elements=[comparison_opt_ins.c.organisation_id],
            set_={"opted_in": statement.excluded.opted_in, "changed_by": statement.excluded.changed_by,
                  "changed_at": statement.excluded.changed_at},
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def compares(self, organisation_id: str) -> bool:
        query = sa.select(comparison_opt_ins.c.opted_in).where(comparison_opt_ins.c.organisation_id == organisation_id)
        async with self._engine.connect() as connection:
            return bool((await connection.execute(query)).scalar())

    async def latest_of_comparison_group(self, kind: str) -> list[Snapshot]:
        """The latest snapshot of every opted-in organisation of this kind, in every tenant: the figures
        leave the tenant only as medians, and only when enough organisations take part."""
        latest = _latest_of_group(kind).subquery()
        query = sa.select(snapshots).join(latest, latest.c.id == snapshots.c.id).order_by(snapshots.c.organisation_id)
        async with self._engine.connect() as connection:
            return [Snapshot(**row._mapping) for row in await connection.execute(query)]

    async def comparison_group_version(self, kind: str) -> tuple[int, int, int]:
        """Changes whenever `latest_of_comparison_group(kind)` would give other snapshots (one taken, an
        organisation opting in or out, joining or leaving the kind), without reading any of them."""
        latest = _latest_of_group(kind).subquery()
        query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(latest.c.id), 0),
                          sa.func.coalesce(sa.func.max(latest.c.id), 0))
        async with self._engine.connect() as connection:
            count, total, newest = (await connection.execute(query)).one()
        return int(count), int(total), int(newest)


def _latest_of_group(kind: str) -> sa.Select:
    return (
        sa.select(snapshots.c.organisation_id, sa.func.max(snapshots.c.id).label("id"))
        .join(comparison_opt_ins, comparison_opt_ins.c.organisation_id == snapshots.c.organisation_id)
        .join(organisations, organisations.c.id == snapshots.c.organisation_id)
        .where(comparison_opt_ins.c.opted_in.is_(True), organisations.c.kind == kind,
               snapshots.c.unit_id.is_(None))  # organisations are compared as wholes
        .group_by(snapshots.c.organisation_id)
    )
