"""POST /api/messages and /healthz through aiohttp's test client, as Teams and the Emulator reach them."""
from __future__ import annotations

import json
import time
from contextlib import asynccontextmanager
from datetime import datetime, timezone

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse
from botframework.connector.auth import AuthenticationConstants
from cryptography.hazmat.primitives.asymmetric import rsa

from app import create_app
from bot.adapter import create_adapter
from bot.endpoint import MAX_BODY_BYTES, MessagesEndpoint
from bot.settings import Settings
from bot.turns import TURN_ERROR_REPLY, TurnRunner
from tests.key_server import KeyServer, plant

APP_ID = "00000000-0000-0000-0000-000000000001"
# Never contacted: expectReplies and invoke answers travel back in the HTTP response.
SERVICE_URL = "http://127.0.0.1:9/"
THANKS_CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Tack!"}]}


def activity(**fields) -> dict:
    return {
        "type": "message", "id": "a1", "channelId": "msteams", "serviceUrl": SERVICE_URL, "locale": "sv-SE",
        "conversation": {"id": "c1"}, "from": {"id": "u1"}, "recipient": {"id": "bot"}, **fields,
    }


def message(text: str, **fields) -> dict:
    return activity(text=text, deliveryMode="expectReplies", **fields)


def card_action(action_type: str) -> dict:
    value = {"action": {"type": action_type, "verb": "answer", "data": {}}, "trigger": "manual"}
    return activity(type="invoke", name="adaptiveCard/action", value=value)


@asynccontextmanager
async def serving(app: web.Application):
    async with TestClient(TestServer(app)) as client:
        yield client


@pytest.fixture
async def client(sqlite_url):
    async with serving(create_app(Settings(database_url=sqlite_url))) as client:
        yield client


@pytest.fixture
async def authenticated_client(sqlite_url):
    settings = Settings(
        database_url=sqlite_url,
        app_id=APP_ID, app_password="x", app_type="MultiTenant",
    )
    async with serving(create_app(settings)) as client:
        yield client


class CountingBot(ActivityHandler):
    def __init__(self, fail: bool = False) -> None:
        self.turns = 0
        self._fail = fail

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        self.turns += 1
        if self._fail:
            raise RuntimeError("the bot broke")
        await turn_context.send_activity(f"turn {self.turns}")

    async def on_adaptive_card_invoke(self, turn_context, invoke_value) -> AdaptiveCardInvokeResponse:
        self.turns += 1
        return AdaptiveCardInvokeResponse(
            status_code=200, type="application/vnd.microsoft.card.adaptive", value=THANKS_CARD
        )


@asynccontextmanager
async def serving_bot(bot: ActivityHandler, database):
    app = web.Application()
    adapter = create_adapter(Settings())
    endpoint = MessagesEndpoint(adapter, bot, TurnRunner(adapter, database, lambda: datetime.now(timezone.utc)))
    app.router.add_post("/api/messages", endpoint.handle)
    async with serving(app) as client:
        yield client


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
async def test_expect_replies_message_gets_the_replies_in_the_answer(client, content_type):
    body = json.dumps(message("hej"))
    response = await client.post("/api/messages", data=body, headers={"Content-Type": content_type})
    assert response.status == 200
    replies = (await response.json())["activities"]
    assert replies and replies[0]["type"] == "message"


@pytest.mark.parametrize("invoke", [
    card_action("Action.Submit"),
    card_action("Action.Execute"),
    activity(type="invoke", name="adaptiveCard/action"),
    activity(type="invoke", name="adaptiveCard/action", value={"action": "not an object"}),
    activity(type="invoke", name="signin/tokenExchange", value={"id": "x", "token": "y"}),
    activity(type="invoke", name="signin/verifyState", value={"state": "1234"}),
    activity(type="invoke", name="composeExtension/query", value={"commandId": "search"}),
    activity(type="invoke", name="task/fetch"),
    activity(type="invoke", name="healthCheck"),
    activity(type="invoke"),
], ids=["card-submit", "card-execute", "card-without-value", "card-malformed", "token-exchange", "verify-state",
        "message-extension", "task-module", "health-check", "no-name"])
async def test_an_invoke_the_bot_does_not_handle_is_acknowledged_without_a_body(client, invoke):
    response = await client.post("/api/messages", json=invoke)
    assert (response.status, await response.read()) == (200, b"")


async def test_card_action_answered_with_a_model_comes_back_as_json(sqlite_database):
    async with serving_bot(CountingBot(), sqlite_database) as client:
        response = await client.post("/api/messages", json=card_action("Action.Execute"))
        assert response.status == 200
        assert await response.json() == {
            "statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": THANKS_CARD,
        }


async def test_body_that_is_not_json_content_is_unsupported(client):
    response = await client.post("/api/messages", data="hej", headers={"Content-Type": "text/plain"})
    assert response.status == 415
    assert "error" in await response.json()


async def _chunks(body: bytes):
    for start in range(0, len(body), 64 * 1024):
        yield body[start:start + 64 * 1024]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_256_kb_is_too_large(client, chunked):
    body = json.dumps(message("x" * MAX_BODY_BYTES)).encode()
    data = _chunks(body) if chunked else body
    response = await client.post("/api/messages", data=data, headers={"Content-Type": "application/json"})
    assert response.status == 413
    assert "error" in await response.json()


@pytest.mark.parametrize("body", [
    b"{not json",
    b'{"text": "hej"}',
    b'[{"type": "message"}]',
    b'{"type": "message", "timestamp": "not-a-date"}',
    json.dumps(activity(locale={"sv": "SE"})).encode(),
], ids=["bad-json", "no-type", "array", "undeserialisable", "locale-not-text"])
async def test_body_that_is_not_an_activity_is_a_bad_request(client, body):
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert "error" in await response.json()


@pytest.fixture
async def signing_key(monkeypatch):
    """The channel's signing key, served by a local key endpoint (tests/key_server.py), so no test goes online."""
    async with KeyServer() as server:
        plant(monkeypatch, server.signing_keys())
        yield server.key


def channel_claims(issuer: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER) -> dict:
    now = int(time.time())
    return {"iss": issuer, "aud": APP_ID, "serviceurl": SERVICE_URL, "nbf": now, "exp": now + 3600}


def stranger_signed_token() -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(channel_claims(), stranger, algorithm="RS256", headers={"kid": "channel-key"})


@pytest.mark.parametrize("authorization", [
    None,
    "Bearer not-a-jwt",
    "Bearer " + jwt.encode(channel_claims(), key=None, algorithm="none"),
    "Bearer " + jwt.encode(channel_claims("https://login.example.org"), "a-key-the-channel-never-had-0123", "HS256"),
    "Bearer " + stranger_signed_token(),
], ids=["missing", "malformed", "unsigned", "wrong-issuer", "wrong-signature"])
async def test_request_without_a_valid_channel_token_is_unauthorized(authenticated_client, signing_key, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await authenticated_client.post("/api/messages", json=message("hej"), headers=headers)
    assert response.status == 401
    assert await response.json() == {"error": "unauthorized"}


async def test_resent_activity_gets_the_first_answer_and_runs_once(sqlite_database):
    bot = CountingBot()
    async with serving_bot(bot, sqlite_database) as client:
        first = await client.post("/api/messages", json=message("hej", id="resent"))
        second = await client.post("/api/messages", json=message("hej", id="resent"))
        assert (second.status, await second.text()) == (first.status, await first.text())
    assert bot.turns == 1


@pytest.mark.parametrize("locale, language", [("en-US", "en"), ("sv-SE", "sv"), (None, "sv")])
async def test_failing_turn_tells_the_user_in_their_language(sqlite_database, locale, language):
    async with serving_bot(CountingBot(fail=True), sqlite_database) as client:
        response = await client.post("/api/messages", json=message("hej", locale=locale))
        replies = (await response.json())["activities"]
    assert [reply["text"] for reply in replies] == [TURN_ERROR_REPLY[language]]
    assert "the bot broke" not in json.dumps(replies)


async def test_health_reports_the_database(client):
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["database"] == "ok"
