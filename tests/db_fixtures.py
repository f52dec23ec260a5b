"""Database fixtures: every storage test runs on SQLite and on PostgreSQL, each on a database of its own."""
import os
import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy.engine import make_url

from storage import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
        return
    with _postgresql_database() as url:
        yield url


@pytest.fixture
def postgresql_url():
    """For what only PostgreSQL has: other sessions, roles, server settings."""
    with _postgresql_database() as url:
        yield url


@contextmanager
def _postgresql_database() -> Iterator[str]:
    # The only place the test server is named; `.ci/postgres` makes sure one answers there.
    server = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"))
    dbname = f"bot_{uuid.uuid4().hex}"
    janitor = DatabaseJanitor(
        user=server.username, password=server.password, host=server.host, port=server.port or 5432,
        dbname=dbname, maintenance_dbname=server.database or "postgres", connection_timeout=10,
    )
    with janitor:
        yield server.set(drivername="postgresql+asyncpg", database=dbname).render_as_string(hide_password=False)


@pytest.fixture
async def database(database_url):
    database = await Database.open(database_url)
    yield database
    await database.close()


@pytest.fixture
async def sqlite_database(tmp_path):
    database = await Database.open(f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3")
    yield database
    await database.close()
