"""The database handle the bot opens once at start-up."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

import ast
import sqlalchemy as sa
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.activities import ActivityLedger
from storage.answers import Answers
from storage.assessments import Assessments
from storage.collaborations import Collaborations
from storage.checkins import Checkins, FollowUpWishes, PreparednessAnswers
from storage.documents import DocumentStore
from storage.engine import Engine
from storage.erasure import Erasure
from storage.health import beat
from storage.inline import InlineEngine
from storage.invitations import Invitations
from storage.nudges import Nudges
from storage.organisations import Organisations
from storage.plans import ActionItems
from storage.reminders import ConversationReferences, OrganisationReminders, ReminderPreferences
from storage.report_links import ReportLinks
from storage.snapshots import Snapshots
from storage.units import Units
from storage.workshops import Workshops

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x44414C41  # any number all instances agree on: "DALA"
# Plain URLs as operators write them get the async drivers this layer needs.
ASYNC_DRIVERS = {"postgresql": "postgresql+asyncpg"}
# WAL with synchronous=NORMAL survives a killed process (only a power cut may drop the last commits)
# and saves an fsync per answer. SQLite runs in the event loop, so a lock held by another process is
# waited for only briefly there; a turn that meets it tries again later without blocking (bot/turns.py).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=20", "PRAGMA foreign_keys=ON",
)
# PostgreSQL: an outage must become a quick 503, not a turn that hangs past Teams' 15 seconds.
POSTGRES_TIMEOUTS = {"pool_timeout": 2, "connect_args": {
    "timeout": 2, "server_settings": {"lock_timeout": "2000", "statement_timeout": "4000"}}}
# PostgreSQL connections per instance. Turns take at most POOL_SIZE at once and queue in the event loop for
# the rest (storage/engine.py), so under load no connection is opened and closed again, and each keeps its
# prepared statements (PREPARED_STATEMENTS per connection, of the ~100 distinct statements the bot runs).
POOL_SIZE = 10
POOL_MAX_OVERFLOW = 10
PREPARED_STATEMENTS = 256
# A load balancer's health check gives up after a few seconds; answer before it does.
HEALTH_SECONDS = 2.0


class Database:
    def __init__(self, engine: AsyncEngine | InlineEngine, turns_at_once: int = POOL_SIZE) -> None:
        self._engine = engine = Engine(engine, turns_at_once)
        self.organisations = Organisations(engine)
        self.answers = Answers(engine)
        self.assessments = Assessments(engine)
        self.documents = DocumentStore(engine)
        self.activities = ActivityLedger(engine)
        self.invitations = Invitations(engine)
        self.checkins = Checkins(engine)
        self.preparedness = PreparednessAnswers(engine)
        self.follow_up_wishes = FollowUpWishes(engine)
        self.action_items = ActionItems(engine)
        self.nudges = Nudges(engine)
        self.conversation_references = ConversationReferences(engine)
        self.reminder_preferences = ReminderPreferences(engine)
        self.organisation_reminders = OrganisationReminders(engine)
        self.snapshots = Snapshots(engine)
        self.units = Units(engine)
        self.report_links = ReportLinks(engine)
        self.collaborations = Collaborations(engine)
        self.erasure = Erasure(engine)
        self.workshops = Workshops(engine)

    @classmethod
    async def open(cls, url: str, pool_size: int = POOL_SIZE, max_overflow: int = POOL_MAX_OVERFLOW) -> "Database":
        parsed = make_url(url)
        parsed = parsed.set(drivername=ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername))
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if parsed.get_backend_name() == "sqlite":
            # Whatever driver the URL names, SQLite runs inline (see storage/inline.py for why).
            engine = InlineEngine(sa.create_engine(parsed.set(drivername="sqlite+pysqlite")))
            event.listen(engine.sync_engine, "connect", _configure_sqlite)
            event.listen(engine.sync_engine, "begin", _begin_sqlite)
        else:
            # Pre-ping: a connection the server dropped (restart, failover, idle timeout) is replaced before
            # use instead of failing the next request.
            connect_args = {**POSTGRES_TIMEOUTS["connect_args"], "prepared_statement_cache_size": PREPARED_STATEMENTS}
            engine = create_async_engine(parsed, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                                         pool_timeout=POSTGRES_TIMEOUTS["pool_timeout"], connect_args=connect_args)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_upgrade)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, turns_at_once=pool_size)

    def turn(self):
        """One transaction for everything a turn writes; see storage/engine.py."""
        return self._engine.turn()

    async def close(self) -> None:
        await self._engine.dispose()

    async def ping(self) -> bool:
        """Whether the database takes a write within HEALTH_SECONDS (storage/health.py)."""
        try:
            # As a turn of its own: on SQLite it waits its turn behind running turns instead of meeting their lock.
            async with asyncio.timeout(HEALTH_SECONDS), self._engine.turn():
                await beat(self._engine, datetime.now(timezone.utc))
        except Exception:  # the health check reports a failing database; it must not fail itself
            return False
        return True


def _configure_sqlite(dbapi_connection, connection_record) -> None:
    # The driver's own transaction handling starts transactions late and breaks savepoints; SQLAlchemy
    # documents this pair of hooks (no driver transactions, then BEGIN in _begin_sqlite) as the cure.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Instances starting together would each create the same tables and all but one fail; the first
        # migrates while the others wait here, then find nothing left to do. Released at commit.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    if _applied(connection) == migration_heads():
        return  # nothing to migrate: Alembic, its template engine and its lexers are not even imported
    from alembic import command  # noqa: PLC0415 -- a third of a second of start-up, only when needed
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    # Features add their tables as separate branches from 0001, so upgrade every head.
    command.upgrade(config, "heads")


def _applied(connection: Connection) -> set[str]:
    """The revisions the database is at (Alembic's own table), or none before the first migration."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def migration_heads() -> set[str]:
    """The newest revision of every branch, read from the migration files as Alembic would find them:
    a revision that no other revision names as its down_revision."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id in ("revision", "down_revision"):
                found[node.targets[0].id] = ast.literal_eval(node.value)
        if "revision" not in found:
            continue
        revisions.add(found["revision"])
        down = found.get("down_revision")
        parents |= set(down) if isinstance(down, (tuple, list)) else ({down} if down else set())
    return revisions - parents
