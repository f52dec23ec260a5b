"""What people ask of the action plan, typed ("klar 2", "skjut upp 2 till 1 maj") or clicked.

Whole words only, as everywhere: "klar 2" is an action, "klarhet" is not.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum

from babel.dates import format_date

from dialogs.replies import words


class PlanAction(str, Enum):
    LIST = "list"
    ADD = "add"  # with a number: that next step from the assessment
    DONE = "done"
    POSTPONE = "postpone"
    REASSIGN = "reassign"
    DELETE = "delete"


ACTION_WORDS: dict[tuple[str, ...], PlanAction] = {
    ("lägg", "till"): PlanAction.ADD, ("ny", "åtgärd"): PlanAction.ADD, ("add",): PlanAction.ADD,
    ("klar",): PlanAction.DONE, ("klart",): PlanAction.DONE, ("done",): PlanAction.DONE,
    ("skjut", "upp"): PlanAction.POSTPONE, ("postpone",): PlanAction.POSTPONE,
    ("ny", "ansvarig"): PlanAction.REASSIGN, ("byt", "ansvarig"): PlanAction.REASSIGN,
    ("reassign",): PlanAction.REASSIGN,
    ("ta", "bort"): PlanAction.DELETE, ("radera",): PlanAction.DELETE, ("delete",): PlanAction.DELETE,
    ("remove",): PlanAction.DELETE,
}
# What follows an item's number is a date, maybe led by "till": "skjut upp 2 till 2025-06-30". Read from
# the typed text, since splitting into words would break "2025-06-30" apart.
_DATE_AFTER_NUMBER = re.compile(r"\b\d+\b\s*(?:(?:till|to|until)\b)?\s*(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class PlanRequest:
    action: PlanAction
    number: int | None = None  # the item, or with ADD the next step
    when: str | None = None  # a typed date after a postpone, or "week" / "month" from a button
    organisation_id: str | None = None  # set by buttons on nudges, which may reach another organisation's chat
    # Set by buttons: the item they were shown for (its number may since belong to another item), and
    # the model row and level of the next step they add.
    item_id: int | None = None
    row: str | None = None
    level: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", PlanAction(self.action))  # also when read back from JSON state

    def to_dict(self) -> dict:
        return {**asdict(self), "action": self.action.value}

    @classmethod
    def from_dict(cls, data: dict) -> "PlanRequest":
        return cls(**data)


def plan_request(tokens: tuple[str, ...] | list[str], value: object = None, text: str | None = None
                 ) -> PlanRequest | None:
    """From a button's data, else from the words after "plan" (or typed while the plan is shown);
    `text` is what was typed, for a date after the item's number."""
    if isinstance(value, dict) and value.get("action") in {a.value for a in PlanAction}:
        return PlanRequest(PlanAction(value["action"]), _number(value.get("item")), _text(value.get("by")),
                           _text(value.get("organisation")), _number(value.get("item_id")),
                           _text(value.get("row")), _number(value.get("level")))
    tokens = list(tokens)
    if not tokens:
        return PlanRequest(PlanAction.LIST)
    if len(tokens) == 1 and tokens[0].isdigit():
        return PlanRequest(PlanAction.ADD, int(tokens[0]))
    for length in (2, 1):
        action = ACTION_WORDS.get(tuple(tokens[:length]))
        if action is not None:
            return _with_number(action, tokens[length:], text)
    return None


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def typed_request(text: str | None) -> PlanRequest | None:
    """A plan action typed while the plan is shown, with or without the word "plan"; None for anything else."""
    tokens = words(text)
    if tokens[:1] in (["plan"], ["handlingsplan"]):
        tokens = tokens[1:]
    return plan_request(tokens, text=text) if tokens else None


def _with_number(action: PlanAction, rest: list[str], text: str | None) -> PlanRequest:
    if not (rest and rest[0].isdigit()):
        return PlanRequest(action)
    found = _DATE_AFTER_NUMBER.search(text or "")
    return PlanRequest(action, int(rest[0]), (found[1].strip() or None) if found else None)


def day_text(day: date, lang: str) -> str:
    """"15 mars 2025" or "15 March 2025"."""
    return format_date(day, "d MMMM y", locale="en" if lang == "en" else "sv")
