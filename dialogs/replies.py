"""Reading what people type or click: commands and answers, Swedish and English.

Matched on whole words after normalising case and punctuation, never by substring:
"status" is a command, "statusrapport" is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping

from botbuilder.schema import Activity

from texts.typed import TOKEN, words

MAX_COMMENT = 500


class Command(str, Enum):
    """What people can ask for; each is declared with its words, menu entry and help in dialogs/features.py."""

    HELP = "help"
    MENU = "menu"
    START = "start"
    CONTINUE = "continue"
    STATUS = "status"
    SWITCH = "switch"
    LANGUAGE = "language"
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


class ReplyKind(str, Enum):
    LEVEL = "level"
    NOT_APPLICABLE = "na"
    SKIP = "skip"
    BACK = "back"
    INVALID = "invalid"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    level: int | None = None
    comment: str | None = None


_ANSWER_WORDS: dict[tuple[str, ...], ReplyKind] = {
    ("ej", "relevant"): ReplyKind.NOT_APPLICABLE, ("inte", "relevant"): ReplyKind.NOT_APPLICABLE,
    ("na",): ReplyKind.NOT_APPLICABLE, ("n/a",): ReplyKind.NOT_APPLICABLE,
    ("not", "relevant"): ReplyKind.NOT_APPLICABLE,
    ("hoppa", "över"): ReplyKind.SKIP, ("hoppa",): ReplyKind.SKIP, ("skip",): ReplyKind.SKIP,
    ("vet", "inte"): ReplyKind.SKIP, ("don", "t", "know"): ReplyKind.SKIP,
    ("tillbaka",): ReplyKind.BACK, ("back",): ReplyKind.BACK,
}


def parse_answer(text: str | None, value: dict | None = None) -> Reply:
    """A reply to a model question: from a card submit (`value`) or typed text.

    Typed answers may carry the comment after the choice: "2 beslutat i KF 2024".
    """
    if isinstance(value, dict) and value.get("answer") is not None:
        choice, comment = str(value["answer"]), str(value.get("comment") or "")
    else:
        choice, comment = _split_typed(text or "")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        return Reply(ReplyKind.TOO_LONG)
    tokens = words(choice)
    if len(tokens) == 1 and tokens[0] in {"0", "1", "2", "3"}:
        return Reply(ReplyKind.LEVEL, int(tokens[0]), comment or None)
    kind = _ANSWER_WORDS.get(tuple(tokens))
    if kind is None:
        return Reply(ReplyKind.INVALID)
    return Reply(kind, comment=comment or None if kind is ReplyKind.NOT_APPLICABLE else None)


def _split_typed(text: str) -> tuple[str, str]:
    """Splits "2 beslutat i KF" or "ej relevant: köper inte detta" into choice and comment."""
    found = list(TOKEN.finditer(text.lower()))
    tokens = tuple(match.group() for match in found)
    for phrase in _TYPED_CHOICES:
        if tokens[: len(phrase)] == phrase:
            return " ".join(phrase), text[found[len(phrase) - 1].end():].lstrip(" -–:,.;)")
    return text, ""


_TYPED_CHOICES = sorted([*_ANSWER_WORDS, ("0",), ("1",), ("2",), ("3",)], key=len, reverse=True)


def parse_choice(text: str | None, value: dict | None, options: list[tuple[str, str]]) -> str | None:
    """A choice among `options` (key, label): from a card, by number (1-based), by a key's or label's words,
    or by the first words of just one label ("ja" for "Ja, ta bort")."""
    keys = [key for key, _ in options]
    if isinstance(value, dict) and value.get("choice") in keys:
        return value["choice"]
    tokens = words(text)
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= len(options):
        return keys[int(tokens[0]) - 1]
    if not tokens:
        return None
    for key, label in options:
        if tokens in (words(key.replace("_", " ")), words(label)):
            return key
    starting = [key for key, label in options if words(label)[:len(tokens)] == tokens]
    return starting[0] if len(starting) == 1 else None
