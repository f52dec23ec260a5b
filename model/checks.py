"""The quick check before one procurement and the crisis-readiness prompts, as frozen objects.

Read from checks.yaml and crisis.yaml next to the model's content; every `row` must name a row
of the model, so a "nej" can always point at the part of the model it comes from.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from model.loader import CONTENT_DIR, Where, list_field, read_yaml, str_field, text_field
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

    @property
    def answers(self) -> tuple[str, ...]:
        return ANSWERS[self.kind]


@dataclass(frozen=True)
class CheckinContent:
    categories: tuple[Category, ...]
    checks: tuple[CheckItem, ...]
    crisis_prompts: tuple[CheckItem, ...]
    preparedness: tuple[CheckItem, ...]
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
    return build_checks(model, yaml.safe_load(checks) or {}, yaml.safe_load(crisis) or {}, "checks.yaml",
                        "crisis.yaml")


def build_checks(model: Model, checks: Any, crisis: Any, checks_file: Any, crisis_file: Any) -> CheckinContent:
    where = Where(checks_file)
    categories = tuple(
        Category(str_field(item, "key", where), text_field(item, "name", where),
                 text_field(item, "crisis", where) if isinstance(item, dict) and "crisis" in item else None)
        for item in list_field(checks, "categories", where)
    )
    category_keys = {category.key for category in categories}
    crisis_where = Where(crisis_file)
    items = (
        _items(checks, "checks", CHECK, where, model, category_keys),
        _items(crisis, "crisis_prompts", CRISIS, crisis_where, model, category_keys),
        _items(crisis, "preparedness", PREPAREDNESS, crisis_where, model, category_keys),
    )
    by_key: dict[str, CheckItem] = {}
    for item in (item for group in items for item in group):
        if item.key in by_key:
            raise Where(checks_file).at(item.key).error("key", "appears twice")
        by_key[item.key] = item
    return CheckinContent(categories, *items, MappingProxyType(by_key))


def _items(document: Any, name: str, kind: str, where: Where, model: Model, categories: set[str]) -> tuple:
    found = []
    for item in list_field(document, name, where):
        key = str_field(item, "key", where)
        item_where = where.at(key)
        row = str(item["row"]) if item.get("row") is not None else None
        if kind != PREPAREDNESS and row is None:
            raise item_where.error("row", "is missing")
        if row is not None and row not in model.by_key:
            raise item_where.error("row", f"names {row}, which is not a row of the model")
        limited = tuple(item.get("categories") or ())
        unknown = sorted(set(limited) - categories)
        if unknown:
            raise item_where.error("categories", f"names unknown categories {unknown}")
        found.append(CheckItem(key, kind, row, text_field(item, "title", item_where), text_field(item, "question", item_where),
                               text_field(item, "action", item_where), limited))
    return tuple(found)

