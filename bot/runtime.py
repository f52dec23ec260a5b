"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.db import Database
from bot.handler import DalaBot
from bot.state_storage import StateStorage
from dialogs.services import Services
from dialogs.texts import Texts
from model.types import Model


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def build_bot(model: Model, database: Database) -> DalaBot:
    services = Services(model=model, database=database, texts=Texts.load(), clock=utc_now)
    return DalaBot(services, StateStorage(database.documents))
