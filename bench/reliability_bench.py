"""Reliability bench: the heavy versions of tests/reliability, printing their figures.

- crash: 100 scripted assessments against `python app.py`, killed with SIGKILL 10 times at random
  moments, on SQLite and on a fresh PostgreSQL database: acknowledged answers lost, conversations
  that did not resume.
- concurrent: two members of one organisation answer 500 times each at the same time through the
  bot over HTTP; and 10,000 answers at once through the repository.
- hostile: 10,000 malformed or hostile activities through the real app: 5xx count.

PostgreSQL is the server at TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test);
each run gets a database of its own, dropped afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from pytest_postgresql.janitor import DatabaseJanitor  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fake_connector import FakeConnector  # noqa: E402
from tests.reliability import crash  # noqa: E402
from tests.reliability.hostile import HostileFigures, send_hostile  # noqa: E402

TARGETS = "0 acknowledged answers lost, every conversation resumes, 0 answers missing, 0 5xx"


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{folder}/bench-{uuid.uuid4().hex}.sqlite3"
        return
    server = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    name = f"bench_{uuid.uuid4().hex}"
    with DatabaseJanitor(user=server.username, password=server.password, host=server.host, port=server.port or 5432,
                         dbname=name, maintenance_dbname=server.database or "postgres", connection_timeout=10):
        yield server.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


async def bench_crash(backend: str, folder: Path, conversations: int, kills: int) -> None:
    with fresh_database(backend, folder) as url:
        started = time.perf_counter()
        figures = await crash.run(url, folder, conversations=conversations, answers_each=35, kills=kills, seed=11)
    print(f"crash {backend}: {figures} in {time.perf_counter() - started:.0f} s")
    for problem in figures.problems[:10]:
        print(f"  {problem}")


class Member:
    """A member answering through the bot over HTTP, one message at a time as a person would."""

    def __init__(self, session: aiohttp.ClientSession, url: str, user: str) -> None:
        self.session, self.url, self.user, self.sent, self.answers = session, url, user, 0, 0

    async def say(self, text: str) -> str:
        self.sent += 1
        body = {"type": "message", "id": f"{self.user}-{self.sent}", "channelId": "msteams", "text": text,
                "serviceUrl": "http://127.0.0.1:9/", "locale": "sv-SE", "deliveryMode": "expectReplies",
                "conversation": {"id": f"personal-{self.user}", "conversationType": "personal", "tenantId": "t"},
                "from": {"id": self.user, "name": self.user.title()}, "recipient": {"id": "bot"}}
        async with self.session.post(self.url, json=body) as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["activities"])

    async def answer(self, count: int) -> None:
        reply = await self.say("start")
        while self.answers < count:
            if "Vad vill ni gå igenom?" in reply:
                reply = await self.say("1")
            elif "gå igenom alla igen" in reply:
                reply = await self.say("2")
            elif "Var vill ni vara?" in reply:
                reply = await self.say("start")
            else:
                reply = await self.say(str(self.answers % 4))
                self.answers += 1


async def bench_concurrent_http(backend: str, folder: Path, each: int) -> None:
    with fresh_database(backend, folder) as url:
        server = crash.Server(url, folder / "concurrent.log")
        await server.start()
        try:
            async with aiohttp.ClientSession() as session:
                anna, bo = Member(session, server.url, "anna"), Member(session, server.url, "bo")
                for text in ("hej", "Falu kommun", "1"):
                    await anna.say(text)
                code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await anna.say("medlemmar bjud in")).group(1)
                await bo.say(f"gå med {code}")
                started = time.perf_counter()
                await asyncio.gather(anna.answer(each), bo.answer(each))
                seconds = time.perf_counter() - started
        finally:
            await server.stop()
        database = await Database.open(url)
        try:
            [organisation] = await database.organisations.list("t")
            history = await database.answers.history(organisation.id)
            current = await database.answers.current(organisation.id)
        finally:
            await database.close()
    last = {answer.row_key: answer for answer in history}
    print(f"concurrent http {backend}: {anna.answers + bo.answers} answers from 2 members in {seconds:.0f} s, "
          f"{len(history)} in the history, {anna.answers + bo.answers - len(history)} missing, "
          f"{sum(current[k] != a for k, a in last.items())} rows whose current answer is not the latest")


async def bench_concurrent_repository(backend: str, folder: Path, count: int) -> None:
    from datetime import datetime, timezone
    with fresh_database(backend, folder) as url:
        database = await Database.open(url)
        try:
            now = datetime.now(timezone.utc)
            organisation = await database.organisations.create("t", "Falu kommun", "kommun", "anna", "Anna", now)
            rows = [row.key for row in crash.MODEL.rows]
            started = time.perf_counter()
            await asyncio.gather(*(database.answers.record(organisation.id, rows[n % len(rows)], n % 4, None,
                                                           ("anna", "bo")[n % 2], "X", now) for n in range(count)))
            seconds = time.perf_counter() - started
            history = await database.answers.history(organisation.id)
            current = await database.answers.current(organisation.id)
        finally:
            await database.close()
    last = {answer.row_key: answer for answer in history}
    print(f"concurrent repository {backend}: {count} answers at once in {seconds:.1f} s, {len(history)} in the "
          f"history, {sum(current[k] != a for k, a in last.items())} rows whose current answer is not the latest")


def bench_hostile(folder: Path, examples: int) -> None:
    loop = asyncio.new_event_loop()
    client = TestClient(TestServer(create_app(Settings(database_url=f"sqlite+aiosqlite:///{folder}/hostile.sqlite3"))),
                        loop=loop)
    loop.run_until_complete(client.start_server())
    connector = loop.run_until_complete(FakeConnector().__aenter__())
    figures, started = HostileFigures(), time.perf_counter()
    try:
        send_hostile(client, loop, connector.url, examples, figures)
        healthy = loop.run_until_complete(client.get("/healthz")).status == 200
    finally:
        loop.run_until_complete(connector.__aexit__(None, None, None))
        loop.run_until_complete(client.close())
        loop.close()
    print(f"hostile: {figures} in {time.perf_counter() - started:.0f} s; server healthy afterwards: {healthy}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--hostile", type=int, default=10_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"targets: {TARGETS}")
    with tempfile.TemporaryDirectory() as folder:
        for backend in args.backends.split(","):
            asyncio.run(bench_crash(backend, Path(folder), args.conversations, args.kills))
            asyncio.run(bench_concurrent_http(backend, Path(folder), 500))
            asyncio.run(bench_concurrent_repository(backend, Path(folder), 10_000))
        bench_hostile(Path(folder), args.hostile)


if __name__ == "__main__":
    main()
