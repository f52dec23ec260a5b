"""Alembic environment. `Database.open` hands in a live connection; `alembic revision` and
friends, run with a Config carrying `sqlalchemy.url`, get their own async engine."""
import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from storage.schema import metadata


def run_migrations(connection: Connection) -> None:
    # Batch mode: SQLite can only alter a table by copying it, which batch operations do.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run_migrations)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is None:
    asyncio.run(run_with_own_engine(context.config.get_main_option("sqlalchemy.url")))
else:
    run_migrations(connection)
