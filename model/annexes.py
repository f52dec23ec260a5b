"""The model's two annexes as frozen objects, ready to show.

Annex 1 (Bilaga 1): the indicators of Dalastrategin 2030, grouped by its three target areas. Annex 2
(Bilaga 2): example indicators of a joint procurement board, some with a target value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.fields import Where, dict_field, list_field, optional_text, str_field, text_field
from model.types import Text

ANNEX_KEYS = ("annex1", "annex2")
MEASURES = ("share", "count", "index")
TARGET_OF = ("all", "food")  # a share of all procurements, or of food procurements


@dataclass(frozen=True)
class TargetArea:
    key: str
    name: Text
    indicators: tuple[Text, ...]


@dataclass(frozen=True)
class RegionalIndicators:
    """Annex 1. Outside Dalarna, the region's own development strategy plays this part."""

    title: Text
    about: Text
    outside_dalarna: Text
    areas: tuple[TargetArea, ...]


@dataclass(frozen=True)
class BoardIndicator:
    key: str
    name: Text
    why: Text
    measure: str  # one of MEASURES
    target: Text | None  # the board's target in words, when it set one
    target_min_percent: int | None  # the target as a minimum share, when it is one
    target_of: str | None  # one of TARGET_OF, with target_min_percent


@dataclass(frozen=True)
class BoardIndicators:
    """Annex 2."""

    title: Text
    about: Text
    indicators: tuple[BoardIndicator, ...]

    def indicator(self, key: str) -> BoardIndicator:
        return next(indicator for indicator in self.indicators if indicator.key == key)

    def target_percent(self, keys: tuple[str, ...]) -> int | None:
        """The first minimum share set among these indicators."""
        return next((i.target_min_percent for i in self.indicators
                     if i.key in keys and i.target_min_percent is not None), None)


@dataclass(frozen=True)
class Annexes:
    annex1: RegionalIndicators
    annex2: BoardIndicators


def build_annexes(document: Any, where: Where) -> Annexes:
    first = dict_field(document, "annex1", where)
    first_where = where.inside("annex1.")
    areas = tuple(_area(area, first_where) for area in list_field(first, "areas", first_where))
    second = dict_field(document, "annex2", where)
    second_where = where.inside("annex2.")
    return Annexes(
        RegionalIndicators(text_field(first, "title", first_where), text_field(first, "about", first_where),
                           text_field(first, "outside_dalarna", first_where), areas),
        BoardIndicators(text_field(second, "title", second_where), text_field(second, "about", second_where),
                        tuple(_board_indicator(item, where) for item in
                              list_field(second, "indicators", second_where))),
    )


def _area(area: Any, where: Where) -> TargetArea:
    key = str_field(area, "key", where.inside("areas."))
    at = where.at(key, "annex 1 area")
    indicators = list_field(area, "indicators", at)
    return TargetArea(key, text_field(area, "name", at),
                      tuple(text_field({f"indicators[{n}]": text}, f"indicators[{n}]", at)
                            for n, text in enumerate(indicators, 1)))


def _board_indicator(item: Any, where: Where) -> BoardIndicator:
    key = str_field(item, "key", where.inside("annex2.indicators."))
    at = where.at(key, "annex 2 indicator")
    measure = str_field(item, "measure", at)
    if measure not in MEASURES:
        raise at.error("measure", f"must be one of {list(MEASURES)}")
    percent, of = item.get("target_min_percent"), item.get("target_of")
    if percent is not None:
        if not isinstance(percent, int) or isinstance(percent, bool) or not 0 < percent <= 100 or of not in TARGET_OF:
            raise at.error("target_min_percent", f"must be 1-100 with target_of one of {list(TARGET_OF)}")
    elif of is not None:
        raise at.error("target_of", "needs target_min_percent")
    target = optional_text(item, "target", at)
    if percent is not None and target is None:
        raise at.error("target", "is missing (it says the target in words)")
    return BoardIndicator(key, text_field(item, "name", at), text_field(item, "why", at), measure, target,
                          percent, of)


def annex_key(item: dict, where: Where) -> str | None:
    """An entry's optional link to an annex."""
    annex = item.get("annex")
    if annex is not None and annex not in ANNEX_KEYS:
        raise where.error("annex", f"must be one of {list(ANNEX_KEYS)}")
    return annex
