"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from botbuilder.dialogs import Dialog

from bot.db import Database
from bot.handler import DalaBot
from bot.state_storage import StateStorage
from dialogs.replies import Command
from dialogs.services import Services
from dialogs.texts import Texts
from model.types import Model


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def build_bot(model: Model, database: Database, clock: Callable[[], datetime] = utc_now) -> DalaBot:
    services = Services(model=model, database=database, texts=Texts.load(), clock=clock)
    features: dict[Command, Dialog] = {}
    # Each feature dialog registers the commands it serves below.
    return DalaBot(services, StateStorage(database.documents), features)
