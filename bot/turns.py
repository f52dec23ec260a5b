"""One turn, from an authenticated activity to the answer for its HTTP request.

A turn runs in one database transaction with its entry in the activity ledger, and what it says is held
until that transaction commits (bot/adapter.py). So:
- a re-sent activity gets the stored answer of the committed turn, or, if the first try failed or its
  process died, runs the turn again: nothing is stored twice and nothing stored goes unacknowledged;
- a conflict with a turn running alongside (two clicks, two instances, a lock) is tried again here,
  the user never hears of it;
- when the database is away, full, read-only or locked for too long, the caller answers 503 quickly;
- a fault in the bot rolls its turn back and the user gets one short apology.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import sqlite3
import sys
from datetime import datetime
from enum import Enum
from typing import Awaitable, Callable

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Activity, DeliveryModes
from sqlalchemy import exc

from bot.adapter import Adapter, serialise_reply
from storage import ActivityLedger, Database, EtagConflict
from storage.activities import ledger_key
from bot.handler import tenant_of
from bot.turn_state import dialog_key

logger = logging.getLogger(__name__)

Answer = tuple[int, str | None]
ACCEPTED: Answer = (200, None)
# Teams gives a turn 15 s; an outage must be answered well within that.
TURN_BUDGET_SECONDS = 4.5
FIRST_RETRY_SECONDS = 0.02
TURN_ERROR_REPLY = {
    "sv": "Något gick fel hos mig. Dina sparade svar finns kvar. Försök igen om en stund.",
    "en": "Something went wrong on my side. Your saved answers are kept. Please try again in a moment.",
}


class TryLater(Exception):
    """The database cannot take the turn now; the request should be answered 503 with Retry-After."""


class Problem(Enum):
    RETRY = "retry"  # another turn got there first, holds a lock, or the connection broke: try again
    UNAVAILABLE = "unavailable"  # the database is away, full or read-only


# SQLSTATEs: serialization failure, deadlock, lock not available, then whole classes that mean "no database".
CONFLICT_STATES = {"40001", "40P01", "55P03"}
UNAVAILABLE_CLASSES = ("08", "53", "57", "58", "3D")
SQLITE_BUSY = ("database is locked", "database table is locked")


def database_problem(error: BaseException) -> Problem | None:
    """What kind of database trouble `error` is, or None for a fault in the bot itself."""
    if isinstance(error, (EtagConflict, exc.IntegrityError)):
        return Problem.RETRY
    if isinstance(error, (exc.TimeoutError, asyncio.TimeoutError, ConnectionError, OSError)):
        return Problem.UNAVAILABLE
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return Problem.RETRY  # a new connection is tried, and fails fast if the database is really away
    # SQLAlchemy wraps the driver's error, except when a new connection fails: then asyncpg's own arrives.
    causes = [error, getattr(error, "orig", None), error.__cause__]
    state = next((s for s in map(_sqlstate, causes) if s), None)
    if state in CONFLICT_STATES:
        return Problem.RETRY
    if state and state.startswith(UNAVAILABLE_CLASSES):
        return Problem.UNAVAILABLE
    driver = getattr(error, "orig", None)
    if isinstance(driver, sqlite3.OperationalError):
        return Problem.RETRY if any(busy in str(driver) for busy in SQLITE_BUSY) else Problem.UNAVAILABLE
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return Problem.UNAVAILABLE
    asyncpg = sys.modules.get("asyncpg")  # only imported where PostgreSQL is used; no asyncpg error without it
    if asyncpg is not None and isinstance(error, asyncpg.InterfaceError):
        return Problem.UNAVAILABLE
    return None


def _sqlstate(error: BaseException | None) -> str | None:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return state if isinstance(state, str) else None


def activity_ledger_key(activity: Activity) -> str | None:
    if not activity.id:
        return None
    return ledger_key(activity.channel_id, tenant_of(activity), activity.conversation.id,
                      activity.from_property.id, activity.id)


class TurnRunner:
    def __init__(self, adapter: Adapter, database: Database, clock: Callable[[], datetime],
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._adapter = adapter
        self._database = database
        self._ledger: ActivityLedger = database.activities
        self._clock = clock
        self._sleep = sleep
        self._outage = False

    async def run(self, activity: Activity, turn: Callable[[], Awaitable[Answer]]) -> Answer:
        """Runs `turn` (the bot on `activity`) once, in the sense that counts; raises TryLater."""
        key = activity_ledger_key(activity)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TURN_BUDGET_SECONDS
        attempt = 0
        while True:
            with self._adapter.holding() as outbox:
                try:
                    async with asyncio.timeout_at(deadline):
                        answer = await self._attempt(key, turn)
                except Exception as error:
                    problem = database_problem(error)
                    if problem is None:
                        return await self._failed(activity, key, outbox.context, error)
                    delay = FIRST_RETRY_SECONDS * 2 ** attempt * (0.5 + random.random())
                    if problem is Problem.UNAVAILABLE or loop.time() + delay >= deadline:
                        self._note_outage(error)
                        raise TryLater(problem.value) from None
                    attempt += 1
                    await self._sleep(delay)
                    continue
            self._note_recovery()
            await self._adapter.deliver(outbox)
            return answer

    def _note_outage(self, error: Exception) -> None:
        # One line when an outage begins and one when it ends, not one per request in between.
        if not self._outage:
            logger.error("Database unavailable, answering 503 until it is back: %s: %s", type(error).__name__,
                         _first_line(error))
        self._outage = True

    def _note_recovery(self) -> None:
        if self._outage:
            logger.warning("Database is back")
        self._outage = False

    async def _attempt(self, key: str | None, turn: Callable[[], Awaitable[Answer]]) -> Answer:
        async with self._database.turn():
            if key is not None and (stored := await self._ledger.response(key)) is not None:
                return stored
            answer = await turn()
            if key is not None:
                await self._ledger.record(key, *answer, self._clock())
        return answer

    async def _failed(self, activity: Activity, key: str | None, context: TurnContext | None,
                      error: Exception) -> Answer:
        """The turn's writes are rolled back and what it said is dropped; the user hears one apology."""
        logger.error("Turn failed for activity %s", activity.id, exc_info=error)
        language = "en" if (activity.locale or "").lower().startswith("en") else "sv"
        apology = TurnContext.apply_conversation_reference(
            MessageFactory.text(TURN_ERROR_REPLY[language]), TurnContext.get_conversation_reference(activity))
        if activity.delivery_mode == DeliveryModes.expect_replies:
            answer: Answer = (200, json.dumps({"activities": [serialise_reply(apology)]}))
        else:
            answer = ACCEPTED
            if context is not None:
                await self._adapter.send_now(context, apology)
        try:
            async with self._database.turn():
                if key is not None:  # so that a re-send does not fail, and apologise, all over again
                    await self._ledger.record(key, *answer, self._clock())
                # The dialog the person was in may fail the same way at every message: they start afresh, with
                # their answers kept (`fortsätt` finds the first unanswered question).
                await self._database.documents.delete([dialog_key(activity)])
        except Exception as cleanup_error:
            logger.warning("Could not close failed activity %s: %s", activity.id, _first_line(cleanup_error))
        return answer


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
