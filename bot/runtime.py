"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from botbuilder.dialogs import Dialog

from storage import Database
from bot.handler import DalaBot
from reports.pages import ReportTokens
from bot.settings import Settings
from bot.state_storage import StateStorage
from dialogs.checkin.my_checks import CheckListDialog
from dialogs.assessment.crisis import CrisisDialog
from dialogs.members.delete_organisation import DeleteOrganisationDialog
from dialogs.members.forget_me import ForgetMeDialog
from dialogs.members.join import JoinDialog
from dialogs.members.members import MembersDialog
from dialogs.plan.plan import PlanDialog
from dialogs.checkin.quick_check import QuickCheckDialog
from dialogs.plan.reminders import ReminderDialog
from dialogs.replies import Command
from dialogs.report import ReportDialog
from dialogs.context import Services
from dialogs.members.settings import SettingsDialog
from texts import Texts
from model.checks import load_checks
from model.types import Model


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def build_bot(model: Model, database: Database, clock: Callable[[], datetime] = utc_now,
              report_tokens: ReportTokens | None = None) -> DalaBot:
    services = Services.create(model, database, Texts.load(), clock)
    features: dict[Command, Dialog] = {}
    # Each feature dialog registers the commands it serves below.
    checks = load_checks(model)
    features[Command.QUICK_CHECK] = QuickCheckDialog(services, checks)
    features[Command.MY_CHECKS] = CheckListDialog(services, checks)
    features[Command.CRISIS] = CrisisDialog(services, checks)
    features[Command.REPORT] = ReportDialog(services, report_tokens or ReportTokens.for_this_run(Settings().base_url))
    features[Command.MEMBERS] = MembersDialog(services)
    features[Command.SETTINGS] = SettingsDialog(services)
    features[Command.JOIN] = JoinDialog(services)
    features[Command.PLAN] = PlanDialog(services)
    features[Command.FORGET_ME] = ForgetMeDialog(services)
    features[Command.DELETE_ORGANISATION] = DeleteOrganisationDialog(services)
    reminders = ReminderDialog(services)
    for command in (Command.PAUSE_REMINDERS, Command.STOP_REMINDERS, Command.RESUME_REMINDERS):
        features[command] = reminders
    return DalaBot(services, StateStorage(database.documents), features)
