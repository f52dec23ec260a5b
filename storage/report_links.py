"""Which report links still work: a link names who made it and the organisation's generation of links.

A link stops working when the member who made it leaves the organisation, and when an administrator
revokes all of the organisation's links, which moves the generation on.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import as_utc, insert, members, report_links


class ReportLinks:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def generation(self, organisation_id: str) -> int:
        """The generation new links get; 0 until the organisation's links are first revoked."""
        async with self._engine.connect() as connection:
            return (await connection.execute(_generation(organisation_id))).scalar() or 0

    async def revoke_all(self, organisation_id: str, now: datetime) -> None:
        statement = insert(self._engine, report_links).values(
            organisation_id=organisation_id, generation=1, revoked_at=as_utc(now))
        statement = statement.on_conflict_do_update(
            index_elements=[report_links.c.organisation_id],
            set_={"generation": report_links.c.generation + 1, "revoked_at": statement.excluded.revoked_at})
        async with self._engine.begin() as connection:
            await connection.execute(statement)

    async def still_valid(self, organisation_id: str, made_by: str, generation: int) -> bool:
        made_by_member = sa.exists().where(members.c.organisation_id == organisation_id,
                                           members.c.user_id == made_by)
        query = sa.select(made_by_member, sa.func.coalesce(_generation(organisation_id).scalar_subquery(), 0))
        async with self._engine.connect() as connection:
            is_member, current = (await connection.execute(query)).one()
        return bool(is_member) and current == generation


def _generation(organisation_id: str) -> sa.Select:
    return sa.select(report_links.c.generation).where(report_links.c.organisation_id == organisation_id)
