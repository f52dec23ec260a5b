"""What a collaboration's report page shows, from the board the service gathered: the view model for its
template. The board holds only what members share (services/collaborations.py); so does this page, with the
details of a member only when that member turned sharing them on."""
from __future__ import annotations

from datetime import datetime
from functools import partial

from model.types import CRISIS_CELL, Model
from reports import svg
from reports.view import INDICATOR_TEXTS, STATUS_TEXTS, answer_level, day, person
from services.shared import PLAN_STATUSES, Board, SharedDetails, SharedLevel, SharedMember
from services.reports import LINK_LIFETIME, percent
from texts import Texts


def board_context(board: Board, model: Model, texts: Texts, lang: str, now: datetime) -> dict:
    t = partial(_text, texts, lang)
    cells = [key for key in model.cells if key != CRISIS_CELL]
    return {
        "lang": lang, "t": t, "name": board.collaboration.name, "administrator": board.administrator,
        "made": day(now), "valid_until": day(now + LINK_LIFETIME), "other_lang": "en" if lang == "sv" else "sv",
        "steps": [(step.key, step.name(lang)) for step in model.steps],
        "cells": cells,
        "overview": [_overview(member, model, texts, lang) for member in board.members],
        "grid": [{"name": m.name, "cells": [_level(m.cells[key], model, texts, lang) | {"key": key} for key in cells]}
                 for m in board.members],
        "trends": [_trend(member, lang, t) for member in board.members],
        "plan_statuses": [t(STATUS_TEXTS[status]) for status in PLAN_STATUSES],
        "plans": [{"name": m.name, "counts": [m.plan[status] for status in PLAN_STATUSES]} for m in board.members],
        "indicators": [_indicator(figure, lang, t) for figure in board.indicators],
        "details": [_details(m.name, m.details, model, texts, lang) for m in board.members if m.details is not None],
        "legend": [(f"level-{level}", texts.level(model, level, lang)) for level in range(4)]
        + [("na", texts.level(model, None, lang, True)), ("unanswered", t("report_unanswered"))],
    }


def _text(texts: Texts, lang: str, key: str, /, **values: object) -> str:
    return texts.plain(key, lang, **values)  # the page escapes HTML itself; Markdown means nothing there


def _level(level: SharedLevel, model: Model, texts: Texts, lang: str) -> dict:
    not_applicable = level.complete and level.level is None  # every row answered "ej relevant"
    css = f"level-{level.level}" if level.level is not None else "na" if not_applicable else "unanswered"
    text = texts.level(model, level.level, lang, not_applicable)
    stars, _, name = text.partition(" ") if text.startswith("★") else ("", "", text)
    return {"css": css, "number": "–" if level.level is None else str(level.level), "stars": stars, "name": name,
            "progress": percent(level.progress, lang, 0)}


def _overview(member: SharedMember, model: Model, texts: Texts, lang: str) -> dict:
    return {"name": member.name, "administrator": member.administrator, "joined": member.joined_on.isoformat(),
            "steps": [_level(member.steps[step.key], model, texts, lang) for step in model.steps],
            "crisis": _level(member.crisis, model, texts, lang), "overall": _level(member.overall, model, texts, lang),
            "completion": percent(member.completion, lang, 0)}


def _details(name: str, details: SharedDetails, model: Model, texts: Texts, lang: str) -> dict:
    return {"name": name, "since": day(details.since),
            "answers": [{"row": a.row_key, "topic": model.row(a.row_key).topic(lang),
                         "level": answer_level(texts, model, a.level, lang), "comment": a.comment or "",
                         "who": person(texts, a.who, lang), "day": day(a.day)} for a in details.answers],
            "plan": [{"what": i.what, "row": i.row_key or "", "owner": person(texts, i.owner, lang),
                      "due": day(i.due_on), "status": texts.plain(STATUS_TEXTS[i.status], lang)} for i in details.plan]}


def _trend(member: SharedMember, lang: str, t) -> dict:
    if not member.trend:
        return {"name": member.name, "svg": None, "line": t("board_trend_empty")}
    labels = [point.day.isoformat() for point in member.trend]
    values = [point.progress for point in member.trend]
    shown = [percent(value, lang, 0) for value in values]
    return {"name": member.name, "svg": svg.trend(labels, values, shown, title=member.name),
            "line": " → ".join(shown)}


def _indicator(figure, lang: str, t) -> dict:
    return {"name": t(INDICATOR_TEXTS[figure.key]), "year": figure.year, "share": percent(figure.share, lang, 0),
            "count": t("report_count_of", count=figure.count, total=figure.total),
            "goal": t("report_target_min", percent=figure.target) if figure.target is not None else "–",
            "met": None if figure.target is None else figure.share >= figure.target,
            "shares": [{"name": name, "count": t("report_count_of", count=count, total=total),
                        "part": percent(100 * count / figure.total, lang, 0)} for name, count, total in figure.shares]}
