"""Scale benchmark: does what one organisation costs stay the same as the database fills with others?

Fills a database with 10 and with 2,000 organisations of realistic history (members, a team chat, three
assessments of 35 answers each over two years, a snapshot per completed one, action items, sent nudges,
half of them in the anonymous comparison), on SQLite and on PostgreSQL, and times for one organisation
that looks the same in both: the nudge sweep (the first, which plans what came due; the steady one; and
the one every few minutes that looks at every organisation's assessments again),
`status`, the report page and the CSV export over real HTTP. Prints each time at 2,000 organisations as a
ratio to its time at 10 in the same run. Target (issue 14): sweep, status and report at 2,000 <= 1.5 x
their time at 10.

    .venv/bin/python bench/scale_bench.py [--sizes 10 2000] [--only sqlite|postgres] [--repeat 15]

PostgreSQL needs TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); a database of its
own is created for each size and dropped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from app import create_app  # noqa: E402
from bot.adapter import create_adapter  # noqa: E402
from bot.reminders.scheduler import NudgeScheduler  # noqa: E402
from bot.settings import Settings  # noqa: E402
from model import load_model  # noqa: E402
from model.scoring import score  # noqa: E402
from reports.pages import ReportTokens  # noqa: E402
from services.assessments import Assessments  # noqa: E402
from storage import Database  # noqa: E402
from storage.schema import (  # noqa: E402
    action_items, answers, assessments, comparison_opt_ins, conversation_references, conversations, members,
    nudges, organisations, snapshots,
)
from texts import Texts  # noqa: E402
from turn_bench import DEFAULT_POSTGRES, create_database, drop_database  # noqa: E402

# A Sunday noon in Stockholm: whatever the sweep plans waits for Monday's office hours, so it sends nothing.
NOW = datetime(2026, 3, 1, 11, 0, tzinfo=timezone.utc)
SECRET = "scale-bench"
TARGET_RATIO = 1.5
CHUNK = 5_000


def history(count: int, model) -> dict[str, list[dict]]:
    """Rows for `count` organisations; organisation 0 (the one measured) looks the same at every size."""
    rows: dict[str, list[dict]] = {name: [] for name in (
        "organisations", "members", "conversations", "conversation_references", "assessments", "answers",
        "snapshots", "comparison_opt_ins", "action_items", "nudges")}
    kinds = [kind.key for kind in model.organisation_kinds]
    row_keys = [row.key for row in model.all_rows if not row.key.startswith("K.")][:35]
    scored: dict[tuple, dict] = {}
    assessment_id = 0
    for number in range(count):
        generator = random.Random(number)
        organisation_id = uuid.UUID(int=number + 1).hex
        tenant_id = f"tenant-{number % max(1, count // 20)}"
        conversation_id = f"19:team-{number}@thread.tacv2"
        rows["organisations"].append({
            "id": organisation_id, "tenant_id": tenant_id, "name": f"Organisation {number}",
            "name_key": f"organisation {number}", "kind": kinds[number % len(kinds)],
            "created_at": NOW - timedelta(days=800), "target": None})
        rows["members"] += [{"organisation_id": organisation_id, "user_id": f"user-{number}-{m}",
                             "user_name": f"Person {m}", "role": "admin" if m == 0 else "member"} for m in range(3)]
        rows["conversations"].append({"tenant_id": tenant_id, "conversation_id": conversation_id,
                                      "organisation_id": organisation_id, "bound_at": NOW - timedelta(days=800)})
        rows["conversation_references"].append({
            "tenant_id": tenant_id, "conversation_id": conversation_id, "personal_user_id": None, "lang": "sv",
            "updated_at": NOW - timedelta(days=3), "removed_at": None, "reference": {
                "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/", "bot": {"id": "bot"},
                "conversation": {"id": conversation_id, "tenantId": tenant_id, "conversationType": "channel"}}})
        # Two completed assessments, about two years and one year ago; every third organisation has left a
        # third one unfinished for a month, the others completed it two months ago.
        starts = [NOW - timedelta(days=730 - generator.randint(0, 30)), NOW - timedelta(days=365 - generator.randint(0, 30)),
                  NOW - timedelta(days=30 if number % 3 == 0 else 60)]
        for index, started in enumerate(starts):
            assessment_id += 1
            unfinished = index == 2 and number % 3 == 0
            given = row_keys[:20] if unfinished else row_keys
            values = {key: min(3, (index + sum(map(ord, key)) + number) % 4) for key in given}
            completed = None if unfinished else started + timedelta(days=2)
            rows["assessments"].append({
                "id": assessment_id, "organisation_id": organisation_id, "scope": "all",
                "started_by": f"user-{number}-0", "started_at": started, "completed_at": completed, "redo": False})
            rows["answers"] += [{
                "organisation_id": organisation_id, "row_key": key, "value": str(value),
                "comment": "beslutat i KF" if position % 7 == 0 else None, "user_id": f"user-{number}-{position % 3}",
                "user_name": f"Person {position % 3}", "answered_at": started + timedelta(minutes=position),
                "assessment_id": assessment_id} for position, (key, value) in enumerate(values.items())]
            if completed is not None:
                pattern = tuple(sorted(values.items()))
                if pattern not in scored:
                    scored[pattern] = score(model, values).to_dict()
                rows["snapshots"].append({"organisation_id": organisation_id, "assessment_id": assessment_id,
                                          "taken_at": completed, "answers": values, "score": scored[pattern]})
        if number % 2 == 0:
            rows["comparison_opt_ins"].append({"organisation_id": organisation_id, "opted_in": True,
                                               "changed_by": f"user-{number}-0", "changed_at": NOW - timedelta(days=400)})
        for item in range(3):
            rows["action_items"].append({
                "organisation_id": organisation_id, "number": item + 1, "what": f"Åtgärd {item + 1}",
                "row_key": row_keys[item], "owner_id": f"user-{number}-1", "owner_name": "Person 1",
                "due_on": date(2025, 6 + item, 15), "status": "done" if item < 2 else "open", "tenant_id": tenant_id,
                "conversation_id": conversation_id, "lang": "sv", "created_by": f"user-{number}-0",
                "created_at": NOW - timedelta(days=300), "updated_at": NOW - timedelta(days=200)})
            rows["nudges"].append({
                "kind": "item_due", "subject": f"{number}-{item}", "dedupe_key": f"seed:{number}:{item}",
                "organisation_id": organisation_id, "tenant_id": tenant_id, "conversation_id": conversation_id,
                "user_id": f"user-{number}-1", "lang": "sv", "payload": None, "due_at": NOW - timedelta(days=200),
                "status": "sent", "claim_token": None, "lease_until": None, "attempts": 1, "last_error": None,
                "sent_at": NOW - timedelta(days=200)})
    return rows


TABLES = (organisations, members, conversations, conversation_references, assessments, answers, snapshots,
          comparison_opt_ins, action_items, nudges)


async def fill(url: str, count: int, model) -> None:
    await (await Database.open(url)).close()  # the schema, by the migrations
    rows = history(count, model)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            for table in TABLES:
                for start in range(0, len(rows[table.name]), CHUNK):
                    connection.execute(table.insert(), rows[table.name][start:start + CHUNK])
            connection.execute(sa.text("ANALYZE"))  # as a database in use for a while would have
        engine.dispose()
        return
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            for table in TABLES:
                for start in range(0, len(rows[table.name]), CHUNK):
                    await connection.execute(table.insert(), rows[table.name][start:start + CHUNK])
            await connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('assessments', 'id'), "
                                             "(SELECT max(id) FROM assessments))"))
            await connection.execute(sa.text("ANALYZE"))
    finally:
        await engine.dispose()


async def timed(action, repeat: int, warm: bool = True) -> float:
    """The fastest of `repeat` runs in milliseconds, after one untimed run (compiled statements, templates).
    Other work on the machine only ever adds time, so the fastest run is the steadiest figure of what it costs."""
    if warm:
        await action()
    spent = []
    for _ in range(repeat):
        began = time.perf_counter()
        await action()
        spent.append((time.perf_counter() - began) * 1000)
    return min(spent)


async def measure(url: str, model, repeat: int) -> dict[str, float]:
    figures = {}
    database = await Database.open(url)
    try:
        organisation = await database.organisations.get("tenant-0", uuid.UUID(int=1).hex)
        scheduler = NudgeScheduler(database, create_adapter(Settings()), "", Texts.load(), clock=lambda: NOW)
        figures["first sweep"] = await timed(scheduler.sweep, 1, warm=False)
        figures["sweep"] = await timed(scheduler.sweep, repeat)
        # Every few minutes one sweep also looks at every organisation's assessments (services/reminders.py).
        later = iter(NOW + timedelta(minutes=11 * n) for n in range(1, 1000))
        planner = NudgeScheduler(database, create_adapter(Settings()), "", Texts.load(), clock=lambda: next(later))
        figures["planning sweep"] = await timed(planner.sweep, max(3, repeat // 3))
        service = Assessments(database, model, lambda: NOW)
        figures["status"] = await timed(lambda: service.status(organisation), repeat)
    finally:
        await database.close()
    server = TestServer(create_app(Settings(database_url=url, report_secret=SECRET, nudge_interval_seconds=0)),
                        host="127.0.0.1")
    await server.start_server()
    try:
        token = ReportTokens.configured(SECRET, "http://127.0.0.1").issue(
            organisation, "sv", datetime.now(timezone.utc), made_by="user-0-0", generation=0)
        async with aiohttp.ClientSession() as session:
            async def get(path: str) -> None:
                async with session.get(server.make_url(path)) as response:
                    await response.read()
                    assert response.status == 200, (path, response.status)

            figures["report"] = await timed(lambda: get(f"/report/{token}"), repeat)
            figures["export"] = await timed(lambda: get(f"/report/{token}/export.csv?what=answers"), repeat)
    finally:
        await server.close()
    return figures


async def run(sizes: list[int], only: str | None, repeat: int) -> None:
    model = load_model()
    results: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as workdir:
        for database in ("sqlite", "postgres"):
            if only and only != database:
                continue
            for size in sizes:
                url = (f"sqlite:///{workdir}/scale-{size}.sqlite3" if database == "sqlite" else
                       await create_database(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES)))
                try:
                    began = time.perf_counter()
                    await fill(url, size, model)
                    print(f"{database} {size} organisations filled in {time.perf_counter() - began:.1f} s",
                          flush=True)
                    results[database, size] = await measure(url, model, repeat)
                finally:
                    if database == "postgres":
                        await drop_database(url)
    report(results, sizes)


def report(results: dict[tuple[str, int], dict[str, float]], sizes: list[int]) -> None:
    small, large = min(sizes), max(sizes)
    print(f"{'':10} {'best of runs':14} " + " ".join(f"{f'{size} orgs ms':>13}" for size in sizes) + f" {'ratio':>7}")
    for database in ("sqlite", "postgres"):
        if (database, small) not in results:
            continue
        for name in results[database, small]:
            ratio = results[database, large][name] / results[database, small][name]
            verdict = "" if name in ("first sweep", "planning sweep", "export") else (
                "ok" if ratio <= TARGET_RATIO else "MISSED")
            figures = " ".join(f"{results[database, size][name]:13.2f}" for size in sizes)
            print(f"{database:10} {name:14} {figures} {ratio:7.2f}  {verdict}")
    print(f"target: sweep, status and report at {large} <= {TARGET_RATIO} x their time at {small}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 2000])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=15, help="runs per figure; the fastest is printed")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.sizes, arguments.only, arguments.repeat))


if __name__ == "__main__":
    main()
