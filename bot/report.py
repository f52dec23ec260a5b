"""The HTML report a council can read: `GET /report/{token}` and its downloads, behind a signed link.

A link names one organisation in one tenant and expires after seven days. It is signed with
HMAC-SHA256 so that nobody can point it at another organisation; a bad or old link gets a short
page in Swedish and English saying so, never an error.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlencode

from aiohttp import web
from jinja2 import Environment, FileSystemLoader

from bot import svg
from bot.db import Database, Organisation
from bot.export import DELIMITERS, WHATS, csv_text, export, table
from bot.report_data import MIN_COMPARISON, SWEDEN, Report, gather, percent, progress_over_time
from bot.settings import Settings
from dialogs.texts import Texts
from model.scoring import Standing
from model.types import CRISIS_CELL, LANGUAGES, Model

log = logging.getLogger(__name__)
LINK_LIFETIME = timedelta(days=7)
TEMPLATES = Path(__file__).with_name("templates")


class InvalidToken(ValueError):
    pass


@dataclass(frozen=True)
class ReportLink:
    organisation_id: str
    tenant_id: str
    lang: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ReportTokens:
    def __init__(self, secret: str, base_url: str) -> None:
        self._key = secret.encode("utf-8")
        self.base_url = base_url.rstrip("/")

    @classmethod
    def for_this_run(cls, base_url: str) -> "ReportTokens":
        """A random secret: links work until the bot restarts."""
        return cls(secrets.token_urlsafe(32), base_url)

    @classmethod
    def from_settings(cls, settings: Settings) -> "ReportTokens":
        if settings.report_secret:
            return cls(settings.report_secret, settings.base_url)
        log.warning("REPORT_SECRET is not set: report links are signed with a random secret "
                    "and stop working when the bot restarts")
        return cls.for_this_run(settings.base_url)

    def issue(self, organisation: Organisation, lang: str, now: datetime) -> str:
        expires = int((now + LINK_LIFETIME).timestamp())
        payload = {"o": organisation.id, "t": organisation.tenant_id, "l": lang, "e": expires}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
        return f"{body}.{self._sign(body)}"

    def url(self, organisation: Organisation, lang: str, now: datetime) -> str:
        return f"{self.base_url}/report/{self.issue(organisation, lang, now)}"

    def read(self, token: str, now: datetime) -> ReportLink:
        try:
            body, signature = token.split(".")
            if not hmac.compare_digest(signature.encode("ascii"), self._sign(body).encode("ascii")):
                raise InvalidToken("the signature does not match")
            data = json.loads(_unb64(body))
            link = ReportLink(str(data["o"]), str(data["t"]), data["l"] if data["l"] in LANGUAGES else "sv",
                              datetime.fromtimestamp(int(data["e"]), timezone.utc))
        except (ValueError, KeyError, TypeError) as error:  # any garbage in a URL is just a bad link
            raise InvalidToken(str(error)) from error
        if link.expires_at <= now:
            raise InvalidToken("expired")
        return link

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())


class ReportPages:
    def __init__(self, database: Database, model: Model, texts: Texts, tokens: ReportTokens,
                 clock: Callable[[], datetime]) -> None:
        self.database, self.model, self.texts, self.tokens, self.clock = database, model, texts, tokens, clock
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)

    async def page(self, request: web.Request) -> web.Response:
        organisation, lang, token = await self._open(request)
        report = await gather(self.database, self.model, organisation)
        html = self.templates.get_template("report.html.j2").render(
            **page_context(report, self.model, self.texts, lang, token, self.clock()))
        return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def download(self, request: web.Request) -> web.Response:
        organisation, lang, _ = await self._open(request)
        what = request.query.get("what", "answers")
        if what not in WHATS:
            raise self._refusal(web.HTTPBadRequest, "report_bad_export")
        body = await export(self.database, self.model, organisation, lang, what)
        if request.match_info["format"] == "json":
            return web.json_response(body, dumps=partial(json.dumps, ensure_ascii=False, indent=2))
        delimiter = request.query.get("delimiter", ",")
        text = csv_text(*table(self.model, body, what), delimiter if delimiter in DELIMITERS else ",")
        name = f"{organisation.name} {what}.csv"
        return web.Response(body=text.encode("utf-8"), content_type="text/csv", charset="utf-8", headers={
            "Content-Disposition": f"attachment; filename=\"{what}.csv\"; filename*=UTF-8''{quote(name)}",
            "Cache-Control": "no-store"})

    async def _open(self, request: web.Request) -> tuple[Organisation, str, str]:
        token = request.match_info["token"]
        try:
            link = self.tokens.read(token, self.clock())
        except InvalidToken:
            raise self._refusal(web.HTTPForbidden, "report_forbidden") from None
        organisation = await self.database.organisations.get(link.tenant_id, link.organisation_id)
        if organisation is None:
            raise self._refusal(web.HTTPNotFound, "report_gone")
        lang = request.query.get("lang")
        return organisation, lang if lang in LANGUAGES else link.lang, token

    def _refusal(self, kind: type[web.HTTPException], key: str) -> web.HTTPException:
        # The link may be unreadable, so the language is unknown: say it in both.
        html = self.templates.get_template("refusal.html.j2").render(
            messages=[(lang, self.texts(key, lang)) for lang in LANGUAGES])
        return kind(text=html, content_type="text/html")


def day(moment: datetime | date) -> str:
    return (moment.astimezone(SWEDEN).date() if isinstance(moment, datetime) else moment).isoformat()


def page_context(report: Report, model: Model, texts: Texts, lang: str, token: str, now: datetime) -> dict:
    t = partial(_text, texts, lang)
    organisation, result = report.organisation, report.result
    kind = next((k.name(lang) for k in model.organisation_kinds if k.key == organisation.kind), organisation.kind)
    return {
        "lang": lang, "t": t, "organisation": organisation, "kind": kind,
        "made": day(now), "valid_until": day(now + LINK_LIFETIME),
        "other_lang": "en" if lang == "sv" else "sv",
        "perspectives": [p.name(lang) for p in model.perspectives],
        "grid": _grid(report, model, texts, lang),
        "perspective_totals": [_standing(model, texts, result.perspectives[p.key], lang) for p in model.perspectives],
        "legend": [(f"level-{level}", texts.level(model, level, lang)) for level in range(4)]
        + [("na", texts.level(model, None, lang, True)), ("unanswered", t("report_unanswered"))],
        "before": report.before and day(report.before.taken_at),
        "overall": _standing(model, texts, result.overall, lang) | {"arrow": report.changes.get("overall")},
        "crisis": _standing(model, texts, result.crisis, lang) | {"arrow": report.changes.get(CRISIS_CELL)},
        "radars": _radars(report, model, lang, t),
        "trend": _trend(report, lang, t),
        "answers": _answers(report, model, texts, lang),
        "plan": [{"number": i.number, "what": i.what, "row": i.row_key or "", "owner": i.owner_name,
                  "due": day(i.due_on), "status": t(f"report_status_{i.status_on(now.astimezone(SWEDEN).date())}")}
                 for i in report.plan],
        "indicators": _indicators(report, lang, t),
        "comparison": _comparison(report, t, kind),
        "downloads": _downloads(token, t),
    }


def _text(texts: Texts, lang: str, key: str, /, **values: object) -> str:
    return texts(key, lang, **values)


def _standing(model: Model, texts: Texts, standing: Standing, lang: str, has_rows: bool = True) -> dict:
    not_applicable = has_rows and standing.complete and standing.level is None
    css = f"level-{standing.level}" if standing.level is not None else "na" if not_applicable else "unanswered"
    text = texts.level(model, standing.level, lang, not_applicable)
    # Stars and name on lines of their own, so the long Swedish level names fit four cells across A4.
    stars, _, name = text.partition(" ") if text.startswith("★") else ("", "", text)
    return {"text": text, "stars": stars, "name": name, "css": css, "progress": percent(standing.progress, lang)}


def _grid(report: Report, model: Model, texts: Texts, lang: str) -> list[dict]:
    medians = report.comparison.medians if report.comparison else {}
    rows = []
    for step in model.steps:
        cells = []
        for perspective in model.perspectives:
            key = f"{step.key}.{perspective.key}"
            cell = _standing(model, texts, report.result.cells[key], lang, bool(model.cells[key]))
            median = medians.get(key)
            cells.append(cell | {"key": key, "arrow": report.changes.get(key),
                                 "median": None if median is None else f"{median:g}".replace(".", ",")})
        rows.append({"key": step.key, "name": step.name(lang), "cells": cells,
                     "total": _standing(model, texts, report.result.steps[step.key], lang)})
    return rows


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
        level = texts.level(model, None, lang, True) if answer.value == "na" else texts.level(model, answer.value, lang)
        found.append({"key": row.key, "topic": row.topic(lang), "level": level, "comment": answer.comment or "",
                      "who": answer.user_name, "when": day(answer.answered_at)})
    return found


def _indicators(report: Report, lang: str, t) -> list[dict]:
    rows = []
    for figure in report.indicators:
        if figure.target is not None:
            goal = t("report_target_min", percent=figure.target)
        else:
            goal = t("report_annex_counted") if figure.spec.annex_keys else "–"
        rows.append({"name": t(f"report_indicator_{figure.spec.key}"), "year": figure.year,
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

    return [{"name": t(f"report_download_{what}"), "links": [
        (t("report_csv"), href("csv", what)), (t("report_csv_excel"), href("csv", what, delimiter=";")),
        ("JSON", href("json", what))]} for what in WHATS]
