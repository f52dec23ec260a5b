"""The engine every repository shares, and the turn's one transaction.

Outside a turn each repository call is a transaction of its own. Inside `Engine.turn()` every call joins
the turn's transaction, so an answer, the dialog state and the activity ledger commit together or not at
all: a turn that fails leaves nothing behind, and a re-sent activity then runs exactly once.
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, AsyncIterator

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.inline import InlineEngine

_TURN: ContextVar[Any] = ContextVar("dala_turn_connection", default=None)


class Engine:
    def __init__(self, engine: AsyncEngine | InlineEngine, turns_at_once: int = 10) -> None:
        self._engine = engine
        # SQLite has one writer. Turns in this process queue here, in the event loop, instead of on the
        # file lock, where a waiting writer would hold up the whole loop. PostgreSQL: no more turns at once
        # than the pool keeps connections, so a burst of turns never opens (and then closes) more.
        self._turns = asyncio.Lock() if engine.dialect.name == "sqlite" else asyncio.Semaphore(turns_at_once)

    @property
    def dialect(self) -> sa.Dialect:
        return self._engine.dialect

    def begin(self):
        """A transaction, or the turn's when inside one (committed with the turn, not here)."""
        connection = _TURN.get()
        return self._engine.begin() if connection is None else _Joined(connection)

    def connect(self):
        connection = _TURN.get()
        return self._engine.connect() if connection is None else _Joined(connection)

    def savepoint(self):
        """For a statement whose failure the caller handles (a duplicate name, say): inside a turn it must
        not spoil the rest of the turn's transaction, which PostgreSQL would otherwise refuse to go on with."""
        connection = _TURN.get()
        return self._engine.begin() if connection is None else _Savepoint(connection)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if _TURN.get() is not None:
            raise RuntimeError("a turn's transaction is already open")
        async with self._turns:
            async with self._engine.begin() as connection:
                token = _TURN.set(connection)
                try:
                    yield
                finally:
                    _TURN.reset(token)

    async def dispose(self) -> None:
        await self._engine.dispose()


class _Joined:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def __aenter__(self) -> Any:
        return self._connection

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


class _Savepoint:
    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._savepoint: Any = None

    async def __aenter__(self) -> Any:
        self._savepoint = self._connection.begin_nested()
        await self._savepoint.__aenter__()
        return self._connection

    async def __aexit__(self, *exc_info: Any) -> Any:
        return await self._savepoint.__aexit__(*exc_info)
