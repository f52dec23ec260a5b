"""An organisation's data for analysts, as JSON and as CSV Excel reads: the report page serves these files and
`python -m bot.export` prints them. Answers come with the computed result, in the same JSON shape as
`python -m model score`. CSV is UTF-8 with a byte order mark, so Excel reads å, ä and ö."""
from __future__ import annotations

import csv
import io

from services.shared import Board, SharedDetails
from storage import Database, Organisation, RowAnswer, Unit
from model.checks import load_checks
from model.scoring import report
from model.types import CRISIS_CELL, Model

WHATS = ("answers", "snapshots", "plan", "checkins", "votes")
OPERATOR_ONLY = "votes"  # not served from the report page
DELIMITERS = (",", ";")
COLUMNS = ("unit", "row", "level", "comment", "who", "user_id", "when")  # unit: empty for the organisation itself
PLAN_COLUMNS = ("number", "unit", "what", "row", "owner", "owner_id", "due", "status", "created_at", "updated_at")
# Every individual workshop answer, beside the answer the group agreed on for that question in that workshop.
VOTE_COLUMNS = ("row", "unit", "workshop", "who", "user_id", "role", "level", "comment", "when", "agreed_level",
                "agreed_comment", "agreed_at")
CHECKIN_COLUMNS = ("id", "name", "category", "value_sek", "announce_on", "critical", "who", "when")
# A cell starting with one of these is a formula to Excel and LibreOffice (=HYPERLINK(...) runs on opening).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


async def export(database: Database, model: Model, organisation: Organisation, lang: str,
                 what: str = "answers", unit: Unit | None = None) -> dict:
    """The organisation's own answers and snapshots followed by each unit's, each named by its unit; `unit`:
    that unit's only. The result is the organisation's own (or the unit's), with each unit's beside it."""
    body = {"organisation": {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
                             "tenant_id": organisation.tenant_id, "target": organisation.target},
            "unit": unit and unit.name}
    whose = [unit] if unit else [None, *await database.units.list(organisation.id)]
    if what == "answers":
        body["answers"], results = [], {}
        for each in whose:
            ordered = await _answers(database, model, organisation.id, each)
            body["answers"] += [
                {"unit": each and each.name, "row": a.row_key, "level": a.value, "comment": a.comment,
                 "who": a.user_name, "user_id": a.user_id, "when": a.answered_at.isoformat()}
                for a in ordered
            ]
            results[each and each.name] = report(model, {a.row_key: a.value for a in ordered}, organisation.target,
                                                 lang)
        body["result"] = results.pop(unit and unit.name)
        if not unit:
            body["unit_results"] = results
    elif what == "snapshots":
        body["snapshots"] = [
            {"unit": each and each.name, "assessment_id": s.assessment_id, "taken_at": s.taken_at.isoformat(),
             "answers": s.answers, "score": s.score}
            for each in whose for s in await database.snapshots.list(organisation.id, each and each.id)
        ]
    elif what == "plan":  # the items' numbers are the organisation's, a unit's items among them
        names = {each.id: each.name for each in whose if each}
        body["plan"] = [
            {"number": i.number, "unit": names.get(i.unit_id), "what": i.what, "row": i.row_key,
             "owner": i.owner_name, "owner_id": i.owner_id, "due": i.due_on.isoformat(), "status": i.status,
             "created_at": i.created_at.isoformat(), "updated_at": i.updated_at.isoformat()}
            for i in await database.action_items.list(organisation.id)
            if unit is None or i.unit_id == unit.id
        ]
    elif what == "votes":
        body["votes"] = await _votes(database, model, organisation, unit)
    else:
        body["checkins"] = [
            {"id": c.id, "name": c.name, "category": c.category, "value_sek": c.value_sek,
             "announce_on": c.announce_on and c.announce_on.isoformat(), "critical": c.critical,
             "who": c.user_name, "when": c.created_at.isoformat(), "answers": dict(c.answers)}
            for c in reversed(await database.checkins.list(organisation.id, limit=None))
        ]
    return body


def table(model: Model, body: dict, what: str) -> tuple[list[str], list[dict]]:
    """The CSV of an export: one line per answer, snapshot, action item or check-in."""
    if what == "answers":
        return list(COLUMNS), body["answers"]
    if what == "plan":
        return list(PLAN_COLUMNS), body["plan"]
    if what == "votes":
        return list(VOTE_COLUMNS), body["votes"]
    if what == "snapshots":
        cells = list(model.cells)  # "1.S" … "4.M", then "K" for crisis readiness
        columns = ["unit", "assessment_id", "taken_at", "overall_level", "overall_progress", *cells]
        rows = [{"unit": s["unit"], "assessment_id": s["assessment_id"], "taken_at": s["taken_at"],
                 "overall_level": s["score"]["overall"]["level"], "overall_progress": s["score"]["overall"]["progress"],
                 **{key: _cell_level(s["score"], key) for key in cells}}
                for s in body["snapshots"]]
        return columns, rows
    checks = load_checks(model)
    items = [item.key for item in (*checks.checks, *checks.crisis_prompts)]
    rows = [{**{k: v for k, v in c.items() if k != "answers"}, **c["answers"]} for c in body["checkins"]]
    return [*CHECKIN_COLUMNS, *items], rows


async def _answers(database: Database, model: Model, organisation_id: str, unit: Unit | None) -> list[RowAnswer]:
    current = await database.answers.current(organisation_id, unit_id=unit and unit.id)
    return [current[row.key] for row in model.all_rows if row.key in current]


async def _votes(database: Database, model: Model, organisation: Organisation, unit: Unit | None) -> list[dict]:
    """In the model's order, then by workshop and when given; each names the unit its workshop was for (empty for
    the organisation itself). `unit`: that unit's workshops only."""
    names = {each.id: each.name for each in await database.units.list(organisation.id)}
    workshops = {w.id: w for w in await database.workshops.of_organisation(organisation.id)
                 if unit is None or w.unit_id == unit.id}
    agreed = {(o.workshop_id, o.row_key): o for o in await database.workshops.outcomes_of_organisation(organisation.id)}
    order = {row.key: n for n, row in enumerate(model.all_rows)}
    votes = sorted((v for v in await database.workshops.votes_of_organisation(organisation.id)
                    if v.workshop_id in workshops),
                   key=lambda v: (order.get(v.row_key, len(order)), v.workshop_id, v.answered_at))
    found = []
    for vote in votes:
        outcome = agreed.get((vote.workshop_id, vote.row_key))
        workshop = workshops[vote.workshop_id]
        found.append({"row": vote.row_key, "unit": names.get(workshop.unit_id),
                      "workshop": vote.workshop_id, "who": vote.user_name, "user_id": vote.user_id,
                      "role": vote.work_role, "level": vote.value, "comment": vote.comment,
                      "when": vote.answered_at.isoformat(), "agreed_level": outcome.value if outcome else None,
                      "agreed_comment": outcome.comment if outcome else None,
                      "agreed_at": outcome.decided_at.isoformat() if outcome else None})
    return found


def _cell_level(score: dict, key: str) -> int | None:
    return (score["crisis"] if key == CRISIS_CELL else score["cells"][key])["level"]


def csv_text(columns: list[str], rows: list[dict], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({name: _as_text(value) for name, value in row.items()} for row in rows)
    return buffer.getvalue()


def _as_text(value: object) -> object:
    """Text people typed, kept as text: an apostrophe in front of a formula makes the spreadsheet show it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def board_export(board: Board) -> dict:
    """A collaboration as its members share it: levels, completion, trend, plan counts and indicators, per
    member; the indicators summed; and, for a member that turned sharing details on, its answers with comments
    and who gave them and its plan's items (`details`, None for every other member). Nothing else is in a
    Board (services/shared.py)."""
    def level(shared) -> dict:
        return {"level": shared.level, "progress": shared.progress, "complete": shared.complete}

    return {
        "collaboration": {"id": board.collaboration.id, "name": board.collaboration.name,
                          "administrator": board.administrator},
        "members": [{
            "organisation": m.name, "kind": m.kind, "joined_on": m.joined_on.isoformat(),
            "administrator": m.administrator, "overall": level(m.overall), "crisis": level(m.crisis),
            "steps": {k: level(v) for k, v in m.steps.items()},
            "perspectives": {k: level(v) for k, v in m.perspectives.items()},
            "cells": {k: level(v) for k, v in m.cells.items()}, "completion": m.completion,
            "trend": [{"day": p.day.isoformat(), "level": p.level, "progress": p.progress} for p in m.trend],
            "plan": dict(m.plan),
            "indicators": [{"indicator": c.key, "year": c.year, "count": c.count, "total": c.total}
                           for c in m.indicators],
            "details": None if m.details is None else _details(m.details),
        } for m in board.members],
        "indicators": [{"indicator": f.key, "year": f.year, "count": f.count, "total": f.total, "share": f.share,
                        "target_min_percent": f.target,
                        "members": [{"organisation": name, "count": count, "total": total}
                                    for name, count, total in f.shares]} for f in board.indicators],
    }


def _details(details: SharedDetails) -> dict:
    return {"since": details.since.isoformat(),
            "answers": [{"row": a.row_key, "level": a.level, "comment": a.comment, "who": a.who,
                         "day": a.day.isoformat()} for a in details.answers],
            "plan": [{"what": i.what, "row": i.row_key, "owner": i.owner, "due": i.due_on.isoformat(),
                      "status": i.status} for i in details.plan]}


def board_table(model: Model, body: dict) -> tuple[list[str], list[dict]]:
    """One line per member: its levels per cell, step, crisis and overall, completion and plan counts."""
    cells = [key for key in model.cells if key != CRISIS_CELL]
    steps = [step.key for step in model.steps]
    plan = list(body["members"][0]["plan"]) if body["members"] else []
    columns = ["organisation", "overall_level", "overall_progress", "crisis_level", "completion",
               *[f"step_{key}" for key in steps], *cells, *[f"plan_{status}" for status in plan]]
    rows = [{"organisation": m["organisation"], "overall_level": m["overall"]["level"],
             "overall_progress": m["overall"]["progress"], "crisis_level": m["crisis"]["level"],
             "completion": m["completion"], **{f"step_{key}": m["steps"][key]["level"] for key in steps},
             **{key: m["cells"][key]["level"] for key in cells},
             **{f"plan_{status}": count for status, count in m["plan"].items()}} for m in body["members"]]
    return columns, rows
