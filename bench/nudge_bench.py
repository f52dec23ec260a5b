"""Nudge benchmark: 10,000 due nudges across 2,000 conversations, sent by two scheduler processes that
share one PostgreSQL database, to a fake Bot Connector on 127.0.0.1 that counts what arrives.

Targets: all delivered within 30 s, no duplicates, no conversation over 7 in a second or 60 in 30 s.
Then the same 10,000 cards through botbuilder's stock CloudAdapter.continue_conversation and through
ours (bot.adapter, which reuses connector clients), from one process each, and the ratio of the two.

Needs TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); creates a database of its
own for the run and drops it at the end.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from botbuilder.core import TurnContext  # noqa: E402
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication  # noqa: E402
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference  # noqa: E402

from bot.adapter import create_adapter  # noqa: E402
from storage import Database  # noqa: E402
from turn_bench import create_database, drop_database  # noqa: E402
from storage.nudges import PENDING, SENDING, SENT, nudges  # noqa: E402
from storage.plans import OPEN, action_items  # noqa: E402
from storage.reminders import conversation_references  # noqa: E402
from storage.schema import organisations  # noqa: E402
from bot.reminders.scheduler import NudgeScheduler  # noqa: E402
from bot.cards.plan import nudge_card  # noqa: E402
from bot.settings import Settings  # noqa: E402
from texts import Texts  # noqa: E402
from tests.fake_connector import FakeConnector  # noqa: E402

CONVERSATIONS = 2_000
PER_CONVERSATION = 5
TENANTS = 100
INSTANCES = 2
TARGET_SECONDS = 30.0
DEADLINE_SECONDS = 180.0  # a worker gives up after this, so the bench always ends
MAX_SWEEPS = 20
CONCURRENT_SENDS = 64  # for the send-path comparison
# The schedulers' clock starts on a Tuesday at 10:00 in Stockholm, so office hours never hold nudges back.
BASE = datetime(2025, 3, 4, 9, 0, tzinfo=timezone.utc)


class NoCredentials:
    """No app id: botbuilder's authentication-disabled mode, as for the Emulator."""

    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


def conversation_id(n: int) -> str:
    return f"19:bench-{n}@thread.v2"


def tenant_id(n: int) -> str:
    return f"tenant-{n % TENANTS}"


def reference(n: int, service_url: str) -> ConversationReference:
    return ConversationReference(
        channel_id="msteams", service_url=service_url, bot=ChannelAccount(id="bot"),
        conversation=ConversationAccount(id=conversation_id(n), tenant_id=tenant_id(n), conversation_type="channel"))


async def seed(url: str, service_url: str) -> None:
    """Organisations, conversation references, action items and one due nudge per item, in bulk."""
    await (await Database.open(url)).close()  # migrations
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(organisations.insert(), [
            {"id": f"org{t:029d}", "tenant_id": f"tenant-{t}", "name": f"Kommun {t}", "name_key": f"kommun {t}",
             "kind": "kommun", "created_at": BASE, "target": None} for t in range(TENANTS)])
        await connection.execute(conversation_references.insert(), [
            {"tenant_id": tenant_id(n), "conversation_id": conversation_id(n), "lang": "sv", "updated_at": BASE,
             "reference": reference(n, service_url).serialize(), "personal_user_id": None, "removed_at": None}
            for n in range(CONVERSATIONS)])
        items = [{"organisation_id": f"org{n % TENANTS:029d}", "number": n // TENANTS * PER_CONVERSATION + k + 1,
                  "what": f"Åtgärd {n}-{k}", "row_key": None, "owner_id": f"user-{n}", "owner_name": "Bo Ek",
                  "due_on": date(2025, 3, 4), "status": OPEN, "tenant_id": tenant_id(n),
                  "conversation_id": conversation_id(n), "lang": "sv", "created_by": "anna", "created_at": BASE,
                  "updated_at": BASE} for k in range(PER_CONVERSATION) for n in range(CONVERSATIONS)]
        ids = (await connection.execute(
            action_items.insert().returning(action_items.c.id, sort_by_parameter_order=True), items)).scalars().all()
        await connection.execute(nudges.insert(), [
            {"kind": "item_due", "subject": str(item_id), "dedupe_key": f"bench:{item_id}",
             "organisation_id": item["organisation_id"], "tenant_id": item["tenant_id"],
             "conversation_id": item["conversation_id"], "user_id": item["owner_id"], "lang": "sv", "payload": None,
             "due_at": BASE, "status": PENDING, "attempts": 0} for item_id, item in zip(ids, items)])
    await engine.dispose()


async def worker(url: str, started: float) -> None:
    """One bot instance's scheduler: sweeps until nothing is left to claim. Prints its outcome counts."""
    database = await Database.open(url)
    scheduler = NudgeScheduler(database, create_adapter(Settings()), "", Texts.load(),
                               clock=lambda: BASE + timedelta(seconds=time.monotonic() - started))
    outcomes: dict[str, int] = {}
    try:
        for _ in range(MAX_SWEEPS):
            if time.monotonic() - started > DEADLINE_SECONDS:
                break
            swept = await scheduler.sweep()
            for outcome, count in swept.items():
                outcomes[outcome.value] = outcomes.get(outcome.value, 0) + count
            if not swept:
                break
    finally:
        await database.close()
    print(json.dumps(outcomes))


async def run_schedulers(url: str, connector: FakeConnector) -> tuple[float, list[dict]]:
    started = time.monotonic()
    processes = [await asyncio.create_subprocess_exec(
        sys.executable, __file__, "worker", url, repr(started), cwd=ROOT, stdout=asyncio.subprocess.PIPE)
        for _ in range(INSTANCES)]
    try:
        outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in processes)), DEADLINE_SECONDS + 30)
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
    last = max((r.at for r in connector.received), default=started)
    return last - started, [json.loads(out.decode().strip().splitlines()[-1] or "{}") for out, _ in outputs]


async def statuses(url: str) -> dict[str, int]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        rows = await connection.execute(sa.select(nudges.c.status, sa.func.count()).group_by(nudges.c.status))
        counted = {status: count for status, count in rows}
    await engine.dispose()
    return counted


async def time_send_path(adapter, connector: FakeConnector) -> float:
    """Seconds for all the cards through `adapter.continue_conversation`, CONCURRENT_SENDS at a time."""
    texts = Texts.load()
    jobs = [(reference(n, connector.url), k) for k in range(PER_CONVERSATION) for n in range(CONVERSATIONS)]
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def sender() -> None:
        while not queue.empty():
            ref, k = queue.get_nowait()
            card = nudge_card(f"Bo Ek, i dag ska åtgärd {k} vara klar: Åtgärd {k}",
                              [(texts("plan_button_done", "sv"), {"command": "plan", "action": "done"})],
                              texts("nudge_footer", "sv"))

            async def send(context: TurnContext, card=card) -> None:
                await context.send_activity(card)

            await adapter.continue_conversation(ref, send, "")

    began = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(CONCURRENT_SENDS)))
    return time.perf_counter() - began


async def main() -> None:
    server = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    url = await create_database(server)
    try:
        async with FakeConnector() as connector:
            await seed(url, connector.url)
            elapsed, outcomes = await run_schedulers(url, connector)
            received = connector.received
            texts = [json.dumps(r.activity.get("attachments"), sort_keys=True) for r in received]
            by_conversation = lambda r: r.conversation_id  # noqa: E731
            by_tenant = lambda r: r.tenant_id  # noqa: E731
            counted = await statuses(url)
            print(f"schedulers: {INSTANCES} processes, {len(received)} of {CONVERSATIONS * PER_CONVERSATION} "
                  f"delivered in {elapsed:.1f} s ({len(received) / elapsed:.0f}/s); outcomes per instance {outcomes}")
            print(f"duplicates: {len(texts) - len(set(texts))}; statuses in the database: {counted}")
            print(f"most per conversation: {connector.most_in_any_window(1.0, by_conversation)} in 1 s (limit 7), "
                  f"{connector.most_in_any_window(30.0, by_conversation)} in 30 s (limit 60); "
                  f"most per tenant in 1 s: {connector.most_in_any_window(1.0, by_tenant)} (limit 50 per instance)")
            checks = [("all delivered", len(received) == CONVERSATIONS * PER_CONVERSATION and counted.get(SENT) ==
                       len(received) and not counted.get(PENDING) and not counted.get(SENDING)),
                      (f"within {TARGET_SECONDS:.0f} s", elapsed <= TARGET_SECONDS),
                      ("no duplicates", len(texts) == len(set(texts))),
                      ("per-conversation limits kept", connector.most_in_any_window(1.0, by_conversation) <= 7
                       and connector.most_in_any_window(30.0, by_conversation) <= 60)]
        async with FakeConnector() as stock_connector:
            stock = await time_send_path(CloudAdapter(ConfigurationBotFrameworkAuthentication(NoCredentials())),
                                         stock_connector)
        async with FakeConnector() as our_connector:
            ours = await time_send_path(create_adapter(Settings()), our_connector)
        sends = CONVERSATIONS * PER_CONVERSATION
        print(f"send path, {sends} cards, {CONCURRENT_SENDS} at a time, one process: stock CloudAdapter "
              f"{stock:.1f} s ({sends / stock:.0f}/s), ours {ours:.1f} s ({sends / ours:.0f}/s), "
              f"stock/ours {stock / ours:.1f}x")
        for name, passed in checks:
            print(f"{'PASS' if passed else 'FAIL'}  {name}")
    finally:
        await drop_database(url)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        asyncio.run(worker(sys.argv[2], float(sys.argv[3])))
    else:
        asyncio.run(main())
