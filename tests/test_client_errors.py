"""What a client sends is answered with a 4xx or handled as a person would expect, never a 5xx or a failed
turn: deep nesting, NUL and lone surrogates, fields of the wrong type, odd Authorization bytes, bodies that
stop short. Through the real app over HTTP, on SQLite and PostgreSQL where the database matters."""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import select

from app import create_app
from bot.adapter import create_adapter
from storage.schema import answers, members, organisations
from bot.endpoint import MessagesEndpoint
from bot.settings import Settings
from bot.turns import TurnRunner
from tests.db_fixtures import reading
from tests.test_http import APP_ID, CountingBot, activity, message, serving


def failures(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


class Person:
    """Someone chatting with the bot over HTTP; what they send may be odd, what they get back is read."""

    def __init__(self, client, user: str = "anna", name: str = "Anna Berg") -> None:
        self.client, self.user, self.name, self.sent = client, user, name, 0

    async def say(self, text: object = None, **fields) -> str:
        self.sent += 1
        body = message(text, id=f"{self.user}-{self.sent}", conversation={"id": f"personal-{self.user}"},
                       **{"from": {"id": self.user, "name": self.name}, **fields})
        if text is None:
            del body["text"]
        async with self.client.post("/api/messages", json=body) as response:
            assert response.status == 200, await response.text()
            return json.dumps((await response.json())["activities"], ensure_ascii=False)


@pytest.fixture
async def client(database_url):
    async with serving(create_app(Settings(database_url=database_url))) as client:
        yield client


def nested(depth: int, opening: str = "[", closing: str = "]") -> bytes:
    return (opening * depth + closing * depth).encode()


def deep_value(levels: int) -> dict:
    value: dict = {"answer": 2}
    for _ in range(levels):
        value = {"b": value}
    return value


@pytest.mark.parametrize("body", [
    nested(10_000), nested(100_000), nested(40_000, '{"a":', "}"),
    json.dumps(activity(text="hej")).replace('"hej"', nested(5_000).decode()).encode(),
    json.dumps(activity(value=deep_value(40))).encode(),
], ids=["arrays-10k", "arrays-100k", "objects-40k", "deep-text", "value-40-levels"])
async def test_deeply_nested_json_is_a_bad_request(client, caplog, body):
    response = await client.post("/api/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert "nested deeper" in (await response.json())["error"]
    assert failures(caplog) == []


async def test_nul_and_lone_surrogates_are_cleaned_before_anything_is_stored(client, database_url, caplog):
    anna = Person(client, name="Anna\x00 Berg\ud800")
    await anna.say("hej\x00")
    await anna.say("Falu\x00 kommun\udfff")
    await anna.say("1")
    await anna.say("start")
    await anna.say("1")
    reply = await anna.say("2 beslutat i KF\x00 \ud83d")
    assert "fråga 2 av 35" in reply
    with reading(database_url) as connection:
        [(name,)] = list(connection.execute(select(organisations.c.name)))
        [(who,)] = list(connection.execute(select(members.c.user_name)))
        [(comment,)] = list(connection.execute(select(answers.c.comment)))
    assert (name, who, comment) == ("Falu kommun\ufffd", "Anna Berg\ufffd", "beslutat i KF \ufffd")
    assert failures(caplog) == []


@pytest.mark.parametrize("text", [{"a": 1}, ["2"], 2, True], ids=["object", "list", "number", "boolean"])
async def test_text_that_is_not_text_gets_the_question_again_in_words(client, caplog, text):
    anna = Person(client)
    for typed in ("hej", "Falu kommun", "1", "start", "1"):
        await anna.say(typed)
    assert "Det svaret förstod jag inte." in await anna.say(text)
    assert "fråga 2 av 35" in await anna.say("2")  # still at the first question until then
    assert failures(caplog) == []


@pytest.mark.parametrize("value", ["2", [{"answer": 2}], 2], ids=["text", "list", "number"])
async def test_a_card_value_that_is_not_an_object_is_ignored(client, caplog, value):
    anna = Person(client)
    for typed in ("hej", "Falu kommun", "1", "start", "1"):
        await anna.say(typed)
    reply = await anna.say(None, value=value)
    assert "Det svaret förstod jag inte." in reply
    assert failures(caplog) == []


@pytest.mark.parametrize("command", [["medlemmar"], 7, {"command": "status"}], ids=["list", "number", "object"])
async def test_a_card_command_that_is_not_text_is_no_command(client, caplog, command):
    anna = Person(client)
    for typed in ("hej", "Falu kommun", "1"):
        await anna.say(typed)
    assert "Det förstod jag inte." in await anna.say(None, value={"command": command})
    assert failures(caplog) == []


@pytest.mark.parametrize("digit", ["③", "³", "\U00010A42"], ids=["circled", "superscript", "kharosthi"])
async def test_a_digit_written_another_way_picks_that_option(client, caplog, digit):
    anna = Person(client)
    await anna.say("hej")
    await anna.say("Falu kommun")
    assert "Falu kommun är skapad" in await anna.say(digit)
    assert failures(caplog) == []


@pytest.mark.parametrize("fields", [
    {"id": 5}, {"channelId": ["msteams"]}, {"from": {"id": "u1", "name": {"first": "Bo"}}},
    {"conversation": {"id": {"x": 1}}}, {"recipient": "bot"}, {"serviceUrl": None}, {"serviceUrl": "ftp://x/"},
    {"serviceUrl": "http://[::1"}, {"serviceUrl": "/v3/relative"},
], ids=["id", "channel", "sender-name", "conversation-id", "recipient", "no-service-url", "ftp-service-url",
        "broken-service-url", "relative-service-url"])
async def test_protocol_fields_of_the_wrong_type_are_a_bad_request(client, fields):
    response = await client.post("/api/messages", json=message("hej", **fields))
    assert response.status == 400
    assert "error" in await response.json()


async def raw_request(port: int, head: bytes, body: bytes) -> bytes:
    """The status line of the answer to these bytes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head + body)
    await writer.drain()
    answer = await reader.readline()
    writer.close()
    return answer


def head(length: int, authorization: bytes | None = None) -> bytes:
    lines = [b"POST /api/messages HTTP/1.1", b"Host: bot", b"Content-Type: application/json",
             b"Content-Length: %d" % length, b"Connection: close"]
    if authorization is not None:
        lines.append(b"Authorization: " + authorization)
    return b"\r\n".join(lines) + b"\r\n\r\n"


@pytest.mark.parametrize("authorization", [b"Bearer \xff\xfe\xfd", b"Bearer \xe5\xe4\xf6", "Bearer å".encode(),
                                           b"\x80Bearer x"], ids=["bytes", "latin-1", "utf-8", "leading"])
async def test_an_authorization_header_that_is_not_ascii_is_unauthorized(sqlite_url, caplog, authorization):
    settings = Settings(database_url=sqlite_url, app_id=APP_ID, app_password="x")
    body = json.dumps(message("hej")).encode()
    async with serving(create_app(settings)) as client:
        answer = await raw_request(client.port, head(len(body), authorization), body)
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert failures(caplog) == []


@dataclass
class Served:
    client: ClientSession
    port: int


@pytest.fixture
async def quick_endpoint(sqlite_database):
    """The endpoint with a short wait for bodies, so a test need not wait the real ten seconds, served as
    `web.run_app` serves it: a handler goes on when its client hangs up (aiohttp's test server cancels it)."""
    app, adapter = web.Application(), create_adapter(Settings())
    turns = TurnRunner(adapter, sqlite_database, lambda: datetime.now(timezone.utc))
    app.router.add_post("/api/messages", MessagesEndpoint(adapter, CountingBot(), turns, body_seconds=0.2).handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with ClientSession(f"http://127.0.0.1:{runner.addresses[0][1]}") as client:
            yield Served(client, runner.addresses[0][1])
    finally:
        await runner.cleanup()


async def test_a_body_shorter_than_its_length_gets_a_408(quick_endpoint, caplog):
    body = json.dumps(message("hej")).encode()
    answer = await raw_request(quick_endpoint.port, head(len(body) + 100), body)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert failures(caplog) == []


async def test_a_client_that_hangs_up_mid_body_leaves_no_error_in_the_log(quick_endpoint, caplog):
    body = json.dumps(message("hej")).encode()
    with caplog.at_level(logging.INFO):
        reader, writer = await asyncio.open_connection("127.0.0.1", quick_endpoint.port)
        writer.write(head(len(body)).replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"))
        assert b"100 Continue" in await reader.readline()  # the endpoint is now waiting for the body
        writer.write(body[:10])
        await writer.drain()
        writer.transport.abort()
        while not any(getattr(record, "status", None) for record in caplog.records):
            await asyncio.sleep(0.01)  # until the request's log line
        served = await quick_endpoint.client.post("/api/messages", json=message("hej", id="after"))
    assert [record.status for record in caplog.records if hasattr(record, "status")] == [400, 200]
    assert served.status == 200
    assert failures(caplog) == []
