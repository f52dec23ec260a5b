"""What one answer turn does to the database, and where its CPU goes: the app in this process, driven over
real HTTP on 127.0.0.1, with SQLAlchemy event listeners (here, not in the product) counting the statements,
BEGINs and commits of each turn, and optionally cProfile over the answer turns.

    .venv/bin/python bench/turn_profile.py [--postgres] [--turns 200] [--profile 30] [--show]

Target (issue 14): an answer turn is one transaction with one commit, and runs only the statements it needs.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import collections
import os
import pstats
import sys
import tempfile
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from aiohttp.test_utils import TestServer
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from app import create_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from turn_bench import DEFAULT_POSTGRES, _activity, create_database, drop_database  # noqa: E402


class Counter:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.commits = 0
        self.rollbacks = 0
        self.on = False

    def reset(self) -> None:
        self.statements.clear()
        self.commits = self.rollbacks = 0

    def install(self) -> None:
        event.listen(sa.engine.Engine, "before_cursor_execute", self._statement)
        event.listen(sa.engine.Engine, "commit", self._commit)
        event.listen(sa.engine.Engine, "rollback", self._rollback)

    def _statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.on:
            self.statements.append(" ".join(statement.split())[:110])

    def _commit(self, conn) -> None:
        if self.on:
            self.commits += 1

    def _rollback(self, conn) -> None:
        if self.on:
            self.rollbacks += 1


async def run(arguments: argparse.Namespace) -> None:
    counter = Counter()
    counter.install()
    with tempfile.TemporaryDirectory(prefix="turn-profile-") as workdir:
        url = (await create_database(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)) if arguments.postgres
               else f"sqlite:///{workdir}/bot.sqlite3")
        try:
            await drive(url, counter, arguments)
        finally:
            if arguments.postgres:
                await drop_database(url)


async def drive(url: str, counter: Counter, arguments: argparse.Namespace) -> None:
    server = TestServer(create_app(Settings(database_url=url, nudge_interval_seconds=0)), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            turn = 0

            async def say(text: str) -> None:
                nonlocal turn
                turn += 1
                activity = {**_activity(0, text, deliveryMode="expectReplies"), "id": f"p-{turn}"}
                async with session.post(server.make_url("/api/messages"), json=activity) as response:
                    await response.read()
                    assert response.status == 200, response.status

            for text in ["hej", "Profil", "1", "start", "1"]:
                await say(text)
            profiler = cProfile.Profile() if arguments.profile else None
            per_turn = collections.Counter()
            commits = rollbacks = 0
            shown: set[int] = set()
            for number in range(arguments.turns):
                text = str(number % 35 % 4) if number % 35 or number == 0 else "start"
                if number and number % 35 == 0:
                    await say("start")  # a fresh whole-model assessment every 35 answers
                    await say("1")
                counter.reset()
                counter.on = True
                if profiler:
                    profiler.enable()
                await say(text)
                if profiler:
                    profiler.disable()
                counter.on = False
                per_turn[len(counter.statements)] += 1
                commits += counter.commits
                rollbacks += counter.rollbacks
                if arguments.show and len(counter.statements) not in shown:
                    shown.add(len(counter.statements))
                    print(f"Statements of answer turn {number} ({text!r}):")
                    for statement in counter.statements:
                        print("   ", statement)
            print(f"{url.split(':')[0]}: {arguments.turns} answer turns; statements per turn "
                  f"{dict(sorted(per_turn.items()))}; commits per turn {commits / arguments.turns:.2f}; "
                  f"rollbacks per turn {rollbacks / arguments.turns:.2f}")
            if profiler:
                stats = pstats.Stats(profiler).strip_dirs()
                stats.sort_stats("tottime").print_stats(arguments.profile)
                stats.sort_stats("cumulative").print_stats(arguments.profile)
    finally:
        await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at TEST_DATABASE_URL instead of SQLite")
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0, help="print this many top cProfile entries")
    parser.add_argument("--show", action="store_true", help="print the statements of one answer turn")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
