"""Organisations and the people in them: which organisation a conversation answers for, creating and joining one,
members and roles, settings, forgetting a person and deleting an organisation."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from model.types import Model
from storage import Database


class Membership:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock
