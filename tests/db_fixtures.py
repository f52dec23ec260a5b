"""Database fixtures: every storage test runs on SQLite and on PostgreSQL, each on a database of its own.

Migrating a database takes longer than most tests, so each kind is migrated once per session into a
template and every test gets a copy: SQLite through the backup API (a consistent copy, whatever sits in
the template's WAL), PostgreSQL by `CREATE DATABASE … TEMPLATE`. `Database.open` on a copy then finds
nothing left to migrate. Tests whose point is the migration itself ask for `empty_database_url`.
"""
import asyncio
import os
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy.engine import make_url

from storage import Database

# The only place the test server is named; `.ci/postgres` makes sure one answers there.
SERVER = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
# Sync drivers for reading beside the bot, on a connection of the test's own.
READING_DRIVERS = {"sqlite": "sqlite+pysqlite", "postgresql": "postgresql+psycopg"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """A migrated database of the test's own."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A database with nothing in it yet, for tests of what migrating it does."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
        return
    with _postgresql_database() as url:
        yield url


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    copy = tmp_path / "bot.sqlite3"
    with closing(sqlite3.connect(sqlite_template)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return f"sqlite+aiosqlite:///{copy}"


@pytest.fixture
def postgresql_url(postgresql_template) -> Iterator[str]:
    """Also for what only PostgreSQL has: other sessions, roles, server settings."""
    with _postgresql_database(template=postgresql_template) as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bot.sqlite3"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgresql_template() -> Iterator[str]:
    with _postgresql_database() as url:
        _migrate(url)
        yield make_url(url).database


@contextmanager
def _postgresql_database(template: str | None = None) -> Iterator[str]:
    dbname = f"bot_{uuid.uuid4().hex}"
    janitor = DatabaseJanitor(
        user=SERVER.username, password=SERVER.password, host=SERVER.host, port=SERVER.port or 5432,
        dbname=dbname, template_dbname=template, maintenance_dbname=SERVER.database or "postgres",
        connection_timeout=10,
    )
    with janitor:
        yield SERVER.set(drivername="postgresql+asyncpg", database=dbname).render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    """Migrates through `Database.open`, as the bot does, on a thread of its own: a session fixture runs
    outside the tests' event loops and must not disturb them."""
    async def open_and_close() -> None:
        await (await Database.open(url)).close()

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, open_and_close()).result()


@contextmanager
def reading(url: str) -> Iterator[sa.Connection]:
    """A connection of the test's own to the bot's database, to look at what it stored as an operator would."""
    parsed = make_url(url)
    engine = sa.create_engine(parsed.set(drivername=READING_DRIVERS[parsed.get_backend_name()]))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@pytest.fixture
async def database(database_url):
    database = await Database.open(database_url)
    yield database
    await database.close()


@pytest.fixture
async def sqlite_database(sqlite_url):
    database = await Database.open(sqlite_url)
    yield database
    await database.close()
