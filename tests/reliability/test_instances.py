"""Several instances of `python app.py` on one PostgreSQL database, as behind a load balancer: they start
together, a conversation goes on whichever instance each message reaches, and a message re-sent to
another instance is answered from the database, not run twice."""
import asyncio
import json

import aiohttp
import pytest

from storage import Database
from tests.reliability.crash import QUESTION, Server

INSTANCES = 3


def message(number: int, text: str) -> dict:
    return {
        "type": "message", "id": f"m{number}", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
        "locale": "sv-SE", "text": text, "deliveryMode": "expectReplies", "recipient": {"id": "bot"},
        "conversation": {"id": "personal-anna", "conversationType": "personal", "tenantId": "tenant-a"},
        "from": {"id": "anna", "name": "Anna Berg"},
    }


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
async def test_a_conversation_moves_between_instances_that_started_together(empty_database_url, tmp_path):
    servers = [Server(empty_database_url, tmp_path / f"instance-{n}.log") for n in range(INSTANCES)]
    await asyncio.gather(*(server.start() for server in servers))  # migrating the fresh database at once
    try:
        async with aiohttp.ClientSession() as session:
            async def say(number: int, text: str, instance: int | None = None) -> str:
                server = servers[number % INSTANCES if instance is None else instance]
                async with session.post(server.url, json=message(number, text)) as response:
                    assert response.status == 200
                    return json.dumps((await response.json())["activities"], ensure_ascii=False)

            script = ["hej", "Falu kommun", "1", "start", "1"] + [str(n % 4) for n in range(10)]
            replies = [await say(number, text) for number, text in enumerate(script)]
            asked = [int(found.group(1)) for found in map(QUESTION.search, replies[4:])]
            again = await say(len(script) - 1, script[-1], instance=len(script) % INSTANCES)
        print(f"\ninstances: {INSTANCES} started together, {len(script)} messages spread over them, "
              f"questions asked {asked}")
        assert asked == list(range(1, 12))
        assert again == replies[-1]
    finally:
        await asyncio.gather(*(server.stop() for server in servers))
    database = await Database.open(empty_database_url)
    try:
        [organisation] = await database.organisations.list("tenant-a")
        assert len(await database.answers.history(organisation.id)) == 10
    finally:
        await database.close()
