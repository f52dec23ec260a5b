"""Reads the YAML content once and turns it into validated, frozen objects.

Any flaw stops start-up with one message naming the file, the row key and the field.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from model.types import (
    CRISIS_CELL,
    LANGUAGES,
    Level,
    Model,
    OrganisationKind,
    Perspective,
    Row,
    Rung,
    Step,
    Text,
)

CONTENT_DIR = Path(__file__).parent / "content"
ROW_KEY = re.compile(r"^(?:(?P<step>\d)\.(?P<perspective>[A-Z])\.\d+|K\.\d+)$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ModelError(ValueError):
    """The content is broken; the message names file, row and field."""


def load_model(content_dir: Path = CONTENT_DIR) -> Model:
    files = {name: content_dir / f"{name}.yaml" for name in ("structure", "rows", "annexes")}
    documents = {name: read_yaml(path) for name, path in files.items()}
    return build_model(documents["structure"], documents["rows"], documents["annexes"], files)


def load_model_from_text(structure: str, rows: str, annexes: str = "{}") -> Model:
    """For tests: a model from YAML strings."""
    names = {"structure": "structure.yaml", "rows": "rows.yaml", "annexes": "annexes.yaml"}
    parsed = [yaml.load(text, Loader=_Loader) or {} for text in (structure, rows, annexes)]
    return build_model(*parsed, names)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader) or {}
    except FileNotFoundError:
        raise ModelError(f"{path}: file is missing") from None
    except yaml.YAMLError as error:
        raise ModelError(f"{path}: not valid YAML: {error}") from None


def build_model(structure: Any, rows: Any, annexes: Any, files: Mapping[str, Any]) -> Model:
    where = Where(files["structure"])
    levels = tuple(
        Level(int_field(item, "value", where), text_field(item, "name", where), text_field(item, "about", where))
        for item in list_field(structure, "levels", where)
    )
    if [level.value for level in levels] != [1, 2, 3]:
        raise where.error("levels", "must be exactly the levels 1, 2 and 3, in order")
    steps = tuple(
        Step(str_field(item, "key", where), text_field(item, "name", where), text_field(item, "about", where))
        for item in list_field(structure, "steps", where)
    )
    perspectives = tuple(
        Perspective(str_field(item, "key", where), text_field(item, "name", where), text_field(item, "about", where))
        for item in list_field(structure, "perspectives", where)
    )
    crisis = dict_field(structure, "crisis", where)
    kinds = tuple(
        OrganisationKind(str_field(item, "key", where), text_field(item, "name", where))
        for item in list_field(structure, "organisation_kinds", where)
    )
    all_rows = _rows(rows, Where(files["rows"]), {s.key for s in steps}, {p.key for p in perspectives})
    main = tuple(row for row in all_rows if row.step is not None)
    crisis_rows = tuple(row for row in all_rows if row.step is None)
    cells: dict[str, tuple[Row, ...]] = {
        f"{step.key}.{p.key}": tuple(r for r in main if r.cell == f"{step.key}.{p.key}")
        for step in steps
        for p in perspectives
    }
    cells[CRISIS_CELL] = crisis_rows
    if not isinstance(annexes, dict):
        raise Where(files["annexes"]).error("(top level)", "must be a mapping")
    return Model(
        levels=levels,
        steps=steps,
        perspectives=perspectives,
        rows=main,
        crisis_rows=crisis_rows,
        crisis_name=text_field(crisis, "name", where),
        crisis_about=text_field(crisis, "about", where),
        organisation_kinds=kinds,
        annexes=MappingProxyType(annexes),
        by_key=MappingProxyType({row.key: row for row in all_rows}),
        cells=MappingProxyType(cells),
    )


def _rows(document: Any, where: "Where", steps: set[str], perspectives: set[str]) -> tuple[Row, ...]:
    rows: list[Row] = []
    seen: set[str] = set()
    for item in list_field(document, "rows", where):
        key = str_field(item, "key", where)
        row_where = where.at(key)
        match = ROW_KEY.match(key)
        if not match:
            raise row_where.error("key", "is not of the form 1.S.1 or K.1")
        if key in seen:
            raise row_where.error("key", "appears twice")
        seen.add(key)
        step, perspective = match["step"], match["perspective"]
        if step is not None and step not in steps:
            raise row_where.error("key", f"names unknown step {step}")
        if perspective is not None and perspective not in perspectives:
            raise row_where.error("key", f"names unknown perspective {perspective}")
        rungs = list_field(item, "rungs", row_where)
        if len(rungs) != 3:
            raise row_where.error("rungs", f"must have exactly three rungs, has {len(rungs)}")
        rows.append(
            Row(
                key=key,
                step=step,
                perspective=perspective,
                topic=text_field(item, "topic", row_where),
                question=text_field(item, "question", row_where),
                rungs=tuple(
                    Rung(level, text_field(r, "practice", row_where.rung(level)), text_field(r, "action", row_where.rung(level)))
                    for level, r in enumerate(rungs, start=1)
                ),
            )
        )
    return tuple(rows)


class Where:
    def __init__(self, file: Any, row: str | None = None, prefix: str = "") -> None:
        self.file, self.row, self.prefix = file, row, prefix

    def at(self, row: str) -> "Where":
        return Where(self.file, row)

    def rung(self, level: int) -> "Where":
        return Where(self.file, self.row, f"rungs[{level}].")

    def error(self, field: str, problem: str) -> ModelError:
        row = f" row {self.row}:" if self.row else ""
        return ModelError(f"{self.file}:{row} field '{self.prefix}{field}' {problem}")


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
