"""Self-assessments: starting and resuming them, recording answers as they are given, completing them (which
takes a snapshot), and the standing they give."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from model.scoring import Score, Standing, cell_standing, score
from model.types import CRISIS_CELL, Answer, Model, Row
from services.reports import baseline, changes, progress_over_time, take_snapshot
from storage import Database, Organisation, Unit

# Handed out to dialogs, which never import storage.
__all__ = ["ALL", "CRISIS", "FINISHED", "OTHER", "PAUSED", "Assessments", "Organisation", "Round", "Status",
           "Unit", "UnitStanding", "scope_rows"]

ALL, CRISIS = "all", "crisis"  # scopes; the others are "step:<key>" and "perspective:<key>"
# What became of an assessment: completed, the latest one (open, to be continued), or neither.
FINISHED, PAUSED, OTHER = "finished", "paused", "other"
TREND = 5  # completed assessments whose progress the status shows


def scope_rows(model: Model, scope: str) -> tuple[Row, ...]:
    """The rows an assessment of `scope` asks, in model order."""
    kind, _, key = scope.partition(":")
    if kind == "step":
        return tuple(row for row in model.rows if row.step == key)
    if kind == "perspective":
        return tuple(row for row in model.rows if row.perspective == key)
    if scope == CRISIS:
        return model.cells[CRISIS_CELL]
    return model.rows


@dataclass(frozen=True)
class Round:
    """An assessment about to be asked: its scope's rows in model order, and those not to ask again."""

    assessment_id: int
    rows: tuple[str, ...]
    skip: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """Where an organisation stands: what the status card and the end of an assessment show."""

    organisation: Organisation
    answers: dict[str, Answer]
    result: Score
    trend: list[float]  # overall progress at the last completed assessments, oldest first; empty below two
    changes: dict[str, str]  # per cell and "overall": ↑ ↓ → against the assessment before
    unit: Unit | None = None  # None: the organisation's own standing
    units: tuple["UnitStanding", ...] = ()  # the organisation's units, with the organisation's own standing


@dataclass(frozen=True)
class UnitStanding:
    """One unit's standing, for the line and the heat map row the organisation's status gives it."""

    unit: Unit
    result: Score
    answered: int  # rows of the model answered for the unit


class Assessments:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock

    async def set_target(self, organisation_id: str, target: dict | None) -> None:
        """Where the organisation wants to be (see model.scoring for the forms a target takes)."""
        await self._database.organisations.set_target(organisation_id, target)

    async def resume_scope(self, organisation_id: str) -> tuple[str, int | None]:
        """What `fortsätt` goes on with: the scope and unit of the latest assessment, of the organisation itself
        or any of its units, or the organisation's whole model."""
        latest = await self._database.assessments.latest_of_any(organisation_id)
        if latest is None or (latest.unit_id is not None
                              and await self._database.units.get(organisation_id, latest.unit_id) is None):
            return ALL, None
        return latest.scope, latest.unit_id

    async def answered(self, organisation_id: str, scope: str, unit_id: int | None = None) -> tuple[int, int]:
        """(answered, total): how many of the scope's rows have an answer."""
        rows = [row.key for row in scope_rows(self._model, scope)]
        return len(await self._database.answers.current(organisation_id, rows, unit_id)), len(rows)

    async def begin(self, organisation_id: str, scope: str, user_id: str, *, redo: bool = False,
                    resume: bool = False, unit_id: int | None = None) -> Round | None:
        """Goes on with the open assessment of `scope` (of the organisation itself, or of `unit_id`), or starts
        one. `redo` asks the rows already answered again, too; `resume` (`fortsätt`) goes on as the open one was
        begun. None: nothing is left to ask."""
        rows = tuple(row.key for row in scope_rows(self._model, scope))
        latest = await self._database.assessments.latest(organisation_id, unit_id)
        open_one = latest if latest is not None and latest.completed_at is None and latest.scope == scope else None
        if resume and open_one is not None:
            redo = open_one.redo  # a paused redo asks what it has not asked yet
        if not redo:
            done = set(await self._database.answers.current(organisation_id, rows, unit_id))
        else:
            done = await self._database.answers.answered_in(open_one.id) if resume and open_one else set()
        if done >= set(rows):
            return None
        if open_one is None or open_one.redo != redo:
            open_one = await self._database.assessments.start(organisation_id, scope, user_id, self._clock(), redo,
                                                              unit_id)
        return Round(open_one.id, rows, tuple(key for key in rows if key in done))

    async def record_answer(self, organisation_id: str, row_key: str, value: Answer | None, comment: str | None,
                            user_id: str, user_name: str, *, assessment_id: int | None = None,
                            cell_passed: bool = False, unit_id: int | None = None) -> Standing | None:
        """Saves an answer the moment it is given (`value` None: the row was skipped, nothing to save). When
        the row is the last of its cell that the round asks (`cell_passed`), returns the cell's standing."""
        if value is not None:
            await self._database.answers.record(organisation_id, row_key, value, comment, user_id, user_name,
                                                self._clock(), assessment_id, unit_id)
        if not cell_passed:
            return None
        cell = self._model.row(row_key).cell
        found = await self._database.answers.current(organisation_id, [row.key for row in self._model.cells[cell]],
                                                     unit_id)
        return cell_standing(self._model, {key: answer.value for key, answer in found.items()}, cell)

    async def answer(self, organisation_id: str, row_key: str, unit_id: int | None = None) -> Answer | None:
        """The row's current answer."""
        found = (await self._database.answers.current(organisation_id, [row_key], unit_id)).get(row_key)
        return found.value if found else None

    async def answers(self, organisation_id: str, unit_id: int | None = None) -> dict[str, Answer]:
        """The current answer to every row answered (by the organisation itself, or by one unit); the latest
        counts."""
        found = await self._database.answers.current(organisation_id, unit_id=unit_id)
        return {key: a.value for key, a in found.items()}

    async def complete(self, tenant_id: str, organisation_id: str, assessment_id: int) -> Status | None:
        """Marks the assessment complete and keeps a snapshot of the whole standing (of the organisation or the
        unit assessed), for the trend; returns the status it leaves (None: the organisation or unit is gone)."""
        now = self._clock()
        assessment = await self._database.assessments.get(organisation_id, assessment_id)
        unit_id = assessment.unit_id if assessment else None
        await self._database.assessments.complete(assessment_id, now)
        await take_snapshot(self._database, self._model, organisation_id, assessment_id, now, unit_id)
        organisation = await self._database.organisations.get(tenant_id, organisation_id)
        unit = None if unit_id is None else await self._database.units.get(organisation_id, unit_id)
        if organisation is None or (unit_id is not None and unit is None):
            return None
        return await self.status(organisation, unit)

    async def record_round(self, tenant_id: str, organisation_id: str, scope: str, user_id: str,
                           unit_id: int | None = None) -> None:
        """A round answered elsewhere (a workshop) counts as a completed assessment of `scope`, of the organisation
        itself or of `unit_id`: a snapshot keeps the standing it left, for the trend."""
        assessment = await self._database.assessments.start(organisation_id, scope, user_id, self._clock(), True,
                                                            unit_id)
        await self.complete(tenant_id, organisation_id, assessment.id)

    async def status(self, organisation: Organisation, unit: Unit | None = None) -> Status:
        """The organisation's own standing with a line per unit, or (`unit`) one unit's standing."""
        unit_id = unit.id if unit else None
        answers = await self.answers(organisation.id, unit_id)
        result = score(self._model, answers)
        snapshots = await self._database.snapshots.list(organisation.id, unit_id)
        trend = [progress for _, progress in progress_over_time(snapshots)[-TREND:]] if len(snapshots) > 1 else []
        units = () if unit else tuple([await self._unit_standing(organisation.id, each)
                                       for each in await self._database.units.list(organisation.id)])
        return Status(organisation, answers, result, trend, changes(result, baseline(snapshots, answers)), unit, units)

    async def _unit_standing(self, organisation_id: str, unit: Unit) -> UnitStanding:
        answers = await self.answers(organisation_id, unit.id)
        return UnitStanding(unit, score(self._model, answers), sum(1 for row in self._model.rows if row.key in answers))

    async def state(self, organisation_id: str, assessment_id: int) -> str:
        """FINISHED, PAUSED or OTHER (another's, unknown, or left for a later one)."""
        assessment = await self._database.assessments.get(organisation_id, assessment_id)
        if assessment is None:
            return OTHER
        if assessment.completed_at is not None:
            return FINISHED
        latest = await self._database.assessments.latest(organisation_id, assessment.unit_id)
        return PAUSED if latest is not None and latest.id == assessment.id else OTHER
