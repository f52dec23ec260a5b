"""Reads the YAML content once and turns it into validated, frozen objects.

Any flaw stops start-up with one message naming the file, the entry (row, term …) and the field.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from model.annexes import annex_key, build_annexes
from model.fields import (
    ModelError,
    Where,
    dict_field,
    int_field,
    key_list,
    list_field,
    parse_yaml,
    read_yaml,
    str_field,
    text_field,
)
from model.glossary import Glossary, build_glossary
from model.types import (
    CRISIS_CELL,
    GuideSection,
    Level,
    Model,
    OrganisationKind,
    Perspective,
    PlanQuestions,
    Row,
    Rung,
    Step,
)

__all__ = ["CONTENT_DIR", "ModelError", "load_model", "load_model_from_text"]

CONTENT_DIR = Path(__file__).parent / "content"
FILES = ("structure", "glossary", "annexes", "rows")
ROW_KEY = re.compile(r"^(?:(?P<step>\d)\.(?P<perspective>[A-Z])\.\d+|K\.\d+)$")


def load_model(content_dir: Path = CONTENT_DIR) -> Model:
    files = {name: content_dir / f"{name}.yaml" for name in FILES}
    return build_model({name: read_yaml(path) for name, path in files.items()}, files)


def load_model_from_text(structure: str, rows: str, annexes: str, glossary: str) -> Model:
    """For tests: a model from YAML strings."""
    texts = {"structure": structure, "rows": rows, "annexes": annexes, "glossary": glossary}
    return build_model({name: parse_yaml(text) for name, text in texts.items()},
                       {name: f"{name}.yaml" for name in FILES})


def build_model(documents: Mapping[str, Any], files: Mapping[str, Any]) -> Model:
    structure, where = documents["structure"], Where(files["structure"])
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
    guide = tuple(
        GuideSection(str_field(item, "key", where), text_field(item, "title", where), text_field(item, "text", where))
        for item in list_field(structure, "guide", where)
    )
    plan = dict_field(structure, "plan_questions", where)
    plan_where = where.inside("plan_questions.")
    glossary = build_glossary(documents["glossary"], Where(files["glossary"]))
    if not isinstance(documents["annexes"], dict):
        raise Where(files["annexes"]).error("(top level)", "must be a mapping")
    annexes = build_annexes(documents["annexes"], Where(files["annexes"]))
    all_rows = _rows(documents["rows"], Where(files["rows"]), {s.key for s in steps}, {p.key for p in perspectives},
                     glossary)
    main = tuple(row for row in all_rows if row.step is not None)
    crisis_rows = tuple(row for row in all_rows if row.step is None)
    cells: dict[str, tuple[Row, ...]] = {
        f"{step.key}.{p.key}": tuple(r for r in main if r.cell == f"{step.key}.{p.key}")
        for step in steps
        for p in perspectives
    }
    cells[CRISIS_CELL] = crisis_rows
    return Model(
        levels=levels,
        steps=steps,
        perspectives=perspectives,
        rows=main,
        crisis_rows=crisis_rows,
        crisis_name=text_field(crisis, "name", where),
        crisis_about=text_field(crisis, "about", where),
        organisation_kinds=kinds,
        guide=guide,
        plan_questions=PlanQuestions(*(text_field(plan, name, plan_where) for name in ("where", "stay", "who"))),
        glossary=glossary,
        annexes=annexes,
        by_key=MappingProxyType({row.key: row for row in all_rows}),
        cells=MappingProxyType(cells),
    )


def _rows(document: Any, where: Where, steps: set[str], perspectives: set[str],
          glossary: Glossary) -> tuple[Row, ...]:
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
                terms=key_list(item, "terms", row_where, glossary.by_key, "glossary terms"),
                annex=annex_key(item, row_where),
            )
        )
    return tuple(rows)
