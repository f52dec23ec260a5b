"""The action plan: its items and the next steps they come from. Every change to an item plans its reminders
again, here and nowhere else."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from model.types import Model
from storage import Database


class ActionPlan:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock
