"""Token checks never hold up the bot: the signing keys come from a real local key endpoint
(tests/key_server.py) that answers, fails or hangs, behind the real app with authentication on."""
from __future__ import annotations

import asyncio

import pytest
from botframework.connector.auth import AuthenticationConstants

from app import create_app
from bot.settings import Settings
from bot.signing_keys import FAILURE_PAUSE_SECONDS, FRESH_SECONDS, KeysUnavailable, SigningKeys
from tests.key_server import KEY_ID, KeyServer, plant
from tests.test_http import APP_ID, SERVICE_URL, message, serving

HANGING_REQUESTS = 30


@pytest.fixture
async def keys():
    async with KeyServer() as server:
        yield server


@pytest.fixture
async def client(sqlite_url):
    settings = Settings(database_url=sqlite_url, app_id=APP_ID, app_password="x")
    async with serving(create_app(settings)) as client:
        yield client


async def post(client, body: dict, authorization: str) -> tuple[int, dict | None, str | None]:
    async with client.post("/api/messages", json=body, headers={"Authorization": authorization}) as response:
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body, response.headers.get("Retry-After")


async def test_a_hanging_key_endpoint_holds_up_neither_health_nor_other_conversations(client, keys, monkeypatch):
    hanging = KeyServer()
    async with hanging:
        hanging.hang()
        plant(monkeypatch, hanging.signing_keys())  # channel tokens: their keys never come
        plant(monkeypatch, keys.signing_keys(), AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL)
        waiting = [asyncio.create_task(post(client, message("hej", id=f"w{n}", conversation={"id": f"c{n}"}),
                                            hanging.token(APP_ID, SERVICE_URL)))
                   for n in range(HANGING_REQUESTS)]
        await hanging.asked.wait()

        health = await client.get("/healthz")
        other = await post(client, message("hej", id="other", conversation={"id": "other"}), keys.emulator_token(APP_ID))
        assert health.status == 200
        assert other[0] == 200 and other[1]["activities"], other
        assert not any(task.done() for task in waiting)
        assert hanging.requests == 1  # one fetch, the others wait for it

        hanging.release()  # the fetch fails: each waiting request is told to come back later
        answers = await asyncio.gather(*waiting)
        assert {(status, retry) for status, _, retry in answers} == {(503, "30")}
        again = await post(client, message("hej", id="again"), hanging.token(APP_ID, SERVICE_URL))
        assert again[0] == 503 and hanging.requests == 1  # failed a moment ago: not fetched again yet


async def test_keys_are_fetched_once_and_an_unknown_key_is_refused_without_fetching(client, keys, monkeypatch):
    plant(monkeypatch, keys.signing_keys())
    statuses = [(await post(client, message("hej", id=f"m{n}"), keys.token(APP_ID, SERVICE_URL)))[0]
                for n in range(3)]
    unknown = await post(client, message("hej", id="unknown"), keys.token(APP_ID, SERVICE_URL, key_id="other"))
    assert statuses == [200, 200, 200]
    assert unknown[:2] == (401, {"error": "unauthorized"})
    assert keys.requests == 2  # the metadata and the keys, once


async def test_a_failing_key_endpoint_is_a_503_to_retry_and_is_not_asked_again_at_once(client, keys, monkeypatch):
    keys.fail()
    plant(monkeypatch, keys.signing_keys())
    first = await post(client, message("hej", id="first"), keys.token(APP_ID, SERVICE_URL))
    second = await post(client, message("hej", id="second"), keys.token(APP_ID, SERVICE_URL))
    assert first == second == (503, {"error": "cannot check tokens just now"}, "30")
    assert keys.requests == 1


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_after_a_failure_the_keys_are_fetched_again_once_the_pause_is_over(keys):
    clock = Clock()
    signing = SigningKeys(keys.url, clock=clock)
    keys.fail()
    with pytest.raises(KeysUnavailable):
        await signing.get(KEY_ID)
    keys.release()
    clock.now += FAILURE_PAUSE_SECONDS - 1
    with pytest.raises(KeysUnavailable):
        await signing.get(KEY_ID)
    clock.now += 1
    assert (await signing.get(KEY_ID)).public_key is not None
    assert keys.requests == 1 + 2


async def test_day_old_keys_keep_working_while_new_ones_are_fetched(keys):
    clock = Clock()
    signing = SigningKeys(keys.url, clock=clock)
    first = await signing.get(KEY_ID)
    keys.hang()
    keys.asked.clear()
    clock.now += FRESH_SECONDS + 1
    assert await signing.get(KEY_ID) is first  # at once, although the endpoint now hangs
    await keys.asked.wait()
    assert keys.requests == 3
