"""Builds the bot and its services from settings."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from botbuilder.dialogs import Dialog

from bot.db import Database
from bot.handler import DalaBot
from bot.report import ReportTokens
from bot.settings import Settings
from bot.state_storage import StateStorage
from dialogs.check_list_dialog import CheckListDialog
from dialogs.crisis_dialog import CrisisDialog
from dialogs.delete_organisation_dialog import DeleteOrganisationDialog
from dialogs.forget_me_dialog import ForgetMeDialog
from dialogs.join_dialog import JoinDialog
from dialogs.members_dialog import MembersDialog
from dialogs.plan_dialog import PlanDialog
from dialogs.quick_check_dialog import QuickCheckDialog
from dialogs.reminder_dialog import ReminderDialog
from dialogs.replies import Command
from dialogs.report_dialog import ReportDialog
from dialogs.services import Services
from dialogs.settings_dialog import SettingsDialog
from dialogs.texts import Texts
from model.checks import load_checks
from model.types import Model


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def build_bot(model: Model, database: Database, clock: Callable[[], datetime] = utc_now,
              report_tokens: ReportTokens | None = None) -> DalaBot:
    services = Services(model=model, database=database, texts=Texts.load(), clock=clock)
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
