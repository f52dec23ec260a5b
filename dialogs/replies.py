"""Reading what people type or click: commands and answers, Swedish and English.

Matched on whole words after normalising case and punctuation, never by substring:
"status" is a command, "statusrapport" is not.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from texts.typed import TOKEN, words

MAX_COMMENT = 500


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
