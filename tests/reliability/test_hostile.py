"""Hostile input through the real app, on SQLite and PostgreSQL: never a 5xx, no turn fails and nothing
is logged as an error because of what was sent, the server stays up, and stored data changes only
through valid input. 1,000 examples on SQLite and 500 on PostgreSQL here; the bench sends 20,000 and
5,000 (`pytest -s` prints the figures)."""
import asyncio

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from app import DATABASE, create_app
from storage.schema import answers, organisations
from bot.settings import Settings
from tests.db_fixtures import reading
from tests.fake_connector import FakeConnector
from tests.reliability.hostile import HOSTILE_NAME, VICTIM, HostileFigures, Watch, send_hostile

EXAMPLES = {"sqlite": 1_000, "postgresql": 500}
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


def stored(database_url: str) -> tuple[list, list]:
    with reading(database_url) as connection:
        rows = list(connection.execute(select(answers).order_by(answers.c.id)))
        names = list(connection.execute(select(organisations.c.id, organisations.c.name)))
    return [tuple(row) for row in rows], sorted(tuple(row) for row in names)


def test_hostile_activities_never_get_a_5xx_nor_fail_a_turn_and_change_no_answers(database_url):
    backend = database_url.split(":")[0].split("+")[0]
    loop = asyncio.new_event_loop()
    client = TestClient(TestServer(create_app(Settings(database_url=database_url))), loop=loop)
    loop.run_until_complete(client.start_server())
    try:
        anna = Person(client, loop)
        for text in ("hej", HOSTILE_NAME, "1", "start", "1", "2", "ej relevant: <b>inte</b> '; DROP TABLE x; --"):
            anna.say(text)
        answers_before, organisations_before = stored(database_url)
        assert len(answers_before) == 2 and (HOSTILE_NAME,) == tuple(n for _, n in organisations_before)
        database = client.server.app[DATABASE]
        members = loop.run_until_complete(database.organisations.members(organisations_before[0][0]))
        assert [(m.user_id, m.user_name) for m in members] == [("anna", VICTIM_NAME)]  # stored as written
        figures = HostileFigures()
        connector = loop.run_until_complete(FakeConnector().__aenter__())
        try:
            with Watch() as watch:
                send_hostile(client, loop, connector.url, EXAMPLES[backend], figures)
        finally:
            loop.run_until_complete(connector.__aexit__(None, None, None))
        print(f"\nhostile {backend}: {figures}; {len(watch.failed_turns)} failed turns, "
              f"{len(watch.other_errors)} other errors logged")
        assert figures.server_errors == 0, figures.server_error_examples
        assert watch.failed_turns == [] and watch.other_errors == []
        answers_after, organisations_after = stored(database_url)
        assert answers_after == answers_before
        assert [o for o in organisations_after if o[0] == organisations_before[0][0]] == organisations_before
        health = loop.run_until_complete(client.get("/healthz"))
        assert health.status == 200
        assert "fråga 3 av 35" in anna.say("fortsätt")
    finally:
        loop.run_until_complete(client.close())
        loop.close()
