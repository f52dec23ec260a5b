"""What the database keeps of a turn once Teams can no longer re-send it: the answer and the state, not the
ledger's copy of the reply. Over HTTP on both databases; run with -s to see the figure."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import asyncpg
from sqlalchemy.engine import make_url

from app import DATABASE
from storage.activities import RESEND_HORIZON
from tests.teams import TeamsUser, teams

ROUNDS = 6  # of the whole model: 35 answers each, then a target the first time, "start alla" and "redo"
MOST_BYTES_PER_TURN = 256  # the answer and the state; the ledger alone keeps about as much again


async def stored_bytes(database_url: str) -> int:
    """Bytes the kept data takes, read beside the bot. SQLite: the file once compacted. PostgreSQL: the live rows
    of every table, since VACUUM cannot drop the purged rows while another database's transaction is open (as in
    a parallel test run), so the file size there says more about the neighbours than about us."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database, isolation_level=None) as connection:
            connection.execute("VACUUM")
            return connection.execute("PRAGMA page_count").fetchone()[0] * \
                connection.execute("PRAGMA page_size").fetchone()[0]
    connection = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        tables = await connection.fetch("SELECT quote_ident(relname) AS name FROM pg_catalog.pg_stat_user_tables")
        return sum([await connection.fetchval(f"SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM {table['name']} t")
                    for table in tables])
    finally:
        await connection.close()


async def test_past_the_resend_horizon_a_turn_keeps_at_most_a_quarter_kilobyte(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        for text in ("hej", "Falu kommun", "1", "start alla"):
            await anna.say(text)
        before, turns = await stored_bytes(database_url), len(anna.statuses)
        for round_ in range(ROUNDS):
            for row in range(35):
                await anna.say(str(1 + (row + round_) % 3))
            for text in (["2"] if round_ == 0 else []) + ["start alla", "2"]:
                await anna.say(text)
        turns = len(anna.statuses) - turns
        ledger = client.server.app[DATABASE].activities
        await ledger.purge(datetime.now(timezone.utc) + RESEND_HORIZON)
        after = await stored_bytes(database_url)
        [organisation] = await client.server.app[DATABASE].organisations.list("tenant-a")
        answers = len(await client.server.app[DATABASE].answers.history(organisation.id))
    per_turn = (after - before) / turns
    print(f"\nledger ({make_url(database_url).get_backend_name()}): {turns} turns ({answers} answers), database "
          f"grew {after - before} bytes once the ledger was purged: {per_turn:.0f} bytes a turn")
    assert set(anna.statuses) == {200} and answers == 35 * ROUNDS and per_turn <= MOST_BYTES_PER_TURN
