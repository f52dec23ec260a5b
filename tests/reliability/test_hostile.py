"""Hostile input through the real app: never a 5xx, the server stays up, and stored data changes only
through valid input. 1,000 examples here; the bench sends 10,000."""
import asyncio

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from app import DATABASE, create_app
from bot.db.schema import answers, organisations
from bot.settings import Settings
from tests.fake_connector import FakeConnector
from tests.reliability.hostile import HOSTILE_NAME, VICTIM, HostileFigures, send_hostile

EXAMPLES = 1_000
VICTIM_NAME = "Anna <b>Berg</b>'; DELETE FROM members; --"


class Person:
    def __init__(self, client: TestClient, loop: asyncio.AbstractEventLoop) -> None:
        self.client, self.loop, self.sent = client, loop, 0

    def say(self, text: str) -> str:
        self.sent += 1
        body = {
            "type": "message", "id": f"victim-{self.sent}", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
            "locale": "sv-SE", "text": text, "deliveryMode": "expectReplies", "recipient": {"id": "bot"},
            "conversation": {"id": VICTIM["conversation"], "conversationType": "personal", "tenantId": VICTIM["tenant"]},
            "from": {"id": VICTIM["user"], "name": VICTIM_NAME},
        }
        return self.loop.run_until_complete(self._post(body))

    async def _post(self, body: dict) -> str:
        async with self.client.post("/api/messages", json=body) as response:
            assert response.status == 200
            return str((await response.json())["activities"])


async def stored(client: TestClient) -> tuple[list, list]:
    async with client.server.app[DATABASE]._engine.connect() as connection:
        rows = list(await connection.execute(select(answers).order_by(answers.c.id)))
        names = list(await connection.execute(select(organisations.c.id, organisations.c.name)))
    return [tuple(row) for row in rows], sorted(tuple(row) for row in names)


def test_hostile_activities_never_get_a_5xx_and_change_no_answers(tmp_path):
    loop = asyncio.new_event_loop()
    client = TestClient(TestServer(create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"))),
                        loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        anna = Person(client, loop)
        for text in ("hej", HOSTILE_NAME, "1", "start", "1", "2", "ej relevant: <b>inte</b> '; DROP TABLE x; --"):
            anna.say(text)
        answers_before, organisations_before = loop.run_until_complete(stored(client))
        assert len(answers_before) == 2 and (HOSTILE_NAME,) == tuple(n for _, n in organisations_before)
        database = client.server.app[DATABASE]
        members = loop.run_until_complete(database.organisations.members(organisations_before[0][0]))
        assert [(m.user_id, m.user_name) for m in members] == [("anna", VICTIM_NAME)]  # stored as written
        figures = HostileFigures()
        connector = loop.run_until_complete(FakeConnector().__aenter__())
        try:
            send_hostile(client, loop, connector.url, EXAMPLES, figures)
        finally:
            loop.run_until_complete(connector.__aexit__(None, None, None))
        print(f"\nhostile: {figures}")
        answers_after, organisations_after = loop.run_until_complete(stored(client))
        assert answers_after == answers_before
        assert [o for o in organisations_after if o[0] == organisations_before[0][0]] == organisations_before
        health = loop.run_until_complete(client.get("/healthz"))
        assert health.status == 200
        assert "fråga 3 av 35" in anna.say("fortsätt")
    finally:
        loop.run_until_complete(client.close())
        loop.close()
