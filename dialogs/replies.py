"""Reading the commands people type or click, Swedish and English (answers: dialogs/answers.py).

Matched on whole words after normalising case and punctuation, never by substring:
"status" is a command, "statusrapport" is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping

from botbuilder.schema import Activity

from texts.typed import words


class Command(str, Enum):
    """What people can ask for; each is declared with its words, menu entry and help in dialogs/features.py."""

    HELP = "help"
    MENU = "menu"
    START = "start"
    CONTINUE = "continue"
    STATUS = "status"
    SWITCH = "switch"
    LANGUAGE = "language"
    ENGLISH = "english"
    SWEDISH = "swedish"
    CANCEL = "cancel"
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
    COLLABORATION = "collaboration"
    EXPLAIN = "explain"
    ANNEX = "annex"
    ABOUT = "about"
    TARGET = "target"
    UNITS = "units"
    NEW_UNIT = "new unit"
    REMOVE_UNIT = "remove unit"
    RENAME_UNIT = "rename unit"
    MY_ROLE = "my role"
    WORKSHOP = "workshop"
    RESUME_WORKSHOP = "resume workshop"
    TAKE_OVER_WORKSHOP = "take over workshop"
    END_WORKSHOP = "end workshop"


@dataclass(frozen=True)
class CommandCall:
    command: Command
    rest: list[str]  # words after the command, e.g. ["steg", "2"] in "start steg 2"


class Commands:
    """Which command a message asks for: its first words against every command's phrases, longest first."""

    def __init__(self, phrases: Mapping[Command, Iterable[tuple[str, ...]]]) -> None:
        self._commands: dict[tuple[str, ...], Command] = {}
        for command, typed in phrases.items():
            for phrase in typed:
                if self._commands.setdefault(phrase, command) is not command:
                    raise ValueError(f"{' '.join(phrase)!r} is typed both for {self._commands[phrase]} and {command}")
        self._lengths = sorted({len(phrase) for phrase in self._commands}, reverse=True)

    def parse(self, text: object) -> CommandCall | None:
        tokens = words(text)
        for length in self._lengths:
            command = self._commands.get(tuple(tokens[:length]))
            if command is not None and len(tokens) >= length:
                return CommandCall(command, tokens[length:])
        return None

    def of(self, activity: Activity) -> CommandCall | None:
        """From a button's `command` or, failing that, the typed text."""
        value = activity.value if isinstance(activity.value, dict) else {}
        return self.parse(value.get("command") or activity.text)


