"""`/healthz` reports whether the database takes a write, within two seconds; and a PostgreSQL connection
the server dropped is replaced before use instead of failing a person's message. Against a real
PostgreSQL database that is made read-only, locked and cut off from outside, as an operator's mistake or
a failover would."""
from __future__ import annotations

import psycopg
from sqlalchemy.engine import make_url

from app import create_app
from bot.settings import Settings
from tests.test_http import message, serving


def admin(url: str) -> psycopg.Connection:
    """A connection of the operator's, beside the bot's own."""
    parsed = make_url(url)
    return psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                           password=parsed.password, dbname=parsed.database, autocommit=True)


def cut_off(connection: psycopg.Connection) -> None:
    """Ends every other session on the database, as a server restart or failover would."""
    connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


async def health(client) -> tuple[int, dict]:
    response = await client.get("/healthz")
    return response.status, await response.json()


async def test_health_is_ok_when_the_database_takes_a_write(database_url):
    async with serving(create_app(Settings(database_url=database_url))) as client:
        assert await health(client) == (200, {"status": "ok", "database": "ok"})


async def test_a_read_only_database_is_unhealthy_until_it_takes_writes_again(postgresql_url):
    async with serving(create_app(Settings(database_url=postgresql_url))) as client:
        with admin(postgresql_url) as operator:
            name = make_url(postgresql_url).database
            operator.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            cut_off(operator)
            assert await health(client) == (503, {"status": "degraded", "database": "unavailable"})
            operator.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')
            cut_off(operator)
        assert (await health(client))[0] == 200


async def test_health_answers_503_when_its_write_waits_on_a_lock(postgresql_url):
    async with serving(create_app(Settings(database_url=postgresql_url))) as client:
        with admin(postgresql_url) as operator, operator.transaction():
            operator.execute("SELECT * FROM heartbeat FOR UPDATE")
            assert (await health(client))[0] == 503
        assert (await health(client))[0] == 200


async def test_a_dropped_connection_is_replaced_before_a_message_uses_it(postgresql_url):
    async with serving(create_app(Settings(database_url=postgresql_url))) as client:
        first = await client.post("/api/messages", json=message("hej", id="before"))
        assert first.status == 200
        with admin(postgresql_url) as operator:
            cut_off(operator)
        second = await client.post("/api/messages", json=message("hej", id="after"))
        assert second.status == 200 and (await second.json())["activities"]
