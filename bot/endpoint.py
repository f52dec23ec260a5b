"""POST /api/messages: our own thin handler in front of botbuilder's CloudAdapter.

Not `CloudAdapter.process`, because in 4.17.1 it serialises invoke and expectReplies bodies twice
(answering 500, "'dict' object has no attribute 'is_xml_model'") and answers a malformed bearer
token with 500 instead of 401.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time

from aiohttp import hdrs, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError
from botbuilder.core import Bot, InvokeResponse
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult
from msrest.exceptions import DeserializationError
from msrest.serialization import Model

from bot import activity_json
from bot.handler import tenant_of
from bot.logs import turn_fields
from bot.signing_keys import FAILURE_PAUSE_SECONDS, KeysUnavailable
from bot.turns import Answer, TryLater, TurnRunner
from bot.wire import from_wire

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
# A body shorter than its Content-Length would otherwise hold its request forever; after the 408, aiohttp
# waits at most another 10 s (its lingering time) for the rest before it closes the connection.
BODY_SECONDS = 10.0
RETRY_AFTER_SECONDS = 5


class _ClientError(Exception):
    """A request answered without a turn: its status, and when to come back if it is no fault of the client's."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class MessagesEndpoint:
    def __init__(self, adapter: CloudAdapter, bot: Bot, turns: TurnRunner, body_seconds: float = BODY_SECONDS) -> None:
        self._body_seconds = body_seconds
        self._adapter = adapter
        self._bot = bot
        self._turns = turns

    async def handle(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        with turn_fields() as fields:
            response = await self._handle(request, fields)
            fields.update(status=response.status, latency_ms=round((time.perf_counter() - started) * 1000, 1))
            logger.info("turn", extra=fields)
        return response

    async def _handle(self, request: web.Request, fields: dict) -> web.Response:
        try:
            activity = await _read_activity(request, self._body_seconds)
            fields.update(turn_id=activity.id, activity_type=activity.type,
                          tenant=tenant_of(activity) if activity.conversation else None)
            authentication = await self._authenticate(activity, request.headers.get(hdrs.AUTHORIZATION))
        except _ClientError as error:
            response = _response(error.status, json.dumps({"error": error.message}))
            if error.retry_after is not None:
                response.headers[hdrs.RETRY_AFTER] = str(round(error.retry_after))
            return response
        try:
            return _response(*await self._turns.run(activity, lambda: self._turn(activity, authentication)))
        except TryLater:
            response = _response(503, json.dumps({"error": "the database is unavailable, try again shortly"}))
            response.headers[hdrs.RETRY_AFTER] = str(RETRY_AFTER_SECONDS)
            return response

    async def _authenticate(self, activity: Activity, header: str | None) -> AuthenticateRequestResult:
        if header is not None and not header.isascii():
            # A token is base64url; aiohttp hands other bytes on as Latin-1 or surrogates.
            logger.warning("Rejected a request to /api/messages: an Authorization header that is not ASCII")
            raise _ClientError(401, "unauthorized")
        try:
            return await self._adapter.bot_framework_authentication.authenticate_request(activity, header)
        except KeysUnavailable as error:
            logger.warning("Could not check a request to /api/messages: %s", error)
            raise _ClientError(503, "cannot check tokens just now", retry_after=FAILURE_PAUSE_SECONDS) from error
        except Exception as error:
            # botbuilder rejects tokens with PermissionError, PyJWT errors and bare Exceptions alike.
            logger.warning("Rejected a request to /api/messages: %s: %s", type(error).__name__, error)
            raise _ClientError(401, "unauthorized") from error

    async def _turn(self, activity: Activity, authentication: AuthenticateRequestResult) -> Answer:
        # Passing the result, not the header, keeps botbuilder from authenticating a second time.
        return _invoke_answer(await self._adapter.process_activity(authentication, activity, self._bot.on_turn))


async def _read_activity(request: web.Request, body_seconds: float) -> Activity:
    if request.content_type != "application/json":
        raise _ClientError(415, "Content-Type must be application/json")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise _ClientError(413, "body too large")
    try:
        payload = activity_json.load(await _read_body(request, body_seconds))
    except activity_json.NotAnActivity as error:
        raise _ClientError(400, str(error)) from error
    try:
        activity = from_wire(payload)
    except DeserializationError as error:
        raise _ClientError(400, "body is not a valid activity") from error
    # Every channel names the conversation, the sender and the bot; without them there is no one to answer.
    if not (activity.conversation and activity.conversation.id and activity.from_property
            and activity.from_property.id and activity.recipient):
        raise _ClientError(400, "activity lacks its conversation, sender or recipient")
    return activity


async def _read_body(request: web.Request, seconds: float) -> bytes:
    try:
        async with asyncio.timeout(seconds):
            body = await request.read()
    except web.HTTPRequestEntityTooLarge as error:
        raise _ClientError(413, "body too large") from error
    except TimeoutError as error:
        raise _ClientError(408, "the body did not arrive in time") from error
    except ConnectionError as error:
        # The client went away while sending; nobody will read the answer, and it is no fault of ours.
        raise _ClientError(400, "the connection closed before the body arrived") from error
    except (HttpProcessingError, RequestPayloadError) as error:  # say, gzip announced but not sent
        raise _ClientError(400, "the body could not be decoded") from error
    if len(body) > MAX_BODY_BYTES:
        raise _ClientError(413, "body too large")
    return body


def _invoke_answer(invoke_response: InvokeResponse | None) -> Answer:
    if invoke_response is None:
        return 200, None
    status = int(invoke_response.status)
    if invoke_response.body is None:
        return status, None
    try:
        return status, json.dumps(invoke_response.body, default=_serialise_model)
    except (TypeError, ValueError):
        # botbuilder's own adaptive card error answers hold an Exception where the schema wants an object;
        # their status still tells the caller what went wrong. An unserialisable success is our bug.
        logger.exception("Invoke response body could not be serialised")
        return (status if status >= 400 else 500), json.dumps({"error": "invoke response could not be serialised"})


def _serialise_model(value: object) -> object:
    # Invoke bodies arrive as dicts (expectReplies), msrest Models (Teams handlers) or dicts holding Models.
    if isinstance(value, Model):
        return serializer_helper(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _response(status: int, body: str | None) -> web.Response:
    if body is None:
        return web.Response(status=status)
    return web.Response(status=status, text=body, content_type="application/json")
