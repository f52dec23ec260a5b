"""People in Teams, talking to the real app over HTTP as Teams does.

Each message is POSTed to /api/messages without expectReplies; the bot answers through the local fake
Bot Connector (tests/fake_connector.py), which names every posted activity. A click sends the card's
submit data with `replyToId` set to that name, as Teams does, so the bot can replace the card in place.
"""
from __future__ import annotations

import itertools
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer
from botbuilder.schema import Activity

from app import create_app
from bot.cards import card_buttons
from bot.settings import Settings
from tests.fake_connector import FakeConnector, Received

_ids = itertools.count()


@asynccontextmanager
async def teams(database_url: str):
    """The app on `database_url` and a fake Bot Connector, as (HTTP client, connector)."""
    async with FakeConnector() as connector:
        app = create_app(Settings(database_url=database_url, nudge_interval_seconds=0))
        async with TestClient(TestServer(app)) as client:
            yield client, connector


class TeamsUser:
    def __init__(self, client: TestClient, connector: FakeConnector, user_id: str = "anna", name: str = "Anna Berg",
                 conversation_id: str | None = None, tenant_id: str = "tenant-a",
                 conversation_type: str = "personal", locale: str = "sv-SE") -> None:
        self.client, self.connector = client, connector
        self.user = {"id": user_id, "name": name}
        self.conversation = {"id": conversation_id or f"personal-{user_id}", "conversationType": conversation_type,
                             "tenantId": tenant_id}
        self.locale = locale
        self.statuses: list[int] = []  # of every request, in order
        self.retry_afters: list[str | None] = []  # the Retry-After header of every answer

    @property
    def received(self) -> list[Received]:
        return self.connector.to(self.conversation["id"])

    async def send(self, text: str | None = None, value: dict | None = None, reply_to: str | None = None) -> str:
        """One activity; returns what the bot posted to the conversation in answer, as text."""
        before = len(self.received)
        payload = {
            "type": "message", "id": f"{self.user['id']}-{next(_ids)}", "channelId": "msteams",
            "serviceUrl": self.connector.url, "from": self.user, "recipient": {"id": "bot", "name": "Dalabot"},
            "conversation": self.conversation, "channelData": {"tenant": {"id": self.conversation["tenantId"]}},
            "locale": self.locale, "text": text, "value": value, "replyToId": reply_to,
        }
        response = await self.client.post("/api/messages", json=payload)
        self.statuses.append(response.status)
        self.retry_afters.append(response.headers.get("Retry-After"))
        return "\n".join(r.text for r in self.received[before:])

    async def say(self, text: str) -> str:
        return await self.send(text)

    def card_with(self, title: str) -> Received:
        """The newest card in the conversation that shows a button titled `title` now."""
        for received in reversed(self.received):
            if title in [label for label, _ in buttons(self.connector.shown(received))]:
                return received
        raise AssertionError(f"no button {title!r} shown in {self.conversation['id']}")

    async def click(self, title: str, on: Received | None = None, **inputs: str) -> str:
        """Clicks `title` on the newest card showing it, or on `on` as it was first posted (a client that
        never showed the update, or a click racing it)."""
        card = on or self.card_with(title)
        shown = card if on is not None else self.connector.shown(card)
        data = next(data for label, data in buttons(shown) if label == title)
        return await self.send(value={**data, **inputs}, reply_to=card.id)


def buttons(received: Received) -> list[tuple[str, dict]]:
    return card_buttons(Activity().deserialize(received.activity))
