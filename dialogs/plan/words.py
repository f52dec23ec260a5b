"""What people ask of the action plan, typed ("klar 2", "skjut upp 2 till 1 maj") or clicked, and the data
of the buttons that ask it, side by side so both read the same fields.

Whole words only, as everywhere: "klar 2" is an action, "klarhet" is not. The words are phrase entries in
texts/plan.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from babel.dates import format_date

from dialogs.replies import Command, CommandCall
from model.scoring import Recommendation
from services.plan import ActionItem
from texts import Texts
from texts.typed import TOKEN, words


class PlanAction(str, Enum):
    LIST = "list"
    ADD = "add"  # with a number: that next step from the assessment
    DONE = "done"
    POSTPONE = "postpone"
    REASSIGN = "reassign"
    DELETE = "delete"


ACTION_PHRASES = {PlanAction.ADD: "plan_words_add", PlanAction.DONE: "plan_words_done",
                  PlanAction.POSTPONE: "plan_words_postpone", PlanAction.REASSIGN: "plan_words_reassign",
                  PlanAction.DELETE: "plan_words_delete"}


@dataclass(frozen=True)
class PlanRequest:
    action: PlanAction
    number: int | None = None  # the item, or with ADD the next step
    when: str | None = None  # a typed date after a postpone, or a services.plan.Period value from a button
    organisation_id: str | None = None  # set by buttons on nudges, which may reach another organisation's chat
    # Set by buttons: the item they were shown for (its number may since belong to another item), and
    # the model row and level of the next step they add.
    item_id: int | None = None
    row: str | None = None
    level: int | None = None
    # The unit whose plan it acts on ("plan enhet X", or a button on that plan); None: the organisation's.
    unit_id: int | None = None
    unit_name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", PlanAction(self.action))  # dialog state keeps the enum as its value


def item_click(item: ActionItem, action: PlanAction, **more: object) -> dict:
    """A button about one item names it by id as well as by number: once the item is deleted, its number
    may go to another."""
    return {"command": "plan", "item": item.number, "item_id": item.id, "action": action.value, **more}


def next_step_click(step: Recommendation, unit_id: int | None = None) -> dict:
    """Names the step by row and level, so a click adds what was shown, whatever the next steps are by then;
    and the unit whose step it is, if it is a unit's."""
    return {"command": "plan", "action": PlanAction.ADD.value, "row": step.row.key, "level": step.level,
            **add_click(unit_id)}


def add_click(unit_id: int | None = None) -> dict:
    """Adds an item to the organisation's plan, or (`unit_id`) to that unit's."""
    return {"command": "plan", "action": PlanAction.ADD.value, **({} if unit_id is None else {"unit": unit_id})}


def plan_request(texts: Texts, tokens: tuple[str, ...] | list[str], value: object = None, text: str | None = None
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
        for action, key in ACTION_PHRASES.items():
            if tuple(tokens[:length]) in texts.phrases(key):
                return _with_number(texts, action, tokens[length:], text)
    return None


def typed_request(texts: Texts, text: str | None, call: CommandCall | None) -> PlanRequest | None:
    """A plan action typed while the plan is shown, with or without the command "plan" first (`call`, the
    command the message starts with); None for anything else."""
    tokens = call.rest if call is not None and call.command is Command.PLAN else words(text)
    return plan_request(texts, tokens, text=text) if tokens else None


def text_after(texts: Texts, text: str | None, count: int) -> str | None:
    """What follows the first `count` words of `text` as typed, less a leading "till" ("skjut upp 2 till
    2025-06-30"): splitting into words would break the date apart. None when nothing follows."""
    found = list(TOKEN.finditer(text or ""))
    if not 0 < count <= len(found):
        return None
    rest = text[found[count - 1].end():].split(maxsplit=1)
    if rest and tuple(words(rest[0])) in texts.phrases("plan_words_until"):
        rest = rest[1:]
    return " ".join(rest).strip() or None


def day_text(day: date, lang: str) -> str:
    """"15 mars 2025" or "15 March 2025"."""
    return format_date(day, "d MMMM y", locale="en" if lang == "en" else "sv")


def _with_number(texts: Texts, action: PlanAction, rest: list[str], text: str | None) -> PlanRequest:
    if not (rest and rest[0].isdigit()):
        return PlanRequest(action)
    number_at = len(words(text)) - len(rest) + 1  # the number's place among all the words typed
    return PlanRequest(action, int(rest[0]), text_after(texts, text, number_at))


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
