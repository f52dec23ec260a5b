"""Self-assessments: starting and resuming them, recording answers as they are given, completing them (which
takes a snapshot), and the standing they give."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from model.types import Model
from storage import Database


class Assessments:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock

    async def set_target(self, organisation_id: str, target: dict | None) -> None:
        """Where the organisation wants to be (see model.scoring for the forms a target takes)."""
        await self._database.organisations.set_target(organisation_id, target)
