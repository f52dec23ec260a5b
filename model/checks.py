"""The quick check before one procurement and the crisis-readiness prompts, as frozen objects.

Read from checks.yaml and crisis.yaml next to the model's content; every `row` must name a row
of the model, so a "nej" can always point at the part of the model it comes from. A crisis prompt
names a crisis row (K.1, K.2) and, where one applies, the procurement principle that is its reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from model.annexes import annex_key
from model.fields import (
    Where,
    dict_field,
    key_list,
    list_field,
    optional_text,
    parse_yaml,
    read_yaml,
    str_field,
    text_field,
)
from model.loader import CONTENT_DIR
from model.types import Model, Text

CHECK, CRISIS, PREPAREDNESS = "check", "crisis", "preparedness"
# The answers each kind of item takes, in the order the buttons show them.
ANSWERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    CHECK: ("yes", "partly", "no", "na"),
    CRISIS: ("yes", "no", "unknown"),
    PREPAREDNESS: ("yes", "no"),
})
DONE, NOT_RELEVANT, GAP = "yes", "na", "no"


@dataclass(frozen=True)
class Category:
    key: str
    name: Text
    crisis_reason: Text | None  # set: proposed as critical in a crisis, for this reason

    @property
    def critical(self) -> bool:
        return self.crisis_reason is not None


@dataclass(frozen=True)
class CheckItem:
    key: str
    kind: str  # CHECK, CRISIS or PREPAREDNESS
    row: str | None  # the model row it comes from
    title: Text
    question: Text
    action: Text  # the concrete next step when the answer is not "yes"
    categories: tuple[str, ...] = ()  # where a check applies; empty: everywhere
    annex: str | None = None  # "annex1" or "annex2" when the item asks about an annex
    principle: str | None = None  # glossary key of the procurement principle behind a crisis prompt
    why: Text | None = None  # why it matters, in a sentence or two

    @property
    def answers(self) -> tuple[str, ...]:
        return ANSWERS[self.kind]


@dataclass(frozen=True)
class CrisisPrinciple:
    term: str  # glossary key; the glossary explains the principle itself
    reasons: tuple[Text, ...]  # why it weighs more in a crisis, and what follows for the contract


@dataclass(frozen=True)
class CrisisGuide:
    """Why crisis readiness is also a matter of procurement, and the principles that weigh more then."""

    intro: Text
    principles_intro: Text
    principles: tuple[CrisisPrinciple, ...]

    def principle(self, term: str) -> CrisisPrinciple:
        return next(principle for principle in self.principles if principle.term == term)


@dataclass(frozen=True)
class CheckinContent:
    categories: tuple[Category, ...]
    checks: tuple[CheckItem, ...]
    crisis_prompts: tuple[CheckItem, ...]
    preparedness: tuple[CheckItem, ...]
    crisis_guide: CrisisGuide
    by_key: Mapping[str, CheckItem]

    def item(self, key: str) -> CheckItem:
        return self.by_key[key]

    def category(self, key: str) -> Category:
        return next(category for category in self.categories if category.key == key)

    def checks_for(self, category: str) -> tuple[CheckItem, ...]:
        return tuple(c for c in self.checks if not c.categories or category in c.categories)

    def items_for(self, category: str, critical: bool) -> tuple[CheckItem, ...]:
        """Everything one check-in asks: its checks, then the crisis prompts if it is critical."""
        return self.checks_for(category) + (self.crisis_prompts if critical else ())


def load_checks(model: Model, content_dir: Path = CONTENT_DIR) -> CheckinContent:
    checks, crisis = content_dir / "checks.yaml", content_dir / "crisis.yaml"
    return build_checks(model, read_yaml(checks), read_yaml(crisis), checks, crisis)


def load_checks_from_text(model: Model, checks: str, crisis: str) -> CheckinContent:
    """For tests: the content from YAML strings."""
    return build_checks(model, parse_yaml(checks), parse_yaml(crisis), "checks.yaml", "crisis.yaml")


def build_checks(model: Model, checks: Any, crisis: Any, checks_file: Any, crisis_file: Any) -> CheckinContent:
    where = Where(checks_file)
    categories = tuple(
        Category(str_field(item, "key", where), text_field(item, "name", where),
                 text_field(item, "crisis", where) if isinstance(item, dict) and "crisis" in item else None)
        for item in list_field(checks, "categories", where)
    )
    category_keys = {category.key for category in categories}
    crisis_where = Where(crisis_file)
    guide = _crisis_guide(model, crisis, crisis_where)
    principles = {principle.term for principle in guide.principles}
    items = (
        _items(checks, "checks", CHECK, where, model, category_keys, principles),
        _items(crisis, "crisis_prompts", CRISIS, crisis_where, model, category_keys, principles),
        _items(crisis, "preparedness", PREPAREDNESS, crisis_where, model, category_keys, principles),
    )
    by_key: dict[str, CheckItem] = {}
    for item in (item for group in items for item in group):
        if item.key in by_key:
            raise Where(checks_file).at(item.key).error("key", "appears twice")
        by_key[item.key] = item
    return CheckinContent(categories, *items, guide, MappingProxyType(by_key))


def _crisis_guide(model: Model, crisis: Any, where: Where) -> CrisisGuide:
    section = dict_field(crisis, "principles", where)
    inside = where.inside("principles.")
    principles = []
    for item in list_field(section, "list", inside):
        term = str_field(item, "term", inside)
        at = where.at(term, "principle")
        if term not in model.glossary.by_key:
            raise at.error("term", "is not a term of the glossary")
        reasons = item.get("reasons") or []
        principles.append(CrisisPrinciple(term, tuple(
            text_field({f"reasons[{n}]": reason}, f"reasons[{n}]", at) for n, reason in enumerate(reasons, 1))))
    return CrisisGuide(text_field(crisis, "intro", where), text_field(section, "intro", inside), tuple(principles))


def _items(document: Any, name: str, kind: str, where: Where, model: Model, categories: set[str],
           principles: set[str]) -> tuple:
    found = []
    for item in list_field(document, name, where):
        key = str_field(item, "key", where)
        item_where = where.at(key)
        found.append(CheckItem(
            key, kind, _row(item, kind, item_where, model), text_field(item, "title", item_where),
            text_field(item, "question", item_where), text_field(item, "action", item_where),
            key_list(item, "categories", item_where, categories, "categories"), annex_key(item, item_where),
            _principle(item, kind, item_where, principles), optional_text(item, "why", item_where)))
    return tuple(found)


def _row(item: dict, kind: str, where: Where, model: Model) -> str | None:
    row = str(item["row"]) if item.get("row") is not None else None
    if kind != PREPAREDNESS and row is None:
        raise where.error("row", "is missing")
    if row is not None and row not in model.by_key:
        raise where.error("row", f"names {row}, which is not a row of the model")
    if kind == CRISIS and model.row(row).step is not None:
        raise where.error("row", f"names {row}; a crisis prompt belongs to a crisis row (K.1, K.2)")
    return row


def _principle(item: dict, kind: str, where: Where, principles: set[str]) -> str | None:
    principle = item.get("principle")
    if principle is not None and (kind != CRISIS or principle not in principles):
        raise where.error("principle", f"must be one of the principles {sorted(principles)}, on a crisis prompt")
    return principle

