"""Reading the commands people type or click, Swedish and English (answers: dialogs/answers.py).

Matched on whole words after normalising case and punctuation, never by substring:
"status" is a command, "statusrapport" is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from texts.typed import words


class Command(str, Enum):
    HELP = "help"
    MENU = "menu"
    START = "start"
    CONTINUE = "continue"
    STATUS = "status"
    SWITCH = "switch"
    LANGUAGE = "language"
    CANCEL = "cancel"
    # Features beyond the assessment; each is served by a dialog registered in bot.runtime.
    QUICK_CHECK = "quick check"
    MY_CHECKS = "my checks"
    CRISIS = "crisis"
    PLAN = "plan"
    PAUSE_REMINDERS = "pause reminders"
    STOP_REMINDERS = "stop reminders"
    RESUME_REMINDERS = "resume reminders"
    REPORT = "report"
    MEMBERS = "members"
    SETTINGS = "settings"
    JOIN = "join"
    FORGET_ME = "forget me"
    DELETE_ORGANISATION = "delete organisation"


COMMAND_WORDS: dict[tuple[str, ...], Command] = {
    ("hjälp",): Command.HELP, ("help",): Command.HELP, ("?",): Command.HELP,
    ("meny",): Command.MENU, ("menu",): Command.MENU,
    ("start",): Command.START, ("starta",): Command.START, ("börja",): Command.START,
    ("fortsätt",): Command.CONTINUE, ("continue",): Command.CONTINUE,
    ("status",): Command.STATUS, ("nivå",): Command.STATUS, ("level",): Command.STATUS,
    ("byt", "organisation"): Command.SWITCH, ("switch", "organisation"): Command.SWITCH,
    ("switch", "organization"): Command.SWITCH, ("switch",): Command.SWITCH,
    ("språk",): Command.LANGUAGE, ("language",): Command.LANGUAGE,
    ("avbryt",): Command.CANCEL, ("cancel",): Command.CANCEL, ("paus",): Command.CANCEL,
    ("pausa",): Command.CANCEL, ("pause",): Command.CANCEL, ("stop",): Command.CANCEL,
    ("snabbkoll",): Command.QUICK_CHECK, ("quick", "check"): Command.QUICK_CHECK,
    ("mina", "snabbkoller"): Command.MY_CHECKS, ("my", "checks"): Command.MY_CHECKS,
    ("beredskap",): Command.CRISIS, ("crisis",): Command.CRISIS,
    ("plan",): Command.PLAN, ("handlingsplan",): Command.PLAN, ("action", "plan"): Command.PLAN,
    ("pausa", "påminnelser"): Command.PAUSE_REMINDERS, ("pause", "reminders"): Command.PAUSE_REMINDERS,
    ("stoppa", "påminnelser"): Command.STOP_REMINDERS, ("stop", "reminders"): Command.STOP_REMINDERS,
    ("starta", "påminnelser"): Command.RESUME_REMINDERS, ("resume", "reminders"): Command.RESUME_REMINDERS,
    ("rapport",): Command.REPORT, ("report",): Command.REPORT,
    ("medlemmar",): Command.MEMBERS, ("members",): Command.MEMBERS,
    ("inställningar",): Command.SETTINGS, ("settings",): Command.SETTINGS,
    ("gå", "med"): Command.JOIN, ("join",): Command.JOIN,
    ("glöm", "mig"): Command.FORGET_ME, ("forget", "me"): Command.FORGET_ME,
    ("radera", "organisation"): Command.DELETE_ORGANISATION, ("radera", "organisationen"): Command.DELETE_ORGANISATION,
    ("delete", "organisation"): Command.DELETE_ORGANISATION, ("delete", "organization"): Command.DELETE_ORGANISATION,
}
@dataclass(frozen=True)
class CommandCall:
    command: Command
    rest: list[str]  # words after the command, e.g. ["steg", "2"] in "start steg 2"


def parse_command(text: str | None) -> CommandCall | None:
    tokens = words(text)
    for length in (2, 1):
        command = COMMAND_WORDS.get(tuple(tokens[:length]))
        if command is not None and len(tokens) >= length:
            return CommandCall(command, tokens[length:])
    return None
