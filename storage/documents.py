"""JSON documents with optimistic concurrency, for the bot's conversation and user state."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import documents, insert

UNCONDITIONAL = (None, "*")


class EtagConflict(Exception):
    """The document changed (or vanished) since it was read."""


# Built once, as they run on every turn: SQLAlchemy reuses their cache keys and compiled forms.
_READ = sa.select(documents).where(documents.c.key.in_(sa.bindparam("keys", expanding=True)))
_WRITE_IF_UNCHANGED = (
    documents.update()
    .where(documents.c.key == sa.bindparam("the_key"), documents.c.etag == sa.bindparam("old_etag"))
    .values(document=sa.bindparam("new_document"), etag=sa.bindparam("new_etag"))
)


class DocumentStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def read(self, keys: list[str]) -> dict[str, tuple[dict, str]]:
        if not keys:
            return {}
        async with self._engine.connect() as connection:
            return {row.key: (row.document, row.etag) for row in await connection.execute(_READ, {"keys": keys})}

    async def write(self, key: str, document: dict, etag: str | None) -> str:
        new_etag = uuid.uuid4().hex
        if etag in UNCONDITIONAL:
            statement = insert(self._engine, documents).values(key=key, document=document, etag=new_etag)
            statement = statement.on_conflict_do_update(
                index_elements=[documents.c.key],
                set_={"document": statement.excluded.document, "etag": statement.excluded.etag},
            )
            parameters = None
        else:
            # One conditional UPDATE: of two writers holding the same etag, only the first matches a row.
            statement, parameters = _WRITE_IF_UNCHANGED, {
                "the_key": key, "old_etag": etag, "new_document": document, "new_etag": new_etag}
        async with self._engine.begin() as connection:
            result = await connection.execute(statement, parameters)
        if result.rowcount != 1:
            raise EtagConflict(f"document {key!r} is no longer at etag {etag!r}")
        return new_etag

    async def delete(self, keys: list[str]) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(documents.delete().where(documents.c.key.in_(list(keys))))
