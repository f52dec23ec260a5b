"""A few lines in front of offline-directline that make it behave like Azure's Direct Line and Teams.

Web Chat (the page) → this proxy → offline-directline → this proxy → the bot, and the bot's replies
→ this proxy → offline-directline → Web Chat. On the way it:
- adds `recipient` (the bot) to what offline-directline forwards, and lists the bot in the first
  conversationUpdate's `membersAdded`, sent from the person, as Azure's Direct Line does;
- points `serviceUrl` at itself, so the bot's replies and card updates come here;
- names the conversation's type when asked to (`conversation_type`, e.g. "groupChat" as in Teams);
- answers each reply with the id the client sees (offline-directline answers with an empty body);
- carries a card update (PUT /v3/conversations/{id}/activities/{activityId}) to Web Chat as an activity
  with the updated card's id and timestamp: Web Chat replaces an activity when one with the same id
  arrives. offline-directline gives every activity a new id, so the proxy puts the old id back on the
  way out to the page. Every update is also recorded in `updates`.
It also serves the page and Web Chat's bundle from node_modules, so nothing comes from a CDN.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from aiohttp import ClientSession, web

HERE = Path(__file__).resolve().parent
WEBCHAT_BUNDLE = HERE / "node_modules" / "botframework-webchat" / "dist" / "webchat.js"
BOT = {"id": "bot", "name": "Upphandlingskompassen", "role": "bot"}
USER = {"id": "anna", "name": "Anna Berg", "role": "user"}  # as page.html names the person
TAG = "proxyTag"  # channelData field that finds a reply again in offline-directline's history
UPDATE_OF = "proxyUpdateOf"  # channelData field of a re-emitted card update: the id it replaces


@dataclass(frozen=True)
class CardUpdate:
    conversation_id: str
    activity_id: str
    activity: dict


@dataclass
class Traffic:
    """What went through, for waiting on the client without sleeping."""

    client_posts: int = 0  # conversations the page started and activities it sent
    client_answered: int = 0  # of those, answered (offline-directline answers once the bot's turn is over)
    pushed: int = 0  # activities put into offline-directline's history (sent by the page or the bot)
    served: int = 0  # the highest watermark handed to the page
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def note(self) -> None:
        self.changed.set()

    @property
    def settled(self) -> bool:
        return self.client_answered == self.client_posts and self.served == self.pushed


class DirectLineProxy:
    def __init__(self, bot_url: str, page: Path, conversation_type: str | None = None) -> None:
        self.bot_url = bot_url
        self.page = page
        self.conversation_type = conversation_type  # e.g. "groupChat"; Web Chat's own names none (personal)
        self.directline_url = ""  # set once offline-directline listens
        self.url = ""
        self.updates: list[CardUpdate] = []
        self.to_bot: list[dict] = []  # every activity passed on to the bot, as the bot got it
        self.traffic = Traffic()
        self._timestamps: dict[str, str] = {}  # activity id → its timestamp, to keep an update in place
        self._session: ClientSession | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._page)
        app.router.add_get("/webchat.js", self._bundle)
        app.router.add_route("*", "/directline/{tail:.*}", self._client)
        app.router.add_post("/api/messages", self._to_bot)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._reply)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._update)
        self._session = ClientSession()
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        await self._runner.cleanup()
        await self._session.close()

    async def settle(self, posts: int) -> None:
        """Returns once the page has made `posts` posts in all (the conversation's start counts as one),
        each was answered, and the page has fetched everything in the history."""
        traffic = self.traffic
        while not (traffic.client_posts >= posts and traffic.settled):
            traffic.changed.clear()
            await traffic.changed.wait()

    async def _page(self, request: web.Request) -> web.Response:
        return web.FileResponse(self.page)

    async def _bundle(self, request: web.Request) -> web.Response:
        return web.FileResponse(WEBCHAT_BUNDLE)

    async def _client(self, request: web.Request) -> web.Response:
        """The page's Direct Line calls, passed on; the history is rewritten to carry card updates."""
        # Starting a conversation and sending an activity are answered once the bot's turn is over.
        posting = request.method == "POST" and request.path.endswith(("/activities", "/conversations"))
        if posting:
            self.traffic.client_posts += 1
            # offline-directline keeps the page's activities in its history, not the conversationUpdate
            self.traffic.pushed += request.path.endswith("/activities")
            self.traffic.note()
        async with self._session.request(request.method, self.directline_url + request.path_qs,
                                         data=await request.read(), headers=_forwarded(request)) as answer:
            body, status = await answer.read(), answer.status
        if posting:
            self.traffic.client_answered += 1
            self.traffic.note()
        if request.method == "GET" and request.path.endswith("/activities") and status == 200:
            history = json.loads(body)
            history["activities"] = [self._as_seen(a) for a in history["activities"]]
            self.traffic.served = max(self.traffic.served, history["watermark"])
            self.traffic.note()
            return web.json_response(history)
        return web.Response(body=body, status=status, content_type="application/json")

    async def _to_bot(self, request: web.Request) -> web.Response:
        activity = await request.json()
        activity["recipient"] = BOT
        activity["serviceUrl"] = self.url
        if self.conversation_type:
            activity["conversation"]["conversationType"] = self.conversation_type
        if activity.get("type") == "conversationUpdate":
            # Azure's Direct Line sends it from the person who opened the chat, adding them and the bot.
            activity["membersAdded"] = [BOT]
            activity["from"] = USER
        self.to_bot.append(activity)
        async with self._session.post(self.bot_url, json=activity) as answer:
            return web.Response(body=await answer.read(), status=answer.status, content_type="application/json")

    async def _reply(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        activity = await request.json()
        activity["timestamp"] = datetime.now(timezone.utc).isoformat()
        return web.json_response({"id": await self._push(conversation, activity)})

    async def _update(self, request: web.Request) -> web.Response:
        conversation, replaced = request.match_info["conversation"], request.match_info["activity"]
        activity = await request.json()
        self.updates.append(CardUpdate(conversation, replaced, activity))
        activity.setdefault("channelData", {})[UPDATE_OF] = replaced
        activity["timestamp"] = self._timestamps.get(replaced) or datetime.now(timezone.utc).isoformat()
        await self._push(conversation, activity)
        return web.json_response({"id": replaced})

    async def _push(self, conversation: str, activity: dict) -> str:
        """Puts a bot activity into offline-directline's history and returns the id it was given there."""
        tag = uuid.uuid4().hex
        activity.setdefault("channelData", {})[TAG] = tag
        url = f"{self.directline_url}/v3/conversations/{conversation}/activities"
        async with self._session.post(url, json=activity) as answer:
            answer.raise_for_status()
        self.traffic.pushed += 1
        self.traffic.note()
        async with self._session.get(f"{self.directline_url}/directline/conversations/{conversation}/activities",
                                     params={"watermark": "0"}) as answer:
            history = (await answer.json())["activities"]
        stored = next(a for a in reversed(history) if (a.get("channelData") or {}).get(TAG) == tag)
        self._timestamps[stored["id"]] = activity["timestamp"]
        return stored["id"]

    def _as_seen(self, activity: dict) -> dict:
        replaced = (activity.get("channelData") or {}).get(UPDATE_OF)
        return {**activity, "id": replaced} if replaced else activity


def _forwarded(request: web.Request) -> dict[str, str]:
    return {name: value for name, value in request.headers.items()
            if name.lower() in ("content-type", "authorization", "accept")}
