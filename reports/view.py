"""What the report page shows, worked out from the gathered report: the view model for the template."""
from __future__ import annotations

from datetime import date, datetime
from functools import partial
from urllib.parse import urlencode

from reports import svg
from storage.erasure import FORMER_MEMBER_NAME
from reports.exports import OPERATOR_ONLY, WHATS
from services.findings import role_order
from services.membership import WORK_ROLE_TEXTS
from services.plan import DONE, OPEN, OVERDUE, POSTPONED
from services.reports import LINK_LIFETIME, MIN_COMPARISON, SWEDEN, Report, UnitReport, percent, progress_over_time
from texts import Texts
from model.scoring import Score, Standing
from model.types import CRISIS_CELL, Model

def day(moment: datetime | date) -> str:
    return (moment.astimezone(SWEDEN).date() if isinstance(moment, datetime) else moment).isoformat()


STATUS_TEXTS = {OPEN: "report_status_open", POSTPONED: "report_status_postponed", DONE: "report_status_done",
                OVERDUE: "report_status_overdue"}
INDICATOR_TEXTS = {"environmental_requirements": "report_indicator_environmental_requirements",
                   "social_considerations": "report_indicator_social_considerations",
                   "crisis_terms": "report_indicator_crisis_terms"}
DOWNLOAD_TEXTS = {"answers": "report_download_answers", "snapshots": "report_download_snapshots",
                  "plan": "report_download_plan", "checkins": "report_download_checkins"}


def page_context(report: Report, model: Model, texts: Texts, lang: str, token: str, now: datetime) -> dict:
    t = partial(_text, texts, lang)
    organisation, result = report.organisation, report.result
    units = {each.unit.id: each.unit.name for each in report.units}  # whose a unit's plan item is
    kind = next((k.name(lang) for k in model.organisation_kinds if k.key == organisation.kind), organisation.kind)
    return {
        "lang": lang, "t": t, "organisation": organisation, "kind": kind,
        "made": day(now), "valid_until": day(now + LINK_LIFETIME),
        "other_lang": "en" if lang == "sv" else "sv",
        "perspectives": [p.name(lang) for p in model.perspectives],
        "grid": _grid(report.result, report.changes, report.comparison.medians if report.comparison else {},
                      model, texts, lang),
        "units": [_unit(unit, model, texts, lang) for unit in report.units],
        "unit_columns": [(step.key, [p.key for p in model.perspectives]) for step in model.steps],
        "unit_letters": [(p.key, p.name(lang)) for p in model.perspectives],
        "row_count": len(model.rows),
        "perspective_totals": [_standing(model, texts, result.perspectives[p.key], lang) for p in model.perspectives],
        "legend": [(f"level-{level}", texts.level(model, level, lang)) for level in range(4)]
        + [("na", texts.level(model, None, lang, True)), ("unanswered", t("report_unanswered"))],
        "before": report.before and day(report.before.taken_at),
        "overall": _standing(model, texts, result.overall, lang) | {"arrow": report.changes.get("overall")},
        "crisis": _standing(model, texts, result.crisis, lang) | {"arrow": report.changes.get(CRISIS_CELL)},
        "radars": _radars(report, model, lang, t),
        "trend": _trend(report, lang, t),
        "answers": _answers(report, model, texts, lang),
        "plan": [{"number": i.number, "what": i.what, "row": i.row_key or "", "unit": units.get(i.unit_id, ""),
                  "owner": person(texts, i.owner_name, lang),
                  "due": day(i.due_on), "status": t(STATUS_TEXTS[i.status_on(now.astimezone(SWEDEN).date())])}
                 for i in report.plan],
        "indicators": _indicators(report, lang, t),
        "workshops": _workshops(report, model, texts, lang),
        "comparison": _comparison(report, t, kind),
        "downloads": _downloads(token, t),
    }


def _workshops(report: Report, model: Model, texts: Texts, lang: str) -> dict | None:
    """How many workshops were held for whom (the organisation itself, each unit), then, over all of them, where the
    groups agreed and differed, the widest spreads, and each role's median per step."""
    found = report.finding
    if found is None:
        return None
    topic = lambda key: f"{key} {model.row(key).topic(lang)}"  # noqa: E731
    roles = sorted({role for medians in found.roles.values() for role in medians}, key=role_order)
    whole = _text(texts, lang, "whom_organisation", name=report.organisation.name)
    held = [f"{unit.name if unit else whole} {count}" for unit, count in report.workshops_for]
    return {
        "held_for": _text(texts, lang, "report_workshops_for", whom=", ".join(held)),
        "agreed": [topic(key) for key in found.agreed],
        "differed": [topic(key) for key in found.differed],
        "widest": [(topic(key), width) for key, width in found.widest],
        "roles": [texts.plain(WORK_ROLE_TEXTS.get(role, "role_unknown"), lang) for role in roles],
        "steps": [(texts.plain("report_crisis_short", lang) if step == CRISIS_CELL else step,
                   [_decimal(medians.get(role), lang) for role in roles])
                  for step, medians in found.roles.items()],
    }


def _decimal(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text


def _text(texts: Texts, lang: str, key: str, /, **values: object) -> str:
    return texts.plain(key, lang, **values)  # the page escapes HTML itself; Markdown means nothing there


def _standing(model: Model, texts: Texts, standing: Standing, lang: str, has_rows: bool = True) -> dict:
    not_applicable = has_rows and standing.complete and standing.level is None
    css = f"level-{standing.level}" if standing.level is not None else "na" if not_applicable else "unanswered"
    text = texts.level(model, standing.level, lang, not_applicable)
    # Stars and name on lines of their own, so the long Swedish level names fit four cells across A4.
    stars, _, name = text.partition(" ") if text.startswith("★") else ("", "", text)
    return {"text": text, "stars": stars, "name": name, "css": css, "progress": percent(standing.progress, lang)}


def _grid(result: Score, arrows: dict[str, str], medians: dict[str, float], model: Model, texts: Texts,
          lang: str) -> list[dict]:
    rows = []
    for step in model.steps:
        cells = []
        for perspective in model.perspectives:
            key = f"{step.key}.{perspective.key}"
            cell = _standing(model, texts, result.cells[key], lang, bool(model.cells[key]))
            median = medians.get(key)
            cells.append(cell | {"key": key, "arrow": arrows.get(key),
                                 "median": None if median is None else f"{median:g}".replace(".", ",")})
        rows.append({"key": step.key, "name": step.name(lang), "cells": cells,
                     "total": _standing(model, texts, result.steps[step.key], lang)})
    return rows


def _unit(report: UnitReport, model: Model, texts: Texts, lang: str) -> dict:
    """A unit's grid, and its row of the units × cells heat map: each cell's level as a number."""
    result = report.result
    grid = _grid(result, {}, {}, model, texts, lang)
    cells = [cell | {"number": _number(cell)} for row in grid for cell in row["cells"]]
    overall = _standing(model, texts, result.overall, lang)
    return {"name": report.unit.name, "grid": grid, "cells": cells, "answered": len(report.answers),
            "perspective_totals": [_standing(model, texts, result.perspectives[p.key], lang) for p in model.perspectives],
            "overall": overall | {"number": _number(overall)},
            "next_steps": [{"topic": r.row.topic(lang), "action": r.row.rung(r.level).action(lang)}
                           for r in report.next_steps]}


def _number(standing: dict) -> str:
    return standing["css"].removeprefix("level-") if standing["css"].startswith("level-") else "–"


def _radars(report: Report, model: Model, lang: str, t) -> list[dict]:
    labels = [t("report_step_short", key=step.key) for step in model.steps]
    radars = []
    for perspective in model.perspectives:
        keys = [f"{step.key}.{perspective.key}" for step in model.steps]
        before = [report.before.score["cells"][key]["progress"] for key in keys] if report.before else None
        values = [report.result.cells[key].progress for key in keys]
        name = perspective.name(lang)
        radars.append({"name": name, "svg": svg.radar(labels, values, before, title=name, size=156)})
    return radars


def _trend(report: Report, lang: str, t) -> dict | None:
    points = progress_over_time(report.snapshots)
    if not points:
        return None
    labels = [day(moment) for moment, _ in points]
    values = [progress for _, progress in points]
    shown = [percent(value, lang, 0) for value in values]
    return {"svg": svg.trend(labels, values, shown, title=t("report_trend")), "line": " → ".join(shown)}


def _answers(report: Report, model: Model, texts: Texts, lang: str) -> list[dict]:
    found = []
    for row in model.all_rows:
        answer = report.answers.get(row.key)
        if answer is None:
            continue
        found.append({"key": row.key, "topic": row.topic(lang), "level": answer_level(texts, model, answer.value, lang),
                      "comment": answer.comment or "", "who": person(texts, answer.user_name, lang),
                      "when": day(answer.answered_at)})
    return found


def answer_level(texts: Texts, model: Model, value: object, lang: str) -> str:
    """An answer's level as people read it, "ej relevant" included."""
    return texts.level(model, None, lang, True) if value == "na" else texts.level(model, value, lang)


def person(texts: Texts, name: str, lang: str) -> str:
    """A name as stored, or "tidigare medlem" / "former member" in the reader's language for a forgotten one."""
    return texts("former_member", lang) if name == FORMER_MEMBER_NAME else name


def _indicators(report: Report, lang: str, t) -> list[dict]:
    rows = []
    for figure in report.indicators:
        if figure.target is not None:
            goal = t("report_target_min", percent=figure.target)
        else:
            goal = t("report_annex_counted") if figure.spec.annex_keys else "–"
        rows.append({"name": t(INDICATOR_TEXTS[figure.spec.key]), "year": figure.year,
                     "share": percent(figure.share, lang, 0),
                     "count": t("report_count_of", count=figure.count, total=figure.total), "goal": goal,
                     "met": None if figure.target is None else figure.share >= figure.target})
    return rows


def _comparison(report: Report, t, kind: str) -> str:
    comparison = report.comparison
    if comparison is None:
        return t("report_comparison_off")
    if not comparison.shown:
        return t("report_comparison_hidden", minimum=MIN_COMPARISON, count=comparison.participants)
    return t("report_comparison_shown", count=comparison.participants, kind=kind.lower())


def _downloads(token: str, t) -> list[dict]:
    # Relative to /report/, so the links keep working behind a proxy that adds a path prefix.
    def href(fmt: str, what: str, **query: str) -> str:
        return f"{token}/export.{fmt}?{urlencode({'what': what, **query})}"

    return [{"name": t(DOWNLOAD_TEXTS[what]), "links": [
        (t("report_csv"), href("csv", what)), (t("report_csv_excel"), href("csv", what, delimiter=";")),
        ("JSON", href("json", what))]} for what in WHATS if what != OPERATOR_ONLY]
