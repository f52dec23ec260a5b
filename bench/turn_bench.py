"""Turn benchmark: our app on SQLite and PostgreSQL beside botbuilder's stock echo bot and a bare aiohttp handler.

Each target runs as its own process on a free 127.0.0.1 port and is driven over HTTP by 50 concurrent
conversations for --seconds (default 10), then by 20 others for the latency figure. The machine is shared,
so every figure that depends on it is printed as a ratio to the bare handler measured in the same run:
server CPU per turn is the server process's own CPU time (utime + stime from /proc) over the timed turns.
On PostgreSQL the bench also counts the connections the server opened after warm-up (pg_stat_database),
and runs two instances on one database. Targets (issue 14): CPU per answer turn <= 12 x bare on SQLite and
<= 20 x on PostgreSQL; >= 500 turns/s on SQLite and >= 250 on PostgreSQL at 50 concurrent; p99 <= 100 ms at
20 concurrent; 0 new PostgreSQL connections per 1,000 turns; RSS <= 150 MB; start to healthy <= 1 s.
PostgreSQL needs TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); a database of its
own is created for the run and dropped at the end. `--only sqlite` skips PostgreSQL, `--only postgres` SQLite.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = 50
LATENCY_CONVERSATIONS = 20  # the p99 target is for 20 concurrent conversations
MAX_TURNS_PER_CONVERSATION = 1_000_000
HEALTH_TIMEOUT_S = 30.0
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
REQUEST_TIMEOUT_S = 30.0
Script = Callable[[int], tuple[list[dict], list[dict]]]


def our_script(conversation_number: int) -> tuple[list[dict], list[dict]]:
    """What one conversation says to our app: set-up turns (not timed), then a body repeated until time is up.

    Set-up: greet, create an organisation, start a whole-model assessment. Body: the 35 answers, decline a
    target, then start over with every question again. 35 of the body's 39 turns are answers.
    """
    setup = ["hej", f"Bench {conversation_number}", "1", "start", "1"]
    body = [str(row % 4) for row in range(35)] + ["4", "start", "1", "2"]
    return _lines(conversation_number, setup), _lines(conversation_number, body)


def checkin_script(conversation_number: int) -> tuple[list[dict], list[dict]]:
    """A quick check before a procurement, over and over: name, category, no value or date,
    the 14 checks, not crisis-critical, no reminders."""
    setup = ["hej", f"Bench {conversation_number}", "1"]
    checks = [("ja", "delvis", "nej")[row % 3] for row in range(14)]
    body = ["snabbkoll", "Skolmat", "1", "hoppa över", "hoppa över", *checks, "2", "2"]
    return _lines(conversation_number, setup), _lines(conversation_number, body)


def bare_script(conversation_number: int) -> tuple[list[dict], list[dict]]:
    return [], _lines(conversation_number, ["hej"])


def echo_script(conversation_number: int, service_url: str) -> tuple[list[dict], list[dict]]:
    # Normal messages: stock CloudAdapter.process answers expectReplies with 500, so replies go to the connector.
    return [], [_activity(conversation_number, "hej", serviceUrl=service_url)]


def _lines(conversation_number: int, texts: list[str]) -> list[dict]:
    return [_activity(conversation_number, text, deliveryMode="expectReplies") for text in texts]


def _activity(conversation_number: int, text: str, **fields) -> dict:
    return {
        "type": "message", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/", "locale": "sv-SE",
        "text": text, "conversation": {"id": f"bench-{conversation_number}", "conversationType": "personal",
                                       "tenantId": "bench"},
        "from": {"id": f"user-{conversation_number}", "name": f"User {conversation_number}"},
        "recipient": {"id": "bot"}, **fields,
    }


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    log: Path
    started_in: float = 0.0

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmRSS for {self.name}")

    def cpu_seconds(self) -> float:
        """The process's own CPU time, user and system (fields 14 and 15 of /proc/PID/stat)."""
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        # Only the process this bench started, by its own handle.
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Result:
    name: str
    seconds: float
    started_in: float
    rss_mb: float = 0.0
    cpu_seconds: float = 0.0
    new_connections: int | None = None
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    @property
    def turns_per_s(self) -> float:
        return self.turns / self.seconds

    @property
    def cpu_ms_per_turn(self) -> float:
        return self.cpu_seconds * 1000 / self.turns if self.turns else float("nan")

    @property
    def connections_per_1000(self) -> float | None:
        if self.new_connections is None or not self.turns:
            return None
        return self.new_connections * 1000 / self.turns

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[round(fraction * (len(ordered) - 1))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def running(name: str, argv: list[str], workdir: Path, env: dict[str, str] | None = None):
    """Starts a target in its own process, waits until it answers /healthz, and always stops it."""
    port = free_port()
    log = workdir / f"{name}.log"
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "NUDGE_INTERVAL_SECONDS": "0",
                   **(env or {})}
    began = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, *argv], cwd=ROOT, env=environment, stdout=output, stderr=output)
    server = Server(name, process, f"http://127.0.0.1:{port}", log)
    try:
        await _wait_healthy(server)
        server.started_in = time.perf_counter() - began
        yield server
    finally:
        server.stop()


async def _wait_healthy(server: Server) -> None:
    deadline = time.perf_counter() + HEALTH_TIMEOUT_S
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.log.read_text()[-2000:]}")
            try:
                async with session.get(f"{server.url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.01)
    raise RuntimeError(f"{server.name} not healthy within {HEALTH_TIMEOUT_S} s:\n{server.log.read_text()[-2000:]}")


class Connections:
    """Counts the sessions PostgreSQL opened on one database (pg_stat_database.sessions, PostgreSQL 14+)."""

    def __init__(self, url: str | None) -> None:
        self._url = url

    async def opened(self) -> int | None:
        if self._url is None:
            return None
        parsed = make_url(self._url)
        # From another database, so the counting connection is not counted; stats are flushed within a second.
        await asyncio.sleep(1.2)
        admin = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                      password=parsed.password, database="postgres")
        try:
            return await admin.fetchval("SELECT sessions FROM pg_stat_database WHERE datname = $1", parsed.database)
        finally:
            await admin.close()


async def drive(name: str, servers: list[Server], script: Script, seconds: float, conversations: int = CONVERSATIONS,
                first: int = 0, connections: Connections = Connections(None)) -> Result:
    """Set-up turns (not timed, also the warm-up), then `seconds` of timed turns; conversation n talks to
    server n % len(servers)."""
    result = Result(name, seconds, started_in=max(server.started_in for server in servers))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conversations), timeout=timeout) as session:

        async def send(url: str, activity: dict) -> bool:
            try:
                async with session.post(url, json=activity) as response:
                    await response.read()
                    return response.status < 300
            except (aiohttp.ClientError, TimeoutError):
                return False

        async def converse(number: int, lines: list[dict], turns: int, deadline: float, timed: bool) -> None:
            url = f"{servers[number % len(servers)].url}/api/messages"
            for turn in range(turns):
                if time.perf_counter() >= deadline or not lines:
                    return
                # Fresh ids: our app drops an id it has seen as a Teams re-send.
                activity = {**lines[turn % len(lines)], "id": f"{'timed' if timed else 'setup'}-{number}-{turn}"}
                began = time.perf_counter()
                if await send(url, activity):
                    if timed:
                        result.latencies_ms.append((time.perf_counter() - began) * 1000)
                elif timed:
                    result.errors += 1

        numbers = range(first, first + conversations)
        scripts = [(n, *script(n)) for n in numbers]
        setup_deadline = time.perf_counter() + HEALTH_TIMEOUT_S
        await asyncio.gather(*(converse(n, setup, len(setup), setup_deadline, False) for n, setup, _ in scripts))
        opened_before = await connections.opened()
        cpu_before = sum(server.cpu_seconds() for server in servers)
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(converse(n, body, MAX_TURNS_PER_CONVERSATION, deadline, True)
                               for n, _, body in scripts))
        result.cpu_seconds = sum(server.cpu_seconds() for server in servers) - cpu_before
        opened_after = await connections.opened()
        if opened_before is not None and opened_after is not None:
            result.new_connections = opened_after - opened_before
    result.rss_mb = max(server.rss_mb() for server in servers)
    return result


async def create_database(server_url: str) -> str:
    parsed = make_url(server_url)
    name = f"turn_bench_{os.getpid()}"
    admin = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                  password=parsed.password, database=parsed.database or "postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return parsed.set(drivername="postgresql+asyncpg", database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    parsed = make_url(url)
    admin = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                  password=parsed.password, database="postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    finally:
        await admin.close()


async def run(seconds: float, only: str | None) -> None:
    results: dict[str, Result] = {}
    latency: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="turn-bench-") as workdir:
        workdir = Path(workdir)

        async def ours(name: str, url: str, script: Script = our_script, instances: int = 1,
                       counted: Connections = Connections(None)) -> None:
            async with AsyncExitStack() as stack:
                servers = [await stack.enter_async_context(
                    running(f"{name}-{i}", ["app.py"], workdir, {"DATABASE_URL": url})) for i in range(instances)]
                results[name] = await drive(name, servers, script, seconds, connections=counted)
                if instances == 1 and script is our_script:
                    latency[name] = await drive(name, servers, script, seconds, LATENCY_CONVERSATIONS, first=1000)

        async with running("bare", ["bench/bare_json.py"], workdir) as server:
            results["bare"] = await drive("bare", [server], bare_script, seconds)
            latency["bare"] = await drive("bare", [server], bare_script, seconds, LATENCY_CONVERSATIONS, first=1000)
        if only != "postgres":
            async with running("fake_connector", ["bench/fake_connector.py"], workdir) as connector:
                async with running("echo", ["bench/echo_stock.py"], workdir) as server:
                    results["echo"] = await drive("echo", [server], lambda n: echo_script(n, connector.url), seconds)
            await ours("sqlite", f"sqlite+aiosqlite:///{workdir}/bot.sqlite3")
            await ours("check-in", f"sqlite+aiosqlite:///{workdir}/checkin.sqlite3", checkin_script)
        if only != "sqlite":
            for name, instances in (("postgres", 1), ("postgres x2", 2)):
                url = await create_database(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES))
                try:
                    await ours(name, url, instances=instances, counted=Connections(url))
                finally:
                    await drop_database(url)
    report(results, latency)


def report(results: dict[str, Result], latency: dict[str, Result]) -> None:
    bare = results["bare"]
    print(f"{'':12} {'turns/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms/turn':>11} {'x bare':>6} "
          f"{'p99@20':>7} {'new conn/1000':>13} {'RSS MB':>6} {'start s':>7} errors")
    for name, result in results.items():
        at20 = latency.get(name)
        per_1000 = result.connections_per_1000
        print(f"{name:12} {result.turns_per_s:8.0f} {result.percentile(0.5):7.2f} {result.percentile(0.99):7.2f} "
              f"{result.cpu_ms_per_turn:11.3f} {result.cpu_ms_per_turn / bare.cpu_ms_per_turn:6.1f} "
              f"{at20.percentile(0.99) if at20 else float('nan'):7.1f} "
              f"{'' if per_1000 is None else f'{per_1000:.1f}':>13} {result.rss_mb:6.1f} {result.started_in:7.2f} "
              f"{result.errors + (at20.errors if at20 else 0)}")
    checks = []
    for name, cpu_ratio, rate in (("sqlite", 12, 500), ("postgres", 20, 250)):
        if name not in results:
            continue
        ours = results[name]
        checks += [
            (f"{name} CPU/turn x bare", ours.cpu_ms_per_turn / bare.cpu_ms_per_turn, "<=", cpu_ratio, ""),
            (f"{name} turns/s @50", ours.turns_per_s, ">=", rate, ""),
            (f"{name} p99 @20", latency[name].percentile(0.99), "<=", 100, " ms"),
            (f"{name} RSS after run", ours.rss_mb, "<=", 150, " MB"),
            (f"{name} start to healthy", ours.started_in, "<=", 1, " s"),
            (f"{name} errors", ours.errors + latency[name].errors, "<=", 0, ""),
        ]
        if ours.connections_per_1000 is not None:
            checks.append((f"{name} new conn/1000 turns", ours.connections_per_1000, "<=", 0, ""))
    if "postgres x2" in results and results["postgres x2"].connections_per_1000 is not None:
        checks.append(("postgres x2 new conn/1000", results["postgres x2"].connections_per_1000, "<=", 0, ""))
    checks += [] if "sqlite" not in results else [
        ("sqlite/echo p50", results["sqlite"].percentile(0.5) / results["echo"].percentile(0.5), "<=", 0.25, ""),
        ("check-in/assessment p50", results["check-in"].percentile(0.5) / results["sqlite"].percentile(0.5),
         "<=", 1, ""),
    ]
    for label, value, relation, target, unit in checks:
        met = value <= target if relation == "<=" else value >= target
        print(f"{label:28} {value:8.2f}{unit:4} target {relation} {target}{unit}  {'ok' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="how long each target is driven (default 10)")
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="run only our app on this database")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.seconds, arguments.only))


if __name__ == "__main__":
    main()
