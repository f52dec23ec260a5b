"""Answers to the model's rows. Nothing is overwritten: each answer is a new record, the latest one counts."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import answers, as_utc

NOT_APPLICABLE = "na"
LEVELS = range(4)


@dataclass(frozen=True)
class RowAnswer:
    organisation_id: str
    row_key: str
    value: int | str
    comment: str | None
    user_id: str
    user_name: str
    answered_at: datetime
    assessment_id: int | None = None
    unit_id: int | None = None  # None: the organisation's own answer


class Answers:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record(
        self, organisation_id: str, row_key: str, value: int | str, comment: str | None,
        user_id: str, user_name: str, now: datetime, assessment_id: int | None = None, unit_id: int | None = None,
    ) -> RowAnswer:
        if value != NOT_APPLICABLE and not (isinstance(value, int) and value in LEVELS):
            raise ValueError(f"an answer is 0 to 3 or {NOT_APPLICABLE!r}, not {value!r}")
        answer = RowAnswer(organisation_id, row_key, value, comment, user_id, user_name, as_utc(now), assessment_id,
                           unit_id)
        async with self._engine.begin() as connection:
            await connection.execute(_INSERT, {**asdict(answer), "value": str(value)})
        return answer

    async def current(self, organisation_id: str, row_keys: Iterable[str] | None = None,
                      unit_id: int | None = None) -> dict[str, RowAnswer]:
        """The answer recorded last per row (optionally only these rows) of the organisation itself or of one
        of its units; the history stays in the table."""
        whose = {"organisation_id": organisation_id, "unit_id": unit_id}
        query, parameters = (_CURRENT, whose) if row_keys is None else (
            _CURRENT_OF_ROWS, {**whose, "row_keys": list(row_keys)})
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query, parameters)).mappings()
            return {answer.row_key: answer for answer in map(_answer, rows)}

    async def answered_in(self, assessment_id: int) -> set[str]:
        """The rows answered in this assessment."""
        async with self._engine.connect() as connection:
            return set((await connection.execute(_ANSWERED_IN, {"assessment_id": assessment_id})).scalars())

    async def history(self, organisation_id: str, row_key: str | None = None,
                      unit_id: int | None = None) -> list[RowAnswer]:
        query = sa.select(*_FIELDS).where(
            answers.c.organisation_id == organisation_id, answers.c.unit_id.is_not_distinct_from(unit_id)
        )
        if row_key is not None:
            query = query.where(answers.c.row_key == row_key)
        # In the order recorded, like current(): the database's order holds across instances whose clocks differ.
        query = query.order_by(answers.c.id)
        async with self._engine.connect() as connection:
            rows = await connection.execute(query)
            return [_answer(row._mapping) for row in rows]


_FIELDS = [answers.c[field] for field in RowAnswer.__dataclass_fields__]
# Built once, as answering runs them on every turn: SQLAlchemy reuses their cache keys and compiled forms.
_INSERT = answers.insert()
_LATEST = sa.select(sa.func.max(answers.c.id)).where(
    answers.c.organisation_id == sa.bindparam("organisation_id"),
    # IS on SQLite, IS NOT DISTINCT FROM on PostgreSQL: None finds the organisation's own answers.
    answers.c.unit_id.is_not_distinct_from(sa.bindparam("unit_id", type_=sa.Integer)))
_ANSWERED_IN = sa.select(answers.c.row_key).where(answers.c.assessment_id == sa.bindparam("assessment_id")).distinct()
_CURRENT = sa.select(*_FIELDS).where(answers.c.id.in_(_LATEST.group_by(answers.c.row_key)))
_CURRENT_OF_ROWS = sa.select(*_FIELDS).where(answers.c.id.in_(
    _LATEST.where(answers.c.row_key.in_(sa.bindparam("row_keys", expanding=True))).group_by(answers.c.row_key)))


def _answer(row) -> RowAnswer:
    value = row["value"]
    return RowAnswer(**{**row, "value": value if value == NOT_APPLICABLE else int(value)})
