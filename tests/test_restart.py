"""The real app over HTTP: answers survive a restart, and a re-sent answer is recorded once."""
from __future__ import annotations

import json
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.cards import card_actions
from storage import Database
from bot.settings import Settings


class Person:
    """One Teams user posting expectReplies activities, each with a fresh id."""

    def __init__(self, client: TestClient) -> None:
        self.client, self.sent, self.cards = client, 0, []

    async def say(self, text: str, activity_id: str | None = None) -> str:
        self.sent += 1
        body = {
            "type": "message", "id": activity_id or f"m{self.sent}", "channelId": "msteams",
            "serviceUrl": "http://127.0.0.1:9/", "locale": "sv-SE", "text": text, "deliveryMode": "expectReplies",
            "conversation": {"id": "personal-anna", "conversationType": "personal", "tenantId": "tenant-a"},
            "from": {"id": "anna", "name": "Anna Berg"}, "recipient": {"id": "bot"},
        }
        response = await self.client.post("/api/messages", json=body)
        assert response.status == 200, await response.text()
        replies = (await response.json())["activities"]
        self.cards = [a["content"] for reply in replies for a in reply.get("attachments", [])
                      if a["contentType"] == "application/vnd.microsoft.card.adaptive"]
        return "\n".join(str(reply.get("text") or reply.get("attachments")) for reply in replies)


@asynccontextmanager
async def running(url: str):
    async with TestClient(TestServer(create_app(Settings(database_url=url)))) as client:
        yield Person(client)


async def current_answers(url: str) -> dict:
    database = await Database.open(url)
    try:
        [organisation] = await database.organisations.list("tenant-a")
        return {key: a.value for key, a in (await database.answers.current(organisation.id)).items()}
    finally:
        await database.close()


async def test_a_restarted_app_resumes_at_the_right_row(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    async with running(url) as anna:
        for text in ("hej", "Falu kommun", "1", "start", "1", "2", "3"):
            await anna.say(text)
    assert await current_answers(url) == {"1.S.1": 2, "1.S.2": 3}
    async with running(url) as anna:
        anna.sent = 100  # new activity ids after the restart
        assert "fråga 3 av 35" in await anna.say("fortsätt")
        [question] = anna.cards  # the card arrives whole, as Teams renders it
        assert question["type"] == "AdaptiveCard" and question["version"] == "1.5"
        # Its buttons name the row they answer, so a click on it later still means this row.
        assert any({"answer": "0", "row": "1.S.3"}.items() <= action["data"].items()
                   for action in card_actions(question))
        await anna.say("1")
    assert await current_answers(url) == {"1.S.1": 2, "1.S.2": 3, "1.S.3": 1}


async def test_an_answer_teams_sends_twice_is_recorded_once(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    async with running(url) as anna:
        for text in ("hej", "Falu kommun", "1", "start", "1"):
            await anna.say(text)
        first = await anna.say("2", activity_id="retry-me")
        again = await anna.say("2", activity_id="retry-me")
        assert again == first and "fråga 2 av 35" in first
        assert "fråga 3 av 35" in await anna.say("1")
    database = await Database.open(url)
    try:
        [organisation] = await database.organisations.list("tenant-a")
        assert len(await database.answers.history(organisation.id)) == 2
    finally:
        await database.close()


async def test_state_an_older_version_wrote_with_a_moved_class_starts_the_conversation_afresh(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    async with running(url) as anna:
        for text in ("hej", "Falu kommun", "1", "start", "1", "2"):
            await anna.say(text)
    database = await Database.open(url)
    try:
        moved = 0
        for key, (document, etag) in (await database.documents.read(
                ["msteams/conversations/personal-anna/users/anna"])).items():
            # The assessment's options, as a version that kept them in another module wrote them.
            text = json.dumps(document).replace("dialogs.assessment.assessment:", "dialogs.assessment_dialog:")
            moved += text != json.dumps(document)
            await database.documents.write(key, json.loads(text), etag)
    finally:
        await database.close()
    assert moved == 1
    async with running(url) as anna:
        anna.sent = 100
        assert "Något gick fel" not in await anna.say("3")
        assert "fråga 2 av 35" in await anna.say("fortsätt")
    assert await current_answers(url) == {"1.S.1": 2}


async def test_a_dialog_that_fails_is_left_so_the_next_message_works(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    async with running(url) as anna:
        for text in ("hej", "Falu kommun", "1", "start", "1", "2"):
            await anna.say(text)
    database = await Database.open(url)
    try:  # a stored question round that has run past its questions, as a fault might leave it
        [(key, (document, etag))] = (await database.documents.read(
            ["msteams/conversations/personal-anna/users/anna"])).items()
        broken = json.loads(json.dumps(document).replace('"position": 1', '"position": 99'))
        await database.documents.write(key, broken, etag)
    finally:
        await database.close()
    async with running(url) as anna:
        anna.sent = 100
        assert "Något gick fel hos mig" in await anna.say("3")
        assert "Något gick fel" not in await anna.say("hej")
        assert "fråga 2 av 35" in await anna.say("fortsätt")
    assert await current_answers(url) == {"1.S.1": 2}
