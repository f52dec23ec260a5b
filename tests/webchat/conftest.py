"""The bot in a real chat client: Bot Framework Web Chat in Debian's Chromium, talking to the real bot
(create_app, SQLite) through offline-directline and the proxy in front of it (proxy.py).

Waiting is on traffic and on the page, never on time: after each message or click, the test waits
until the page's posts were answered, the page fetched every activity, and all of them are on screen.
"""
from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from app import DATABASE, create_app
from storage import Database
from bot.settings import Settings
from tests.chromium import chromium
from tests.webchat.proxy import HERE, WEBCHAT_BUNDLE, DirectLineProxy

REPOSITORY = HERE.parents[1]
SCREENSHOTS = REPOSITORY / "build" / "webchat"
WAIT_SECONDS = 20  # a bound for a broken run, not a measure: every wait ends on an event first
TRANSCRIPT = ".webchat__basic-transcript"
CARDS = f"{TRANSCRIPT} .ac-adaptiveCard"


@dataclass(frozen=True)
class Message:
    from_user: bool
    text: str


class WebChatUser:
    """A person using Web Chat: types, clicks card buttons, and reads the transcript."""

    def __init__(self, page, proxy: DirectLineProxy) -> None:
        self.page, self.proxy = page, proxy
        self.posts = 0  # posts the page has made, as far as this person knows

    async def open(self) -> None:
        await self.page.goto(self.proxy.url + "/")
        await self._settle(1)  # the conversation's start: its conversationUpdate reaches the bot

    async def type(self, text: str) -> None:
        box = self.page.locator('[data-id="webchat-sendbox-input"]')
        await box.fill(text)
        await box.press("Enter")
        await self._settle(1)

    def cards(self, containing: str | None = None):
        cards = self.page.locator(CARDS)
        return cards.filter(has_text=containing) if containing else cards

    async def click(self, title: str, card=None, comment: str | None = None, double: bool = False) -> None:
        """Clicks the button `title` on `card` (the newest card by default), after typing `comment`."""
        card = card if card is not None else self.cards().last
        if comment is not None:
            await card.locator("textarea, input").first.fill(comment)
        button = card.get_by_role("button", name=title, exact=True)
        await (button.dblclick() if double else button.click())
        await self._settle(2 if double else 1)

    async def submit_from(self, activity_id: str, value: dict) -> None:
        """What a client still showing an older version of a card sends when that card is clicked."""
        await self.page.evaluate("([id, value]) => window.submitFromCard(id, value)", [activity_id, value])
        await self._settle(1)

    async def transcript(self) -> list[Message]:
        return [Message(*row) for row in await self.page.evaluate(
            """() => [...document.querySelectorAll('.webchat__basic-transcript__activity')].map(a => [
                 !!a.querySelector('.webchat__stacked-layout--from-user'),
                 [...a.querySelectorAll('.webchat__bubble__content')].map(b => b.innerText.trim()).join('\\n')])""")]

    async def bot_texts(self, since: int = 0) -> list[str]:
        return [m.text for m in (await self.transcript())[since:] if not m.from_user]

    async def activities(self) -> list[dict]:
        """The activities the page holds, as Web Chat keeps them."""
        return json.loads(await self.page.evaluate("JSON.stringify(window.webChatStore.getState().activities)"))

    async def _settle(self, new_posts: int) -> None:
        self.posts += new_posts
        try:
            await asyncio.wait_for(self.proxy.settle(self.posts), WAIT_SECONDS)
        except TimeoutError:
            pytest.fail(f"Web Chat made {self.proxy.traffic.client_posts} posts, {self.posts} expected: {self.proxy.traffic}")
        await self.page.wait_for_function(f"window.incoming >= {self.proxy.traffic.served} && window.allShown()",
                                          timeout=WAIT_SECONDS * 1000)


@dataclass(frozen=True)
class WebChat:
    user: WebChatUser
    proxy: DirectLineProxy
    database: Database
    page: object


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nWeb Chat screenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
async def webchat(sqlite_url) -> WebChat:
    async with open_webchat(sqlite_url) as webchat:
        yield webchat


@pytest.fixture
async def webchat_group_chat(sqlite_url) -> WebChat:
    """Web Chat's conversation as the bot sees a Teams group chat (where workshops run)."""
    async with open_webchat(sqlite_url, conversation_type="groupChat") as webchat:
        yield webchat


@asynccontextmanager
async def open_webchat(sqlite_url: str, conversation_type: str | None = None):
    if not WEBCHAT_BUNDLE.exists():
        pytest.fail(f"{WEBCHAT_BUNDLE} is missing: `make test` installs it (npm ci in tests/webchat).")
    settings = Settings(database_url=sqlite_url, nudge_interval_seconds=0)
    async with TestServer(create_app(settings), host="127.0.0.1") as server:
        proxy = DirectLineProxy(str(server.make_url("/api/messages")), HERE / "page.html", conversation_type)
        await proxy.start()
        directline = await asyncio.create_subprocess_exec(
            "node", str(HERE / "directline.js"), proxy.url + "/api/messages", stdout=asyncio.subprocess.PIPE)
        try:
            listening = await asyncio.wait_for(directline.stdout.readline(), WAIT_SECONDS)
            proxy.directline_url = f"http://127.0.0.1:{int(listening.split()[1])}"
            async with chromium() as browser:
                page = await browser.new_page(viewport={"width": 480, "height": 900})
                user = WebChatUser(page, proxy)
                await user.open()
                yield WebChat(user, proxy, server.app[DATABASE], page)
        finally:
            directline.terminate()
            await directline.wait()
            await proxy.stop()
