"""Reading YAML content into checked fields. Every error names the file, the entry and the field."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from model.types import LANGUAGES, Text

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ModelError(ValueError):
    """The content is broken; the message names file, entry and field."""


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=YAML_LOADER) or {}
    except FileNotFoundError:
        raise ModelError(f"{path}: file is missing") from None
    except yaml.YAMLError as error:
        raise ModelError(f"{path}: not valid YAML: {error}") from None


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=YAML_LOADER) or {}


class Where:
    """A place in the content: a file, optionally an entry (a row, a term …) and a field prefix."""

    def __init__(self, file: Any, entry: str | None = None, prefix: str = "", kind: str = "row") -> None:
        self.file, self.entry, self.prefix, self.kind = file, entry, prefix, kind

    def at(self, entry: str, kind: str = "row") -> "Where":
        return Where(self.file, entry, kind=kind)

    def inside(self, prefix: str) -> "Where":
        return Where(self.file, self.entry, self.prefix + prefix, self.kind)

    def rung(self, level: int) -> "Where":
        return self.inside(f"rungs[{level}].")

    def error(self, field: str, problem: str) -> ModelError:
        entry = f" {self.kind} {self.entry}:" if self.entry else ""
        return ModelError(f"{self.file}:{entry} field '{self.prefix}{field}' {problem}")


def get_field(item: Any, name: str, where: Where) -> Any:
    if not isinstance(item, dict):
        raise where.error(name, "has no enclosing mapping")
    if name not in item or item[name] is None:
        raise where.error(name, "is missing")
    return item[name]


def list_field(item: Any, name: str, where: Where) -> list:
    value = get_field(item, name, where)
    if not isinstance(value, list):
        raise where.error(name, "must be a list")
    return value


def dict_field(item: Any, name: str, where: Where) -> dict:
    value = get_field(item, name, where)
    if not isinstance(value, dict):
        raise where.error(name, "must be a mapping")
    return value


def str_field(item: Any, name: str, where: Where) -> str:
    value = get_field(item, name, where)
    if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value).strip() == "":
        raise where.error(name, "must be a non-empty text")
    return str(value)


def int_field(item: Any, name: str, where: Where) -> int:
    value = get_field(item, name, where)
    if not isinstance(value, int) or isinstance(value, bool):
        raise where.error(name, "must be a whole number")
    return value


def text_field(item: Any, name: str, where: Where) -> Text:
    value = dict_field(item, name, where)
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise where.error(f"{name}.{lang}", "is missing (every text needs Swedish and English)")
    return Text(sv=value["sv"].strip(), en=value["en"].strip())


def optional_text(item: Any, name: str, where: Where) -> Text | None:
    return text_field(item, name, where) if isinstance(item, dict) and item.get(name) is not None else None


def key_list(item: Any, name: str, where: Where, known: Any, what: str) -> tuple[str, ...]:
    """An optional list of keys, each one of `known`."""
    value = item.get(name) if isinstance(item, dict) else None
    if value is None:
        return ()
    if not isinstance(value, list):
        raise where.error(name, "must be a list")
    keys = tuple(str(key) for key in value)
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise where.error(name, f"names unknown {what} {unknown}")
    if len(set(keys)) != len(keys):
        raise where.error(name, "names a key twice")
    return keys
