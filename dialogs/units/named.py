"""Which unit people mean: by its words after a command (`start enhet Socialförvaltningen`, `status unit Social
services`) or by the unit a button names; and the name as typed, case and all, for a new unit."""
from __future__ import annotations

from typing import Callable, TypeVar

from botbuilder.core import TurnContext

from dialogs.assessment.scope import scope_from_words
from dialogs.clicks import click
from dialogs.context import Services
from services.units import Unit
from texts.typed import TOKEN, words

Rest = TypeVar("Rest")


def unit_words(services: Services, rest: list[str] | tuple[str, ...]) -> list[str] | None:
    """The name's words after "enhet"/"unit" ([] when none follow), or None when `rest` names no unit."""
    for phrase in services.texts.phrases("unit_words"):
        if tuple(rest[:len(phrase)]) == phrase:
            return list(rest[len(phrase):])
    return None


async def unit_named(services: Services, organisation_id: str, name_words: list[str]) -> Unit | None:
    """The organisation's unit whose name has these words, whatever the case and punctuation."""
    found = [unit for unit in await services.units.list(organisation_id) if words(unit.name) == list(name_words)]
    return found[0] if len(found) == 1 else None


async def unit_and_scope(services: Services, organisation_id: str,
                         name_words: list[str]) -> tuple[Unit | None, str | None]:
    """The unit the first words name and the scope the rest name, if they do: "socialförvaltningen steg 1"."""
    return await unit_and_rest(services, organisation_id, name_words,
                               lambda rest: scope_from_words(services.model, rest))


async def unit_and_rest(services: Services, organisation_id: str, name_words: list[str],
                        read: Callable[[list[str]], Rest | None]) -> tuple[Unit | None, Rest | None]:
    """The unit the first words name and what `read` makes of the rest ("socialförvaltningen 2" in `plan enhet`),
    the longest name first: a unit called "Enhet 6" wins over "Enhet" followed by 6. (None, None): no unit."""
    for cut in range(len(name_words), 0, -1):
        rest = read(name_words[cut:])
        if cut < len(name_words) and rest is None:
            continue
        unit = await unit_named(services, organisation_id, name_words[:cut])
        if unit is not None:
            return unit, rest
    return None, None


def clicked_unit(context: TurnContext) -> int | None:
    """The unit a clicked button names, if it names one."""
    unit = (click(context) or {}).get("unit")
    # Ids are positive 32-bit integers; anything else a client sends names no unit (and must not reach the database).
    return unit if isinstance(unit, int) and not isinstance(unit, bool) and 0 < unit < 2 ** 31 else None


def typed_after(context: TurnContext, command_words: int) -> str:
    """What was typed after the first `command_words` words, as typed: "Vård & omsorg" in "ny enhet Vård & omsorg"."""
    value = click(context) or {}
    text = context.activity.text if isinstance(context.activity.text, str) else value.get("command")
    if not isinstance(text, str):
        return ""
    found = list(TOKEN.finditer(text))
    if len(found) <= command_words or command_words < 1:
        return ""
    return " ".join(text[found[command_words - 1].end():].strip(" \t:–-").split())
