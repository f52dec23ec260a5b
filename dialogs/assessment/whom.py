"""Whom an assessment is for: the organisation as a whole or one of its units, from `start enhet NAMN`, a unit's
button, `fortsätt` (the unit of the latest assessment) or, when the organisation has units, a choice."""
from __future__ import annotations

from botbuilder.core import TurnContext

from bot.cards import MAX_ACTIONS
from dialogs.context import Services, TurnInfo
from dialogs.units.named import clicked_unit, typed_after, unit_named
from services.units import Unit

ORGANISATION = "organisation"  # the choice for the organisation as a whole; a unit's is "unit:<id>"


async def named_unit(services: Services, context: TurnContext, organisation_id: str,
                     name_words: list[str] | None) -> tuple[Unit | None, str | None]:
    """(the unit a button or the typed words name, None) or (None, what to say when there is no such unit);
    (None, None) when neither names one."""
    info, texts = TurnInfo.of(context), services.texts
    clicked = clicked_unit(context)
    if clicked is not None:
        unit = await services.units.get(organisation_id, clicked)
        return (unit, None) if unit else (None, texts("unit_gone", info.lang))
    if name_words is None:
        return None, None
    if not name_words:
        return None, texts("unit_which", info.lang)
    unit = await unit_named(services, organisation_id, name_words)
    if unit is None:
        name = info.organisation.name if info.organisation else ""
        typed = typed_after(context, 2) or " ".join(name_words)
        return None, texts("unit_unknown", info.lang, name=name, typed=typed)
    return unit, None


async def whom_options(services: Services, organisation_id: str, organisation_name: str,
                       lang: str) -> list[tuple[str, str]] | None:
    """The choice of whom to assess, when the organisation has units that fit one row of buttons beside itself;
    [] when it has more (they are named by typing), None when it has none."""
    units = await services.units.list(organisation_id)
    if not units:
        return None
    if len(units) >= MAX_ACTIONS:
        return []
    whole = services.texts.plain("whom_organisation", lang, name=organisation_name)  # kept in state as typed
    return [(ORGANISATION, whole)] + [(f"unit:{unit.id}", unit.name) for unit in units]


async def chosen_unit(services: Services, organisation_id: str, choice: object) -> Unit | None:
    kind, _, number = str(choice).partition(":")
    return await services.units.get(organisation_id, int(number)) if kind == "unit" and number.isdigit() else None
