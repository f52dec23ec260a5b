"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from bot.handler import DalaBot
from bot.settings import Settings
from bot.state_storage import StateStorage
from dialogs.context import Services
from dialogs.features import registry
from model.types import Model
from reports.pages import ReportTokens
from services.reports import ReportSharing
from storage import Database
from texts import Texts


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def build_bot(model: Model, database: Database, clock: Callable[[], datetime] = utc_now,
              report_tokens: ReportTokens | None = None) -> DalaBot:
    services = Services.create(model, database, Texts.load(), clock)
    tokens = report_tokens or ReportTokens.for_this_run(Settings().base_url)
    sharing = ReportSharing(database, services.membership, clock, tokens.url)
    return DalaBot(services, StateStorage(database.documents), registry(services, sharing))
