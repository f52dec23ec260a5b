"""Scoring as pure functions over a model and a set of answers.

An answer per row is a level 0–3 (0 = not even level 1 yet), "na" (not relevant),
or absent. A level is reached when all its recommendations are met, so every
aggregate is a minimum; progress is a mean, so it moves before the minimum does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from model.types import CRISIS_CELL, Answer, Model, Row

NOT_APPLICABLE = "na"
TOP_LEVEL = 3


@dataclass(frozen=True)
class Standing:
    level: int | None  # None: nothing applicable answered yet
    progress: float  # percent, one decimal
    complete: bool  # every applicable row answered

    def to_dict(self) -> dict:
        return {"level": self.level, "progress": self.progress, "complete": self.complete}


@dataclass(frozen=True)
class Score:
    cells: Mapping[str, Standing]  # "1.S" … "4.M"
    steps: Mapping[str, Standing]
    perspectives: Mapping[str, Standing]
    overall: Standing
    crisis: Standing

    def to_dict(self) -> dict:
        return {
            "cells": {key: s.to_dict() for key, s in self.cells.items()},
            "steps": {key: s.to_dict() for key, s in self.steps.items()},
            "perspectives": {key: s.to_dict() for key, s in self.perspectives.items()},
            "overall": self.overall.to_dict(),
            "crisis": self.crisis.to_dict(),
        }


@dataclass(frozen=True)
class Recommendation:
    row: Row
    level: int  # the rung to reach

    def to_dict(self, lang: str) -> dict:
        return {"row": self.row.key, "level": self.level, "text": self.row.rung(self.level).action(lang)}


def score(model: Model, answers: Mapping[str, Answer]) -> Score:
    # The minimum over cells equals the minimum over all their rows, so every aggregate
    # is a standing over a group of rows; that also makes progress a mean over rows.
    def over(cell_keys: list[str]) -> Standing:
        return _standing([row for key in cell_keys for row in model.cells[key]], answers)

    grid = [(s.key, p.key) for s in model.steps for p in model.perspectives]
    return Score(
        cells={f"{s}.{p}": over([f"{s}.{p}"]) for s, p in grid},
        steps={s.key: over([f"{s.key}.{p.key}" for p in model.perspectives]) for s in model.steps},
        perspectives={p.key: over([f"{s.key}.{p.key}" for s in model.steps]) for p in model.perspectives},
        overall=over([f"{s}.{p}" for s, p in grid]),
        crisis=over([CRISIS_CELL]),
    )


def _standing(rows: Iterable[Row], answers: Mapping[str, Answer]) -> Standing:
    levels: list[int] = []
    complete = True
    for row in rows:
        answer = answers.get(row.key)
        if answer is None:
            complete = False
        elif answer != NOT_APPLICABLE:
            levels.append(answer)
    return Standing(min(levels) if levels else None, _progress(levels), complete)


def _progress(levels: list[int]) -> float:
    return round(100 * sum(levels) / (TOP_LEVEL * len(levels)), 1) if levels else 0.0


def cell_targets(model: Model, result: Score, target: Mapping[str, int] | None) -> dict[str, int]:
    """Where each cell should get to: the chosen target, else one above its level (capped at 3).

    `target` is {"overall": n} or per perspective {"S": n, …}; the crisis cell takes {"K": n}.
    """
    target = target or {}
    standings = dict(result.cells)
    standings[CRISIS_CELL] = result.crisis
    chosen: dict[str, int] = {}
    for key, standing in standings.items():
        perspective = CRISIS_CELL if key == CRISIS_CELL else key.split(".")[1]
        explicit = target.get(perspective, target.get("overall") if key != CRISIS_CELL else None)
        chosen[key] = explicit if explicit is not None else min((standing.level or 0) + 1, TOP_LEVEL)
    return chosen


def recommendations(
    model: Model,
    answers: Mapping[str, Answer],
    target: Mapping[str, int] | None = None,
    limit: int = 5,
    result: Score | None = None,
) -> list[Recommendation]:
    """Next rungs for answered rows below their cell's target.

    Order: rows still at 0 (the base everyone should meet), then rows that hold their
    cell at its current level, then the rest; ties in model order.
    """
    result = result or score(model, answers)
    targets = cell_targets(model, result, target)
    cell_levels = {key: s.level for key, s in result.cells.items()}
    cell_levels[CRISIS_CELL] = result.crisis.level
    ranked = []
    for position, row in enumerate(model.all_rows):
        level = answers.get(row.key)
        if level is None or level == NOT_APPLICABLE or level >= targets[row.cell]:
            continue
        group = 0 if level == 0 else 1 if level == cell_levels[row.cell] else 2
        ranked.append((group, position, Recommendation(row, level + 1)))
    ranked.sort(key=lambda item: item[:2])
    return [recommendation for _, _, recommendation in ranked[:limit]]


def parse_answers(model: Model, raw: object) -> dict[str, Answer]:
    """Checks answers from outside (JSON, CSV); raises ValueError naming the problem."""
    if not isinstance(raw, dict):
        raise ValueError('"answers" must be an object of row key to level')
    answers: dict[str, Answer] = {}
    for key, value in raw.items():
        if key not in model.by_key:
            raise ValueError(f"unknown row key {key!r}")
        if value == NOT_APPLICABLE:
            answers[key] = NOT_APPLICABLE
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= TOP_LEVEL:
            answers[key] = value
        elif value is not None:
            raise ValueError(f"answer to {key} must be 0-3 or \"na\", not {value!r}")
    return answers


def parse_target(raw: object) -> dict[str, int] | None:
    """{"overall": n} or per perspective {"S": n, …}; raises ValueError naming the problem."""
    if raw is None:
        return None
    allowed = {"overall", "S", "V", "R", "M", CRISIS_CELL}
    if not isinstance(raw, dict) or not set(raw) <= allowed:
        raise ValueError('"target" must be {"overall": n} or per perspective {"S": n, "V": n, "R": n, "M": n}')
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= TOP_LEVEL:
            raise ValueError(f"target for {key} must be a level 0-3, not {value!r}")
    return dict(raw)


def report(model: Model, answers: Mapping[str, Answer], target: Mapping[str, int] | None, lang: str,
           limit: int = 5) -> dict:
    """The JSON shape shared by `python -m model score` and the bot's export."""
    result = score(model, answers)
    body = result.to_dict()
    body["recommendations"] = [r.to_dict(lang) for r in recommendations(model, answers, target, limit, result)]
    return body
