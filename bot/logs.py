"""Logging, set up once from settings: JSON lines for a log collector, or plain text for people.

Every request to /api/messages gives one INFO line: turn id (the activity id), tenant, organisation
(when the turn found one), activity type, status and latency in ms. Message texts and answer
comments are never logged at INFO: they are the organisations' own words.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError
from pythonjsonlogger.json import JsonFormatter

from bot.settings import Settings

TURN_FIELDS = ("turn_id", "tenant", "organisation", "activity_type", "status", "latency_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# The turn being answered in this task; dialogs add the organisation once they know it.
_turn: ContextVar[dict | None] = ContextVar("turn", default=None)


def configure(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(settings.log_format))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(JSON_FORMAT, rename_fields={"levelname": "level", "name": "logger"})
    return _TextFormatter(TEXT_FORMAT)


def quiet_client_mistakes() -> None:
    """aiohttp logs a request it cannot parse (a header it refuses, an encoding it cannot decode) at ERROR,
    with a traceback, and answers it 400: the mistake is the client's, and one line at INFO says enough."""
    server = logging.getLogger("aiohttp.server")
    if not any(isinstance(found, _ClientMistakes) for found in server.filters):
        server.addFilter(_ClientMistakes())


class _ClientMistakes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        # RequestPayloadError: a body that cannot be decoded, met while aiohttp reads what a handler left.
        if isinstance(error, RequestPayloadError) or (
                isinstance(error, HttpProcessingError) and 400 <= (error.code or 400) < 500):
            record.msg, record.args = f"{record.getMessage()}: {type(error).__name__}: {error}", ()
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.exc_info = record.exc_text = None
        return True


@contextmanager
def turn_fields() -> Iterator[dict]:
    """The fields of this turn's log line, filled in while the turn runs."""
    fields: dict = dict.fromkeys(TURN_FIELDS)
    token = _turn.set(fields)
    try:
        yield fields
    finally:
        _turn.reset(token)


def note_organisation(organisation_id: str | None) -> None:
    fields = _turn.get()
    if fields is not None and organisation_id is not None:
        fields["organisation"] = organisation_id


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = [f"{name}={getattr(record, name)}" for name in TURN_FIELDS if getattr(record, name, None) is not None]
        return " ".join([line, *extra])
