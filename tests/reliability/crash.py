"""Scripted assessments against `python app.py`, killed with SIGKILL at random moments and restarted.

Shared by tests/reliability/test_crash.py (small) and bench/reliability_bench.py (large).

An answer is acknowledged when its HTTP response arrived with status 200. After every kill each
conversation does what Teams does with a request that got no answer, sends it again with the same
activity id, and then types "fortsätt", which must ask the first row the database has no answer for.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import socket
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from storage import Database
from model import load_model

ROOT = Path(__file__).resolve().parents[2]
MODEL = load_model()
QUESTION = re.compile(r"fråga (\d+) av 35")
NO_ANSWER = (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError)
TENANT = "tenant-crash"


@dataclass
class CrashFigures:
    conversations: int = 0
    kills: int = 0
    answers_sent: int = 0
    acknowledged: int = 0
    resent: int = 0
    lost: int = 0  # acknowledged, yet not (or differently) in the database
    resumed: int = 0  # "fortsätt" asked the first unanswered row
    not_resumed: int = 0
    problems: list[str] = field(default_factory=list)
    sent_changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def __str__(self) -> str:
        return (f"{self.conversations} conversations, {self.kills} kills, {self.answers_sent} answers sent, "
                f"{self.acknowledged} acknowledged, {self.resent} re-sent, {self.lost} lost, "
                f"{self.resumed} resumed, {self.not_resumed} not resumed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python app.py` on a free port; `up` is set while it accepts requests."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/messages"
        self.up = asyncio.Event()
        self.generation = 0  # how many times it has started
        self._process: asyncio.subprocess.Process | None = None
        self._log_path = log_path
        self._env = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(self.port),
                     "LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1", "MicrosoftAppId": "", "WORKERS": "1"}

    async def start(self) -> None:
        with self._log_path.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "app.py", cwd=ROOT, env=self._env, stdout=asyncio.subprocess.PIPE, stderr=log)
        # aiohttp prints this line once it listens; nothing else goes to stdout.
        async for line in self._process.stdout:
            if b"Running on" in line:
                self.generation += 1
                self.up.set()
                return
        raise RuntimeError(f"app.py exited with {await self._process.wait()}; see {self._log_path}")

    async def kill(self) -> None:
        self.up.clear()
        self._process.send_signal(signal.SIGKILL)
        await self._process.wait()

    async def stop(self) -> None:
        if self._process is not None and self._process.returncode is None:
            await self.kill()


class Conversation:
    """One person in a personal chat with their own organisation."""

    def __init__(self, number: int, server: Server, session: aiohttp.ClientSession, database: Database,
                 figures: CrashFigures, rng: random.Random) -> None:
        self.number, self.server, self.session, self.database = number, server, session, database
        self.figures, self.rng = figures, rng
        self.user_id = f"crash-user-{number}"
        self.sent = 0
        self.acknowledged: list[tuple[str, int]] = []

    async def post(self, text: str, activity_id: str) -> str | None:
        """The replies as text, or None when no 200 response arrived."""
        body = {
            "type": "message", "id": activity_id, "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
            "locale": "sv-SE", "text": text, "deliveryMode": "expectReplies",
            "conversation": {"id": f"personal-{self.user_id}", "conversationType": "personal", "tenantId": TENANT},
            "from": {"id": self.user_id, "name": f"Person {self.number}"}, "recipient": {"id": "bot"},
        }
        try:
            async with self.session.post(self.server.url, json=body) as response:
                if response.status != 200:
                    return None
                answer = await response.text()
        except NO_ANSWER:
            return None
        replies = json.loads(answer)["activities"] if answer else []
        return "\n".join(str(r.get("text") or r.get("attachments")) for r in replies)

    async def say(self, text: str) -> str:
        """Says `text` until a 200 arrives: a request that got no answer is re-sent once with the same id,
        as Teams does; if that fails too, the person types it again."""
        while True:
            reply = await self.send_once(text)
            if reply is not None:
                return reply

    async def send_once(self, text: str) -> str | None:
        self.sent += 1
        activity_id = f"{self.user_id}-{self.sent}"
        reply = await self.post(text, activity_id)
        if reply is None:
            await self.server.up.wait()
            self.figures.resent += 1
            reply = await self.post(text, activity_id)
        return reply

    async def set_up(self) -> None:
        for text in ("hej", f"Kraschorganisation {self.number}", "1", "start", "1"):
            reply = await self.say(text)
        assert "fråga 1 av 35" in reply, reply

    async def answer(self, count: int) -> None:
        position = 0
        while position < count:
            value = self.rng.randrange(4)
            generation = self.server.generation
            self.figures.answers_sent += 1
            self.figures.sent_changed.set()
            reply = await self.send_once(str(value))
            if reply is not None:
                self.figures.acknowledged += 1
                self.acknowledged.append((MODEL.rows[position].key, value))
            asked = QUESTION.search(reply or "")
            finished = position + 1 == len(MODEL.rows)  # the last answer is followed by the result, not a question
            expected = finished or (asked is not None and int(asked.group(1)) == position + 2)
            # After every restart the person goes on with "fortsätt", whatever the last reply was.
            if reply is not None and expected and generation == self.server.generation:
                position += 1
            else:
                position = await self.resume()

    async def resume(self) -> int:
        """Types "fortsätt" and checks it asks the first row without an answer; returns its position."""
        reply = await self.say("fortsätt")
        current = await self.database.answers.current(await self.organisation_id())
        expected = next((n for n, row in enumerate(MODEL.rows) if row.key not in current), len(MODEL.rows))
        asked = QUESTION.search(reply)
        if (asked is not None and int(asked.group(1)) == expected + 1) or (
                expected == len(MODEL.rows) and "redan besvarade" in reply):
            self.figures.resumed += 1
        else:
            self.figures.not_resumed += 1
            self.figures.problems.append(f"{self.user_id}: expected row {expected + 1} after fortsätt, got {reply!r}")
        return expected

    async def organisation_id(self) -> str:
        [organisation] = await self.database.organisations.memberships(TENANT, self.user_id)
        return organisation.id

    async def count_losses(self) -> None:
        # Every acknowledged answer must be in the history; a row asked again after a resume has two.
        stored = Counter((a.row_key, a.value) for a in await self.database.answers.history(await self.organisation_id()))
        for answer, count in Counter(self.acknowledged).items():
            if stored[answer] < count:
                self.figures.lost += count - stored[answer]
                self.figures.problems.append(f"{self.user_id}: acknowledged {answer} {count}x, stored {stored[answer]}x")


async def run(database_url: str, workdir: Path, conversations: int, answers_each: int, kills: int,
              seed: int = 1) -> CrashFigures:
    rng = random.Random(seed)
    figures = CrashFigures(conversations=conversations)
    server = Server(database_url, workdir / "server.log")
    await server.start()
    database = await Database.open(database_url)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            people = [Conversation(n, server, session, database, figures, random.Random(rng.random()))
                      for n in range(conversations)]
            await asyncio.gather(*(person.set_up() for person in people))
            # Not in the last answers, so that each kill lands while the assessments are still going on.
            moments = sorted(rng.sample(range(1, conversations * (answers_each - 2)), kills))
            killer = asyncio.create_task(_kill_at(server, figures, moments, rng))
            await asyncio.gather(*(person.answer(answers_each) for person in people))
            await killer
            await server.kill()
            await server.start()  # the last restart: everything must be there after it too
            for person in people:
                await person.resume()
                await person.count_losses()
    finally:
        await server.stop()
        await database.close()
    return figures


async def _kill_at(server: Server, figures: CrashFigures, moments: list[int], rng: random.Random) -> None:
    """Kills the server when the count of answers sent passes each moment, with others in flight."""
    for moment in moments:
        while figures.answers_sent < moment:
            figures.sent_changed.clear()
            await figures.sent_changed.wait()
        # Up to a few turns' time later, so that the kill lands anywhere inside the turns under way.
        await asyncio.sleep(rng.uniform(0, 0.03))
        await server.kill()
        figures.kills += 1
        await server.start()
