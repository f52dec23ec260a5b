"""Turn benchmark: our app beside botbuilder's stock echo bot and a bare aiohttp JSON handler.

Each target runs as its own process on a free 127.0.0.1 port and is driven over HTTP by 50 concurrent
conversations for --seconds (default 20). Targets: our p50 <= 0.25 x echo p50 and <= 8 x bare p50,
>= 300 turns/s, p99 <= 100 ms, RSS after the run <= 150 MB, start to healthy <= 3 s. A quick-check scenario
runs on a fresh app too: a check-in turn should cost no more than an assessment turn.
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
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = 50
MAX_TURNS_PER_CONVERSATION = 1_000_000
HEALTH_TIMEOUT_S = 30.0
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
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def turns_per_s(self) -> float:
        return len(self.latencies_ms) / self.seconds

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
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), **(env or {})}
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
            await asyncio.sleep(0.02)
    raise RuntimeError(f"{server.name} not healthy within {HEALTH_TIMEOUT_S} s:\n{server.log.read_text()[-2000:]}")


async def drive(server: Server, script: Script, seconds: float) -> Result:
    result = Result(server.name, seconds, started_in=server.started_in)
    url = f"{server.url}/api/messages"
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONVERSATIONS), timeout=timeout) as session:

        async def send(activity: dict) -> bool:
            try:
                async with session.post(url, json=activity) as response:
                    await response.read()
                    return response.status < 300
            except (aiohttp.ClientError, TimeoutError):
                return False

        async def converse(number: int, lines: list[dict], turns: int, deadline: float, timed: bool) -> None:
            for turn in range(turns):
                if time.perf_counter() >= deadline or not lines:
                    return
                # Fresh ids: our app drops an id it has seen as a Teams re-send.
                activity = {**lines[turn % len(lines)], "id": f"{'timed' if timed else 'setup'}-{number}-{turn}"}
                began = time.perf_counter()
                if await send(activity):
                    if timed:
                        result.latencies_ms.append((time.perf_counter() - began) * 1000)
                elif timed:
                    result.errors += 1

        scripts = [script(n) for n in range(CONVERSATIONS)]
        setup_deadline = time.perf_counter() + HEALTH_TIMEOUT_S
        await asyncio.gather(*(converse(n, setup, len(setup), setup_deadline, False)
                               for n, (setup, _) in enumerate(scripts)))
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(converse(n, body, MAX_TURNS_PER_CONVERSATION, deadline, True)
                               for n, (_, body) in enumerate(scripts)))
    result.rss_mb = server.rss_mb()
    return result


async def run(seconds: float) -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="turn-bench-") as workdir:
        workdir = Path(workdir)
        async with running("fake_connector", ["bench/fake_connector.py"], workdir) as connector:
            targets = [
                ("bare", ["bench/bare_json.py"], bare_script, None),
                ("echo", ["bench/echo_stock.py"], lambda n: echo_script(n, connector.url), None),
                ("ours", ["app.py"], our_script, {"DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/bot.sqlite3"}),
                ("check-in", ["app.py"], checkin_script,
                 {"DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/checkin.sqlite3"}),
            ]
            for name, argv, script, env in targets:
                async with running(name, argv, workdir, env) as server:
                    results[name] = await drive(server, script, seconds)
    report(results)


def report(results: dict[str, Result]) -> None:
    for result in results.values():
        print(f"{result.name:8} {result.turns_per_s:7.0f} turns/s  p50 {result.percentile(0.5):7.2f} ms  "
              f"p99 {result.percentile(0.99):7.2f} ms  errors {result.errors}  RSS {result.rss_mb:5.1f} MB  "
              f"start to healthy {result.started_in:5.2f} s")
    ours, echo, bare = results["ours"], results["echo"], results["bare"]
    checks = [
        ("ours/echo p50", ours.percentile(0.5) / echo.percentile(0.5), "<=", 0.25, ""),
        ("ours/bare p50", ours.percentile(0.5) / bare.percentile(0.5), "<=", 8, ""),
        ("ours turns/s", ours.turns_per_s, ">=", 300, ""),
        ("ours p99", ours.percentile(0.99), "<=", 100, " ms"),
        ("ours RSS after run", ours.rss_mb, "<=", 150, " MB"),
        ("ours start to healthy", ours.started_in, "<=", 3, " s"),
        ("ours errors", ours.errors, "<=", 0, ""),
        ("check-in/assessment p50", results["check-in"].percentile(0.5) / ours.percentile(0.5), "<=", 1, ""),
    ]
    for label, value, relation, target, unit in checks:
        met = value <= target if relation == "<=" else value >= target
        print(f"{label:24} {value:8.2f}{unit:4} target {relation} {target}{unit}  {'ok' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long each target is driven (default 20)")
    asyncio.run(run(parser.parse_args().seconds))


if __name__ == "__main__":
    main()
