"""The HTML report a council can read: `GET /report/{token}` and its downloads, behind a signed link.

A link names one organisation in one tenant, the member who made it and the organisation's generation
of links, and expires after seven days. It is signed with HMAC-SHA256 so that nobody can point it at
another organisation. It stops working when its maker leaves the organisation or an administrator
revokes all links (storage/report_links.py). A bad or old link gets a short page in Swedish and English
saying so, never an error.

Pages allow no scripts, nothing from elsewhere and no framing; their one inline style sheet carries a
nonce. Exports are never cached.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from aiohttp import hdrs, web
from aiohttp.web import ContentCoding

from storage import Database, Organisation
from reports.exports import DELIMITERS, OPERATOR_ONLY, WHATS, csv_text, export, table
from services.reports import LINK_LIFETIME, Comparisons, gather
from reports.board_view import board_context
from reports.view import page_context
from services.collaborations import board_for_link
from texts import Texts
from model.types import LANGUAGES, Model

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).with_name("templates")


class InvalidToken(ValueError):
    pass


@dataclass(frozen=True)
class ReportLink:
    organisation_id: str
    tenant_id: str
    lang: str
    expires_at: datetime
    made_by: str  # the member's user id
    generation: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class BoardLink:
    """A link to a collaboration's report, made by a member of one of its member organisations."""

    collaboration_id: str
    organisation_id: str  # the maker's organisation: the link works while it is a member
    tenant_id: str
    lang: str
    expires_at: datetime
    made_by: str
    generation: int  # of the maker's organisation's links


# Signed apart from organisation reports, so that neither kind of link opens the other kind of page.
BOARD_PURPOSE = "collaboration."


class ReportTokens:
    def __init__(self, secret: str, base_url: str) -> None:
        self._key = secret.encode("utf-8")
        self.base_url = base_url.rstrip("/")

    @classmethod
    def for_this_run(cls, base_url: str) -> "ReportTokens":
        """A random secret: links work until the bot restarts."""
        return cls(secrets.token_urlsafe(32), base_url)

    @classmethod
    def configured(cls, secret: str, base_url: str) -> "ReportTokens":
        """Signed with the configured secret (REPORT_SECRET); without one, links die with a restart."""
        if secret:
            return cls(secret, base_url)
        log.warning("REPORT_SECRET is not set: report links are signed with a random secret "
                    "and stop working when the bot restarts")
        return cls.for_this_run(base_url)

    def issue(self, organisation: Organisation, lang: str, now: datetime, *, made_by: str, generation: int) -> str:
        expires = int((now + LINK_LIFETIME).timestamp())
        payload = {"o": organisation.id, "t": organisation.tenant_id, "l": lang, "e": expires, "u": made_by,
                   "g": generation}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
        return f"{body}.{self._sign(body)}"

    def url(self, organisation: Organisation, lang: str, now: datetime, *, made_by: str, generation: int) -> str:
        return f"{self.base_url}/report/{self.issue(organisation, lang, now, made_by=made_by, generation=generation)}"

    def board_url(self, collaboration_id: str, organisation: Organisation, lang: str, now: datetime, *,
                  made_by: str, generation: int) -> str:
        payload = {"c": collaboration_id, "o": organisation.id, "t": organisation.tenant_id, "l": lang,
                   "e": int((now + LINK_LIFETIME).timestamp()), "u": made_by, "g": generation}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
        return f"{self.base_url}/samverkan/{body}.{self._sign(body, BOARD_PURPOSE)}"

    def read_board(self, token: str, now: datetime) -> BoardLink:
        data = self._payload(token, now, BOARD_PURPOSE)
        try:
            return BoardLink(str(data["c"]), str(data["o"]), str(data["t"]),
                             data["l"] if data["l"] in LANGUAGES else "sv",
                             datetime.fromtimestamp(int(data["e"]), timezone.utc), str(data["u"]), int(data["g"]))
        except (ValueError, KeyError, TypeError, OverflowError, OSError) as error:
            raise InvalidToken(str(error)) from error

    def _payload(self, token: str, now: datetime, purpose: str) -> dict:
        try:
            body, signature = token.split(".")
            if not hmac.compare_digest(signature.encode("ascii"), self._sign(body, purpose).encode("ascii")):
                raise InvalidToken("the signature does not match")
            data = json.loads(_unb64(body))
            if int(data["e"]) <= now.timestamp():
                raise InvalidToken("expired")
            return data
        except (ValueError, KeyError, TypeError, OverflowError, OSError, UnicodeError) as error:
            raise InvalidToken(str(error)) from error

    def read(self, token: str, now: datetime) -> ReportLink:
        try:
            body, signature = token.split(".")
            if not hmac.compare_digest(signature.encode("ascii"), self._sign(body).encode("ascii")):
                raise InvalidToken("the signature does not match")
            data = json.loads(_unb64(body))
            link = ReportLink(str(data["o"]), str(data["t"]), data["l"] if data["l"] in LANGUAGES else "sv",
                              datetime.fromtimestamp(int(data["e"]), timezone.utc), str(data["u"]), int(data["g"]))
        # Any garbage in a URL is just a bad link; an expiry past year 9999 overflows.
        except (ValueError, KeyError, TypeError, OverflowError, OSError) as error:
            raise InvalidToken(str(error)) from error
        if link.expires_at <= now:
            raise InvalidToken("expired")
        return link

    def _sign(self, body: str, purpose: str = "") -> str:
        return _b64(hmac.new(self._key, (purpose + body).encode("ascii"), hashlib.sha256).digest())


class ReportPages:
    def __init__(self, database: Database, model: Model, texts: Texts, tokens: ReportTokens,
                 clock: Callable[[], datetime]) -> None:
        self.database, self.model, self.texts, self.tokens, self.clock = database, model, texts, tokens, clock
        self.comparisons = Comparisons(database)
        self._templates = None  # the template engine, made for the first page (jinja2 is not needed to start)

    def _engine(self):
        if self._templates is None:
            from jinja2 import Environment, FileSystemLoader

            self._templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                          trim_blocks=True, lstrip_blocks=True)
        return self._templates

    async def page(self, request: web.Request) -> web.Response:
        organisation, lang, token = await self._open(request)
        report = await gather(self.database, self.model, organisation, self.comparisons)
        html, headers = self._render("report.html.j2", **page_context(
            report, self.model, self.texts, lang, token, self.clock()))
        response = web.Response(text=html, content_type="text/html", headers=headers)
        compress(request, response)
        return response

    async def board_page(self, request: web.Request) -> web.Response:
        """A collaboration's report: checked on every request, so a member that left sees nothing more."""
        try:
            link = self.tokens.read_board(request.match_info["token"], self.clock())
        except InvalidToken:
            raise self._refusal(web.HTTPForbidden, "report_forbidden") from None
        organisation = await self.database.organisations.get(link.tenant_id, link.organisation_id)
        board = organisation and await board_for_link(self.database, self.model, link.collaboration_id,
                                                      organisation.id, link.made_by, link.generation, self.clock())
        if not board:
            raise self._refusal(web.HTTPForbidden, "board_link_ended")
        lang = request.query.get("lang")
        html, headers = self._render("board.html.j2", **board_context(
            board, self.model, self.texts, lang if lang in LANGUAGES else link.lang, self.clock()))
        response = web.Response(text=html, content_type="text/html", headers=headers)
        compress(request, response)
        return response

    async def download(self, request: web.Request) -> web.Response:
        organisation, lang, _ = await self._open(request)
        what = request.query.get("what", "answers")
        # Who answered what in a workshop is the operator's export only: a group may have chosen not to show names.
        if what not in WHATS or what == OPERATOR_ONLY:
            raise self._refusal(web.HTTPBadRequest, "report_bad_export")
        body = await export(self.database, self.model, organisation, lang, what)
        if request.match_info["format"] == "json":
            return web.json_response(body, dumps=partial(json.dumps, ensure_ascii=False, indent=2),
                                     headers={"Cache-Control": "no-store"})
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
        if not await self.database.report_links.still_valid(organisation.id, link.made_by, link.generation):
            raise self._refusal(web.HTTPForbidden, "report_revoked")
        lang = request.query.get("lang")
        return organisation, lang if lang in LANGUAGES else link.lang, token

    def _refusal(self, kind: type[web.HTTPException], key: str) -> web.HTTPException:
        # The link may be unreadable, so the language is unknown: say it in both.
        html, headers = self._render("refusal.html.j2", messages=[(lang, self.texts(key, lang)) for lang in LANGUAGES])
        return kind(text=html, content_type="text/html", headers=headers)

    def _render(self, template: str, **context: object) -> tuple[str, dict[str, str]]:
        nonce = secrets.token_urlsafe(16)
        html = self._engine().get_template(template).render(style_nonce=nonce, **context)
        return html, {"Cache-Control": "no-store", "Content-Security-Policy": page_policy(nonce)}


def compress(request: web.Request, response: web.Response) -> None:
    """The page is repetitive HTML with inline charts, which shrinks many times over: gzip when the browser
    takes it (every browser does), else another coding it accepts, else as it is."""
    accepted = request.headers.get(hdrs.ACCEPT_ENCODING, "").lower()
    response.enable_compression(ContentCoding.gzip if "gzip" in accepted else None)


# On every response of the app; pages replace the policy with one that lets their style sheet in.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "no-referrer",  # the link in the address bar is the key to the report
}


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """For `app.on_response_prepare`."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def page_policy(style_nonce: str) -> str:
    """Only the page's own style sheet; no scripts, images, fonts, forms or frames from anywhere."""
    return (f"default-src 'none'; style-src 'nonce-{style_nonce}'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
