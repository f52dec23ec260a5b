"""What a group's answers show, reckoned from the votes alone: the spread of one question (counts per level and
per role, how wide), and a workshop's (or all workshops') finding: where the group was of one mind, where it
differed, the widest spreads and the roles' medians per step."""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from model.types import CRISIS_CELL, Answer, Model
from services.membership import WORK_ROLES
from storage.workshops import Outcome, Vote

WORTH_DISCUSSING = 2  # levels between the lowest and the highest answer


@dataclass(frozen=True)
class Spread:
    """The answers to one question: how many at each level, per role, and who said what."""

    votes: list[Vote]

    @property
    def levels(self) -> list[int]:
        return [v.value for v in self.votes if isinstance(v.value, int)]

    @property
    def width(self) -> int:
        return max(self.levels) - min(self.levels) if self.levels else 0

    @property
    def worth_discussing(self) -> bool:
        return self.width >= WORTH_DISCUSSING

    def count(self, value: Answer) -> int:
        return sum(1 for v in self.votes if v.value == value)

    def by_role(self) -> dict[str | None, list[Answer]]:
        found: dict[str | None, list[Answer]] = {}
        for vote in self.votes:
            found.setdefault(vote.work_role, []).append(vote.value)
        return found


def spread(votes: list[Vote]) -> Spread:
    return Spread(list(votes))


@dataclass(frozen=True)
class Finding:
    """What a workshop found: where the group was of one mind, where it differed, the widest spreads and how
    the roles' medians differ, per step."""

    agreed: list[str]  # rows where every answer was the same
    differed: list[str]  # rows whose spread was worth discussing
    widest: list[tuple[str, int]]  # (row, width), widest first
    roles: dict[str, dict[str, float]]  # step (or CRISIS_CELL) -> role -> median level of its members' answers
    outcomes: dict[str, Answer | None]  # row -> the level agreed (None: skipped)


def finding(model: Model, votes: list[Vote], outcomes: list[Outcome], most: int = 5) -> Finding:
    by_row: dict[str, list[Vote]] = {}
    for vote in votes:
        by_row.setdefault(vote.row_key, []).append(vote)
    order = {row.key: n for n, row in enumerate(model.all_rows)}
    rows = sorted(by_row, key=lambda key: order.get(key, len(order)))
    spreads = {key: spread(by_row[key]) for key in rows}
    agreed = [key for key in rows if len({v.value for v in by_row[key]}) == 1 and len(by_row[key]) > 1]
    differed = [key for key in rows if spreads[key].worth_discussing]
    widest = sorted(((key, spreads[key].width) for key in rows if spreads[key].width), key=lambda kw: -kw[1])[:most]
    roles: dict[str, dict[str, list[int]]] = {}
    for vote in votes:
        row = model.row(vote.row_key) if vote.row_key in order else None
        if row is not None and isinstance(vote.value, int) and vote.work_role:
            roles.setdefault(row.step or CRISIS_CELL, {}).setdefault(vote.work_role, []).append(vote.value)
    medians = {step: {role: float(median(found[role])) for role in sorted(found, key=role_order)}
               for step, found in sorted(roles.items())}
    return Finding(agreed, differed, widest, medians, {o.row_key: o.value for o in outcomes})


def role_order(role: str | None) -> int:
    """Roles in the order people are asked for them; not told last."""
    return WORK_ROLES.index(role) if role in WORK_ROLES else len(WORK_ROLES)
