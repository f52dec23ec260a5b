"""Self-assessments: starting and resuming them, recording answers as they are given, completing them (which
takes a snapshot), and the standing they give."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from model.types import Model
from storage import Database

# What became of an assessment: completed, the latest one (open, to be continued), or neither.
FINISHED, PAUSED, OTHER = "finished", "paused", "other"


class Assessments:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock

    async def set_target(self, organisation_id: str, target: dict | None) -> None:
        """Where the organisation wants to be (see model.scoring for the forms a target takes)."""
        await self._database.organisations.set_target(organisation_id, target)

    async def state(self, organisation_id: str, assessment_id: int) -> str:
        """FINISHED, PAUSED or OTHER (another's, unknown, or left for a later one)."""
        assessment = await self._database.assessments.get(organisation_id, assessment_id)
        if assessment is None:
            return OTHER
        if assessment.completed_at is not None:
            return FINISHED
        latest = await self._database.assessments.latest(organisation_id)
        return PAUSED if latest is not None and latest.id == assessment.id else OTHER
