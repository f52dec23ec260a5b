"""Sliding-window limits on outgoing messages, kept per key (a conversation, a tenant) in this process.

Teams throttles a bot per conversation (7 messages a second, 60 in 30 seconds) and per tenant
(50 requests a second), counted as requests arrive. A request therefore holds its place in every window
from the moment it may start until it is done, and counts from when it was done: however long it takes
on the way, the service never sees more in a window than the limit. A send waits until every key it
touches has room and takes its place in all of them at once, so waiting for one key never lets another
key's window overfill.
"""
from __future__ import annotations

import asyncio
import bisect
import time
from collections import Counter
from dataclasses import dataclass
from typing import Awaitable, Callable, Hashable, Iterable


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: float


CONVERSATION_WINDOWS = (Window(7, 1.0), Window(60, 30.0))
TENANT_WINDOWS = (Window(50, 1.0),)
Limits = tuple[Hashable, tuple[Window, ...]]


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._done: dict[Hashable, list[float]] = {}  # per key, when its requests were done, in order
        self._in_flight: Counter = Counter()
        self._blocked: dict[Hashable, float] = {}  # per key, no sends before this moment (after a 429)
        self._finished = asyncio.Event()  # replaced on every finish, so each waiter sees the next one

    async def acquire(self, *limits: Limits) -> None:
        """Waits until each (key, windows) has room, then holds a place in each until `finish`."""
        while True:
            now = self._clock()
            wait = max(self._wait(key, windows, now) for key, windows in limits)
            if wait <= 0:
                self._in_flight.update(key for key, _ in limits)
                return
            if wait == float("inf"):
                await self._finished.wait()  # only requests still under way fill the window
            else:
                await self._sleep(wait)

    def finish(self, keys: Iterable[Hashable]) -> None:
        """The request that `acquire` let through for these keys is done (whatever its answer)."""
        now = self._clock()
        for key in keys:
            self._in_flight[key] -= 1
            if not self._in_flight[key]:
                del self._in_flight[key]
            self._done.setdefault(key, []).append(now)
        self._finished.set()
        self._finished = asyncio.Event()

    def block(self, key: Hashable, seconds: float) -> None:
        """Holds every send to `key` for `seconds`, as the service asked with Retry-After."""
        self._blocked[key] = max(self._blocked.get(key, 0.0), self._clock() + seconds)

    def forget_idle(self, longest: float = max(w.seconds for w in CONVERSATION_WINDOWS + TENANT_WINDOWS)) -> None:
        """Drops keys with nothing in their windows, so a long-running process does not grow."""
        now = self._clock()
        for key in [k for k, done in self._done.items() if (not done or done[-1] <= now - longest)
                    and k not in self._in_flight]:
            del self._done[key]
        for key in [k for k, until in self._blocked.items() if until <= now]:
            del self._blocked[key]

    def _wait(self, key: Hashable, windows: tuple[Window, ...], now: float) -> float:
        wait = self._blocked.get(key, now) - now
        done, in_flight = self._done.get(key, []), self._in_flight[key]
        if done:
            # Moments older than the longest window can never count again.
            del done[:bisect.bisect_right(done, now - max((w.seconds for w in windows), default=0.0))]
        for window in windows:
            recent = len(done) - bisect.bisect_right(done, now - window.seconds)
            excess = in_flight + recent - window.limit + 1  # places that must come free first
            if excess > recent:
                wait = float("inf")
            elif excess > 0:
                # Room comes when the excess-th oldest done request in the window leaves it.
                wait = max(wait, done[len(done) - recent + excess - 1] + window.seconds - now)
        return wait
