"""Quick checks before a procurement and the preparedness review: their answers, checklists and follow-up wishes."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from model.types import Model
from storage import Database


class Checkins:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock
