"""Sends due nudges: claims them from the database, checks pauses and office hours, and posts them
through the bot's adapter within Teams' rate limits, retrying what the service asks to retry.

Several instances may sweep at once (an in-process loop each, and POST /api/nudges/sweep from an
outside timer): the claim in storage.nudges gives each nudge to one of them.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import random
import uuid
import weakref
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ConversationReference
from msrest.exceptions import HttpOperationError

from storage import Database, Nudge
from storage.activities import RESEND_HORIZON
from storage.nudges import FAILED, SKIPPED
from bot.reminders.messages import Batch, NudgeMessages
from services.reminders import FOLLOW_UP, ITEM_KINDS, audiences, plan_periodic, send_time
from bot.reminders.rate_limit import CONVERSATION_WINDOWS, TENANT_WINDOWS, RateLimiter
from texts import Texts

logger = logging.getLogger(__name__)

GONE = (403, 404)  # the bot was removed from the conversation, or it no longer exists
MAX_BATCHES_PER_SWEEP = 1000  # a sweep ends even if nudges keep coming due while it runs
LEDGER_SIZE, LEDGER_AGE = 50, timedelta(seconds=2)  # sent nudges are marked in groups of this size or age


class Outcome(str, Enum):
    SENT = "sent"
    POSTPONED = "postponed"  # paused, outside office hours, or to be retried later
    SKIPPED = "skipped"  # no longer wanted, or reminders stopped
    FAILED = "failed"
    LOST = "lost"  # another instance took over the claim


@dataclass(frozen=True)
class SendPolicy:
    lease: timedelta = timedelta(minutes=2)
    # A send is not started this close to the lease's end: another instance may claim it then.
    lease_margin: timedelta = timedelta(seconds=15)
    batch_size: int = 100
    max_attempts: int = 5
    backoff_base: float = 2.0  # seconds, doubled each attempt
    backoff_cap: float = 60.0


@dataclass(frozen=True)
class Attempt:
    status: int | None  # None: no answer (connection refused, timeout)
    retry_after: float | None = None
    error: str | None = None

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status in (412, 429) or self.status >= 500


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class NudgeScheduler:
    def __init__(self, database: Database, adapter: CloudAdapter, app_id: str, texts: Texts,
                 clock: Callable[[], datetime] = utc_now, limiter: RateLimiter | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, policy: SendPolicy = SendPolicy(),
                 jitter: Callable[[], float] = random.random) -> None:
        self._database = database
        self._adapter = adapter
        self._app_id = app_id
        self._messages = NudgeMessages(database, texts)
        self._clock = clock
        self._limiter = limiter or RateLimiter(sleep=sleep)
        self._sleep = sleep
        self._policy = policy
        self._jitter = jitter
        self._claims = (f"{uuid.uuid4().hex}-{n}" for n in itertools.count())
        # One send at a time per conversation, so its messages arrive in order.
        self._conversation_locks: weakref.WeakValueDictionary = weakref.WeakValueDictionary()

    async def run(self, interval: float, stopping: asyncio.Event) -> None:
        """Sweeps every `interval` seconds until `stopping` is set; a failed sweep is logged, not fatal."""
        while not stopping.is_set():
            try:
                await self.sweep()
            except Exception:
                logger.exception("Nudge sweep failed; trying again in %s s", interval)
            try:
                await asyncio.wait_for(stopping.wait(), interval)
            except asyncio.TimeoutError:
                pass

    async def sweep(self) -> Counter:
        """Plans what has come due, then sends every due nudge it can claim. Returns outcome counts.
        Also forgets handled activities too old to be re-sent, as this runs every minute on some instance."""
        outcomes: Counter = Counter()
        await self._database.activities.purge(self._clock() - RESEND_HORIZON)
        await plan_periodic(self._database, self._clock())
        token = next(self._claims)
        ledger = _SentLedger(self._database, self._clock)
        running: set[asyncio.Task] = set()
        for _ in range(MAX_BATCHES_PER_SWEEP):
            now = self._clock()
            claimed = await self._database.nudges.claim(token, now, now + self._policy.lease, self._policy.batch_size)
            if not claimed:
                break
            batch = await self._batch(claimed)
            running |= {asyncio.create_task(self._handle(nudge, batch, ledger)) for nudge in claimed}
            # One batch may wait on rate limits while the next is claimed, but no more: leases run meanwhile.
            while len(running) > self._policy.batch_size:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                outcomes.update(task.result() for task in done)
        outcomes.update(await asyncio.gather(*running))
        await ledger.flush()
        self._limiter.forget_idle()
        return outcomes

    async def _batch(self, claimed: list[Nudge]) -> Batch:
        database = self._database
        conversations = {(n.tenant_id, n.conversation_id) for n in claimed}
        scopes = {key for nudge in claimed for key in audiences(nudge)}
        organisations = {n.organisation_id for n in claimed if n.organisation_id}
        items = await database.action_items.by_ids([int(n.subject) for n in claimed if n.kind in ITEM_KINDS])
        with_units = {item.organisation_id for item in items.values() if item.unit_id is not None}
        return Batch(
            references=await database.conversation_references.get_many(conversations),
            preferences=await database.reminder_preferences.get_many(scopes),
            settings=await database.organisation_reminders.settings(organisations) if organisations else {},
            items=items,
            unit_names={unit.id: unit.name for organisation_id in with_units
                        for unit in await database.units.list(organisation_id)},
        )

    async def _handle(self, nudge: Nudge, batch: Batch, ledger: "_SentLedger") -> Outcome:
        try:
            outcome = await self._check_and_send(nudge, batch, ledger)
        except Exception:
            # One broken nudge must not stop the others; its lease runs out and it is tried again.
            logger.exception("Nudge %s could not be handled", nudge.id)
            return Outcome.FAILED
        if nudge.kind == FOLLOW_UP and outcome in (Outcome.SENT, Outcome.SKIPPED, Outcome.FAILED):
            await self._database.follow_up_wishes.mark(int(nudge.subject), outcome.value)
        return outcome

    async def _check_and_send(self, nudge: Nudge, batch: Batch, ledger: "_SentLedger") -> Outcome:
        nudges, now = self._database.nudges, self._clock()
        hours = batch.settings_of(nudge).office_hours
        reference = batch.references.get((nudge.tenant_id, nudge.conversation_id))
        if nudge.attempts > self._policy.max_attempts:
            return await self._close(nudge, FAILED, f"gave up after {nudge.attempts - 1} attempts")
        if reference is None or reference.removed_at is not None:
            return await self._close(nudge, FAILED, "the bot cannot reach this conversation")
        when = send_time([batch.preferences.get(key) for key in audiences(nudge)], now, hours)
        if when.stopped:
            return await self._close(nudge, SKIPPED, "reminders stopped")
        if when.at > now:
            await nudges.reschedule(nudge, when.at, "paused" if when.paused else None, tried=False)
            return Outcome.POSTPONED
        activity = await self._messages.render(nudge, batch, reference, now)
        if activity is None:
            return await self._close(nudge, SKIPPED, "no longer relevant")
        lock = self._conversation_locks.setdefault((nudge.tenant_id, nudge.conversation_id), asyncio.Lock())
        async with lock:
            return await self._deliver(nudge, ConversationReference().deserialize(reference.reference), activity,
                                       ledger)

    async def _deliver(self, nudge: Nudge, reference: ConversationReference, activity: Activity,
                       ledger: "_SentLedger") -> Outcome:
        attempts, conversation = nudge.attempts, (nudge.tenant_id, nudge.conversation_id)
        last_moment = nudge.lease_until - self._policy.lease_margin
        while True:
            if self._clock() >= last_moment:
                await self._database.nudges.reschedule(nudge, self._clock(), "lease ran out before sending",
                                                       tried=False)
                return Outcome.POSTPONED
            await self._limiter.acquire((conversation, CONVERSATION_WINDOWS), (nudge.tenant_id, TENANT_WINDOWS))
            try:
                attempt = await self._post(reference, activity)
            finally:
                self._limiter.finish((conversation, nudge.tenant_id))
            if attempt.status is not None and attempt.status < 300:
                await ledger.add(nudge)
                return Outcome.SENT
            reason = attempt.error or f"HTTP {attempt.status}"
            if attempt.status in GONE:
                return await self._gone(nudge, reason)
            if not attempt.retryable or attempts >= self._policy.max_attempts:
                return await self._close(nudge, FAILED, f"gave up after {attempts} attempts: {reason}")
            wait = attempt.retry_after if attempt.retry_after is not None else self._backoff(attempts)
            if attempt.status == 429:
                self._limiter.block(conversation, wait)
            if self._clock() + timedelta(seconds=wait) >= last_moment:
                await self._database.nudges.reschedule(nudge, self._clock() + timedelta(seconds=wait), reason)
                return Outcome.POSTPONED
            await self._sleep(wait)
            attempts += 1
            if not await self._database.nudges.attempted(nudge):
                return Outcome.LOST

    async def _post(self, reference: ConversationReference, activity: Activity) -> Attempt:
        attempt = Attempt(None, error="not sent")

        async def send(context: TurnContext) -> None:
            nonlocal attempt
            try:
                await context.send_activity(activity)
                attempt = Attempt(200)
            except HttpOperationError as error:
                headers = error.response.headers if error.response is not None else {}
                status = error.response.status_code if error.response is not None else None
                attempt = Attempt(status, _seconds(headers.get("Retry-After"), self._clock()), f"HTTP {status}")
            except Exception as error:
                attempt = Attempt(None, error=f"{type(error).__name__}: {error}")

        try:
            # Errors are caught inside: the adapter's turn error handler would otherwise post an apology.
            await self._adapter.continue_conversation(reference, send, self._app_id)
        except Exception as error:
            attempt = Attempt(None, error=f"{type(error).__name__}: {error}")
        return attempt

    async def _gone(self, nudge: Nudge, reason: str) -> Outcome:
        """The bot was removed from the conversation: mark it, and give up everything waiting for it."""
        database = self._database
        await database.conversation_references.mark_removed(nudge.tenant_id, nudge.conversation_id, self._clock())
        await self._close(nudge, FAILED, f"the bot is no longer in the conversation ({reason})")
        await database.nudges.close_pending_to(nudge.tenant_id, nudge.conversation_id,
                                               f"the bot is no longer in the conversation ({reason})")
        return Outcome.FAILED

    async def _close(self, nudge: Nudge, status: str, reason: str) -> Outcome:
        await self._database.nudges.close(nudge, status, reason)
        return Outcome.SKIPPED if status == SKIPPED else Outcome.FAILED

    def _backoff(self, attempts: int) -> float:
        # Exponential with jitter, so instances that failed together do not retry together.
        ceiling = min(self._policy.backoff_cap, self._policy.backoff_base * 2 ** (attempts - 1))
        return ceiling * (0.5 + self._jitter() / 2)


class _SentLedger:
    """Marks sent nudges a group at a time: one UPDATE for many instead of one each. A crash before the
    write makes those few go out again once their lease has run out; none is lost."""

    def __init__(self, database: Database, clock: Callable[[], datetime]) -> None:
        self._database = database
        self._clock = clock
        self._waiting: list[Nudge] = []
        self._since: datetime | None = None

    async def add(self, nudge: Nudge) -> None:
        self._since = self._since or self._clock()
        self._waiting.append(nudge)
        if len(self._waiting) >= LEDGER_SIZE or self._clock() - self._since >= LEDGER_AGE:
            await self.flush()

    async def flush(self) -> None:
        waiting, self._waiting, self._since = self._waiting, [], None
        await self._database.nudges.sent(waiting, self._clock())


def _seconds(retry_after: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from now: it may be a number of seconds or an HTTP date."""
    if not retry_after:
        return None
    try:
        return max(0.0, float(retry_after))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(retry_after) - now).total_seconds())
    except (TypeError, ValueError):
        return None
