"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from bot.handler import DalaBot
from bot.references import ReferenceKeeper
from bot.settings import Settings
from bot.state_storage import StateStorage
from dialogs.context import Services
from services.assessments import Assessments
from services.checkins import Checkins
from services.collaborations import Collaborations
from services.membership import Membership
from services.plan import ActionPlan
from services.units import Units
from services.workshops import Workshops
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
    parts = (database, model, clock)
    tokens = report_tokens or ReportTokens.for_this_run(Settings().base_url)
    assessments, membership = Assessments(*parts), Membership(*parts)
    services = Services(model, Texts.load(), clock, assessments, Checkins(*parts), ActionPlan(*parts), membership,
                        Collaborations(database, model, membership, clock, tokens.board_url),
                        Units(database, membership, clock), Workshops(*parts, assessments, membership))
    sharing = ReportSharing(database, services.membership, clock, tokens.url)
    references = ReferenceKeeper(database.conversation_references, clock)
    return DalaBot(services, StateStorage(database.documents), registry(services, sharing), references)
