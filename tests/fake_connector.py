"""A local stand-in for the Teams Bot Connector service, speaking its REST protocol on 127.0.0.1.

It records every activity posted to it and answers as a test asks: 200, or 429 with Retry-After, 500,
412, 403, 404. It also serves paged member lists. Point a conversation reference's serviceUrl at `url`.
"""
from __future__ import annotations

import asyncio
import itertools
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Callable

from aiohttp import web
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.cards import card_as_text, card_buttons


@dataclass(frozen=True)
class Answer:
    status: int = 200
    retry_after: float | None = None  # seconds, sent as the Retry-After header


OK = Answer()


@dataclass
class Received:
    conversation_id: str
    tenant_id: str | None
    activity: dict
    at: float  # the connector's clock
    id: str = ""  # what the connector named it, as Teams does; a click on it comes back as replyToId

    @property
    def text(self) -> str:
        return card_as_text(Activity().deserialize(self.activity))


@dataclass
class FakeConnector:
    clock: Callable[[], float] = time.monotonic
    received: list[Received] = field(default_factory=list)  # accepted activities only
    updates: list[Received] = field(default_factory=list)  # activities replaced in place (PUT), by their id
    refused: list[Received] = field(default_factory=list)  # answered with an error
    members: dict[str, list[dict]] = field(default_factory=dict)  # conversation or team id -> roster
    _script: dict[str, deque[Answer]] = field(default_factory=lambda: defaultdict(deque))
    _ids: itertools.count = field(default_factory=itertools.count)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    url: str = ""

    def answer(self, conversation_id: str, *answers: Answer) -> None:
        """The next posts to `conversation_id` get these answers, in order; after them, 200."""
        self._script[conversation_id].extend(answers)

    async def wait_for(self, count: int) -> None:
        """Returns once `count` activities have been accepted; for tests of the background loop."""
        while len(self.received) < count:
            self._arrived.clear()
            await self._arrived.wait()

    def to(self, conversation_id: str) -> list[Received]:
        return [r for r in self.received if r.conversation_id == conversation_id]

    def shown(self, received: Received) -> Received:
        """What the conversation shows now where `received` was posted: its last update, if any."""
        return next((u for u in reversed(self.updates) if u.id == received.id), received)

    def most_in_any_window(self, seconds: float, key: Callable[[Received], object]) -> int:
        """The most activities one key (conversation, tenant) received within any `seconds`-long window."""
        moments: dict[object, list[float]] = defaultdict(list)
        for received in self.received:
            moments[key(received)].append(received.at)
        most = 0
        for times in moments.values():
            times.sort()
            start = 0
            for end, moment in enumerate(times):
                while moment - times[start] >= seconds:
                    start += 1
                most = max(most, end - start + 1)
        return most

    async def __aenter__(self) -> "FakeConnector":
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._post)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._put)
        app.router.add_get("/v3/conversations/{conversation_id}/pagedmembers", self._paged_members)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversation_id"]
        activity = await request.json()
        conversation = activity.get("conversation") or {}
        # botbuilder writes the tenant as "tenantID"; Teams itself sends "tenantId".
        tenant_id = conversation.get("tenantId") or conversation.get("tenantID")
        script = self._script.get(conversation_id)
        answer = script.popleft() if script else OK
        received = Received(conversation_id, tenant_id, activity, self.clock())
        if answer.status >= 300:
            self.refused.append(received)
            headers = {"Retry-After": f"{answer.retry_after:g}"} if answer.retry_after is not None else {}
            return web.json_response({"error": {"code": str(answer.status), "message": "fake"}},
                                     status=answer.status, headers=headers)
        received.id = f"activity-{next(self._ids)}"
        self.received.append(received)
        self._arrived.set()
        return web.json_response({"id": received.id}, status=answer.status)

    async def _put(self, request: web.Request) -> web.Response:
        activity_id = request.match_info["activity_id"]
        if not any(r.id == activity_id for r in self.received):
            return web.json_response({"error": {"code": "ActivityNotFound", "message": "fake"}}, status=404)
        activity = await request.json()
        tenant_id = (activity.get("conversation") or {}).get("tenantId")
        self.updates.append(Received(request.match_info["conversation_id"], tenant_id, activity, self.clock(),
                                     activity_id))
        return web.json_response({"id": activity_id})

    async def _paged_members(self, request: web.Request) -> web.Response:
        roster = self.members.get(request.match_info["conversation_id"], [])
        size = int(request.query.get("pageSize") or 2)
        start = int(request.query.get("continuationToken") or 0)
        page = roster[start:start + size]
        following = str(start + size) if start + size < len(roster) else None
        return web.json_response({"continuationToken": following, "members": page})


def member(user_id: str, name: str) -> dict:
    return {"id": user_id, "name": name, "aadObjectId": f"aad-{user_id}"}


class ConnectorChat:
    """A person writing to the bot through the real CloudAdapter; replies travel to the fake connector.

    For what needs the Teams service during a turn (the member roster); other dialog tests use
    tests.conversation.Chat."""

    def __init__(self, bot, adapter, connector: FakeConnector, conversation_id: str, user_id: str = "anna",
                 name: str = "Anna Berg", tenant_id: str = "tenant-a", conversation_type: str = "groupChat",
                 locale: str = "sv-SE") -> None:
        self.bot, self.adapter, self.connector = bot, adapter, connector
        self.conversation = ConversationAccount(id=conversation_id, tenant_id=tenant_id,
                                                conversation_type=conversation_type)
        self.user = ChannelAccount(id=user_id, name=name)
        self.locale = locale
        self._ids = itertools.count()

    async def say(self, text: str | None = None, value: dict | None = None,
                  mentions: tuple[ChannelAccount, ...] = ()) -> str:
        before = len(self.connector.to(self.conversation.id))
        # Built as JSON and read back, as the adapter gets it from Teams (mentions keep their Teams shape).
        payload = {
            "type": "message", "id": f"{self.user.id}-{next(self._ids)}", "channelId": "msteams",
            "serviceUrl": self.connector.url, "from": self.user.serialize(), "locale": self.locale,
            "recipient": {"id": "bot", "name": "Dalabot"}, "conversation": self.conversation.serialize(),
            "text": text, "value": value, "channelData": {"tenant": {"id": self.conversation.tenant_id}},
            "entities": [{"type": "mention", "text": f"<at>{person.name}</at>", "mentioned": person.serialize()}
                         for person in mentions],
        }
        await self.adapter.process_activity("", Activity().deserialize(payload), self.bot.on_turn)
        return "\n".join(r.text for r in self.connector.to(self.conversation.id)[before:])

    async def click(self, title: str, **inputs: str) -> str:
        """Clicks the newest button titled `title` in this conversation, with card inputs."""
        for received in reversed(self.connector.to(self.conversation.id)):
            for label, data in card_buttons(Activity().deserialize(received.activity)):
                if label == title:
                    return await self.say(value={**data, **inputs})
        raise AssertionError(f"no button {title!r} in {self.conversation.id}")
