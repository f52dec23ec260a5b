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


def cell_standing(model: Model, answers: Mapping[str, Answer], cell: str) -> Standing:
    """`score(model, answers)`'s standing of one cell ("3.S", or CRISIS_CELL for the crisis cell), without
    scoring the whole model: what an answer turn needs when it passes the last row of a cell."""
    return _standing(model.cells[cell], answers)


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


# Targets are stored per organisation as JSON: {"overall": 2, "3": 3, "S": 2, "K": 1}. Each key
# names a part of the model: the whole model, a step ("1" … "4"), a perspective ("S", "V", "R", "M")
# or the crisis cell ("K"). Steps are digits and perspectives letters, so the keys never clash.
OVERALL = "overall"
Target = Mapping[str, int]


def target_parts(model: Model) -> tuple[str, ...]:
    """Every key a target may have, in the order status shows them."""
    return (OVERALL, *(s.key for s in model.steps), *(p.key for p in model.perspectives), CRISIS_CELL)


def nearest_target(target: Target | None, cell: str) -> int | None:
    """The most specific target set for a cell ("3.S" or "K").

    A step's or a perspective's own target comes before the whole model's. When both the cell's
    step and its perspective have one, the higher counts: a level is a minimum, so the cell must
    reach both for both parts to reach theirs. The crisis cell takes only its own target.
    """
    target = _set_parts(target)
    if cell == CRISIS_CELL:
        return target.get(CRISIS_CELL)
    specific = [target[key] for key in cell.split(".") if key in target]
    return max(specific) if specific else target.get(OVERALL)


def _set_parts(target: Target | None) -> dict[str, int]:
    # A stored target is JSON written by earlier versions too; a part set to null counts as unset.
    return {key: level for key, level in (target or {}).items() if level is not None}


def cell_targets(model: Model, result: Score, target: Target | None) -> dict[str, int]:
    """Where each cell should get to: its nearest target, else one above its level (capped at 3)."""
    standings = {**result.cells, CRISIS_CELL: result.crisis}
    chosen = {}
    for key, standing in standings.items():
        explicit = nearest_target(target, key)
        chosen[key] = explicit if explicit is not None else min((standing.level or 0) + 1, TOP_LEVEL)
    return chosen


@dataclass(frozen=True)
class TargetLine:
    """A part of the model with its level beside its target, for status."""

    part: str  # one of target_parts(model)
    standing: Standing
    target: int | None  # the part's own target, else the whole model's; None: none set
    own: bool  # the target was set for this part itself

    @property
    def reached(self) -> bool:
        """Every applicable row of the part is answered and at the target or above."""
        level = self.standing.level
        return self.target is not None and self.standing.complete and level is not None and level >= self.target

    def to_dict(self) -> dict:
        return {"target": self.target, "own": self.own, "reached": self.reached}


def target_lines(model: Model, result: Score, target: Target | None) -> tuple[TargetLine, ...]:
    """Every part of the model with its level and nearest target, in status order."""
    target = _set_parts(target)
    standings = {OVERALL: result.overall, **result.steps, **result.perspectives, CRISIS_CELL: result.crisis}
    lines = []
    for part in target_parts(model):
        own = target.get(part)
        inherited = None if part in (OVERALL, CRISIS_CELL) else target.get(OVERALL)
        lines.append(TargetLine(part, standings[part], own if own is not None else inherited, own is not None))
    return tuple(lines)


def reached_targets(model: Model, result: Score, target: Target | None) -> tuple[TargetLine, ...]:
    """The targets set for a part and reached there: time to ask what keeps the organisation there."""
    return tuple(line for line in target_lines(model, result, target) if line.own and line.reached)


def with_target(target: Target | None, part: str, level: int | None) -> dict[str, int]:
    """The stored target with one part's target set, or removed when `level` is None."""
    changed = {key: value for key, value in (target or {}).items() if key != part}
    return changed if level is None else {**changed, part: level}


def recommendations(
    model: Model,
    answers: Mapping[str, Answer],
    target: Target | None = None,
    limit: int = 5,
    result: Score | None = None,
) -> list[Recommendation]:
    """Next rungs for answered rows below their cell's nearest target (see `nearest_target`).

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


def parse_target(model: Model, raw: object) -> dict[str, int] | None:
    """A target from outside (JSON); raises ValueError naming the problem."""
    if raw is None:
        return None
    parts = target_parts(model)
    if not isinstance(raw, dict) or not set(raw) <= set(parts):
        raise ValueError(f'"target" must be an object of {", ".join(parts)} to a level, e.g. {{"overall": 2, "3": 3}}')
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= TOP_LEVEL:
            raise ValueError(f"target for {key} must be a level 1-3, not {value!r}")
    return dict(raw)


def report(model: Model, answers: Mapping[str, Answer], target: Target | None, lang: str,
           limit: int = 5) -> dict:
    """The JSON shape shared by `python -m model score` and the bot's export."""
    result = score(model, answers)
    body = result.to_dict()
    body["targets"] = {line.part: line.to_dict() for line in target_lines(model, result, target)
                       if line.target is not None}
    body["recommendations"] = [r.to_dict(lang) for r in recommendations(model, answers, target, limit, result)]
    return body
