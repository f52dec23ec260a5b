"""Everything people can ask for, declared once: the words they type (a phrase entry in texts/*.yaml), the
button on the menu card, the line in the help and the dialog that serves it. The router, the menu and the
help are all read from `registry`.

A new feature: a `Command`, its phrases and texts in its YAML, and a `Feature` below.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from botbuilder.dialogs import Dialog
from botbuilder.schema import Activity

from dialogs.assessment.assessment import AssessmentDialog, AssessmentOptions
from dialogs.assessment.crisis import CrisisDialog
from dialogs.assessment.target import TargetDialog
from dialogs.assessment.scope import scope_from_words
from dialogs.checkin.my_checks import CheckListDialog
from dialogs.checkin.quick_check import QuickCheckDialog
from dialogs.collaboration.collaboration import CollaborationDialog
from dialogs.context import FeatureOptions, Services
from dialogs.guide.about import about_model
from dialogs.guide.annexes import annex
from dialogs.guide.glossary import explain
from dialogs.members.delete_organisation import DeleteOrganisationDialog
from dialogs.members.forget_me import ForgetMeDialog
from dialogs.members.join import JoinDialog
from dialogs.members.members import MembersDialog
from dialogs.members.role import RoleDialog
from dialogs.members.settings import SettingsDialog
from dialogs.plan.plan import PlanDialog
from dialogs.plan.reminders import ReminderDialog
from dialogs.replies import Command, CommandCall
from dialogs.report import ReportDialog
from dialogs.units.named import unit_words
from dialogs.units.rename_unit import RenameUnitDialog
from dialogs.units.units import UnitsDialog, unit_request
from dialogs.workshop.control import WorkshopControlDialog
from dialogs.workshop.start import WorkshopDialog
from model.checks import load_checks
from services.reports import ReportSharing


def feature_options(organisation_id: str | None, call: CommandCall) -> object:
    return FeatureOptions(organisation_id, call.command.value, tuple(call.rest))


@dataclass(frozen=True)
class Feature:
    command: Command
    words: str  # key of the phrases people type for it
    dialog: Dialog | None = None  # None: the main dialog answers it itself
    menu: str | None = None  # key of its button's title on the menu card; None: not on the menu
    more: bool = False  # the button is folded under "Mer …" rather than on the card itself
    help: str | None = None  # key of its line in the help
    needs_organisation: bool = True  # False: served also to someone who belongs to no organisation
    # The options `dialog` begins with, from the organisation the conversation answers for and the command.
    opening: Callable[[str | None, CommandCall], object] = feature_options
    # A feature that only answers, without a dialog: what it says in a language for the words after the
    # command. It answers anywhere, also between the questions of an assessment, which then goes on.
    reply: Callable[[str, tuple[str, ...]], list[Activity]] | None = None


def registry(services: Services, sharing: ReportSharing) -> tuple[Feature, ...]:
    """In the order of the menu and the help."""
    checks, model = load_checks(services.model), services.model
    assessment, reminders, units = AssessmentDialog(services), ReminderDialog(services), UnitsDialog(services)
    workshop_control = WorkshopControlDialog(services)

    def start(organisation_id: str | None, call: CommandCall) -> AssessmentOptions:
        named = unit_words(services, call.rest)  # "start enhet Socialförvaltningen"
        if named is not None:
            return AssessmentOptions(organisation_id, unit_words=named)
        return AssessmentOptions(organisation_id, scope_from_words(model, call.rest))

    return (
        Feature(Command.START, "command_start", assessment, menu="menu_start", opening=start),
        Feature(Command.CONTINUE, "command_continue", assessment, menu="menu_continue",
                opening=lambda organisation_id, call: AssessmentOptions(organisation_id, resume=True)),
        Feature(Command.STATUS, "command_status", menu="menu_status"),
        Feature(Command.QUICK_CHECK, "command_quick_check", QuickCheckDialog(services, checks),
                menu="menu_quick_check", help="help_quick_check"),
        Feature(Command.PLAN, "command_plan", PlanDialog(services), menu="menu_plan", help="help_plan"),
        Feature(Command.PAUSE_REMINDERS, "command_pause_reminders", reminders, help="help_pause_reminders"),
        Feature(Command.STOP_REMINDERS, "command_stop_reminders", reminders, help="help_stop_reminders"),
        Feature(Command.RESUME_REMINDERS, "command_resume_reminders", reminders),
        Feature(Command.WORKSHOP, "command_workshop", WorkshopDialog(services), menu="menu_workshop", more=True,
                help="help_workshop"),
        Feature(Command.RESUME_WORKSHOP, "command_resume_workshop", workshop_control, help="help_resume_workshop"),
        Feature(Command.TAKE_OVER_WORKSHOP, "command_take_over_workshop", workshop_control,
                help="help_take_over_workshop"),
        Feature(Command.END_WORKSHOP, "command_end_workshop", workshop_control, help="help_end_workshop"),
        Feature(Command.MY_ROLE, "command_my_role", RoleDialog(services), help="help_my_role"),
        Feature(Command.REPORT, "command_report", ReportDialog(services, sharing), menu="menu_report", more=True,
                help="help_report"),
        Feature(Command.CRISIS, "command_crisis", CrisisDialog(services, checks), menu="menu_crisis", more=True,
                help="help_crisis"),
        Feature(Command.TARGET, "command_target", TargetDialog(services), menu="menu_target", more=True,
                help="help_target"),
        Feature(Command.ABOUT, "command_about", menu="menu_about", more=True, help="help_about",
                needs_organisation=False, reply=lambda lang, words: about_model(services, lang)),
        Feature(Command.MY_CHECKS, "command_my_checks", CheckListDialog(services, checks), menu="menu_my_checks",
                more=True, help="help_my_checks"),
        Feature(Command.MEMBERS, "command_members", MembersDialog(services), menu="menu_members", more=True,
                help="help_members"),
        Feature(Command.UNITS, "command_units", units, menu="menu_units", more=True, help="help_units",
                opening=unit_request),
        Feature(Command.NEW_UNIT, "command_new_unit", units, help="help_new_unit", opening=unit_request),
        Feature(Command.RENAME_UNIT, "command_rename_unit", RenameUnitDialog(services), help="help_rename_unit"),
        Feature(Command.REMOVE_UNIT, "command_remove_unit", units, help="help_remove_unit", opening=unit_request),
        Feature(Command.SETTINGS, "command_settings", SettingsDialog(services), menu="menu_settings", more=True,
                help="help_settings"),
        Feature(Command.COLLABORATION, "command_collaboration", CollaborationDialog(services),
                menu="menu_collaboration", more=True, help="help_collaboration"),
        Feature(Command.SWITCH, "command_switch", menu="menu_switch", more=True),
        Feature(Command.LANGUAGE, "command_language", menu="menu_language", more=True),
        Feature(Command.ENGLISH, "command_english"),
        Feature(Command.SWEDISH, "command_swedish"),
        Feature(Command.EXPLAIN, "command_explain", help="help_explain", needs_organisation=False,
                reply=lambda lang, words: explain(services, lang, words)),
        Feature(Command.ANNEX, "command_annex", help="help_annex", needs_organisation=False,
                reply=lambda lang, words: annex(services, lang, words)),
        Feature(Command.JOIN, "command_join", JoinDialog(services), help="help_join"),
        Feature(Command.FORGET_ME, "command_forget_me", ForgetMeDialog(services), help="help_forget_me",
                needs_organisation=False),
        Feature(Command.DELETE_ORGANISATION, "command_delete_organisation", DeleteOrganisationDialog(services),
                help="help_delete_organisation"),
        Feature(Command.HELP, "command_help"),
        Feature(Command.MENU, "command_menu"),
        Feature(Command.CANCEL, "command_cancel"),
    )
