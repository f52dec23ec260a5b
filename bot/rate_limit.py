"""Sliding-window limits on outgoing messages, kept per key (a conversation, a tenant) in this process.

Teams throttles a bot per conversation (7 messages a second, 60 in 30 seconds) and per tenant
(50 requests a second). A send waits until every key it touches has room, then counts in all of them
at once, so waiting for one key never lets another key's window overfill.
"""
from __future__ import annotations

import asyncio
import bisect
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Hashable


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: float


CONVERSATION_WINDOWS = (Window(7, 1.0), Window(60, 30.0))
TENANT_WINDOWS = (Window(50, 1.0),)


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[Hashable, list[float]] = {}  # per key, send moments in order
        self._blocked: dict[Hashable, float] = {}  # per key, no sends before this moment (after a 429)

    async def acquire(self, *limits: tuple[Hashable, tuple[Window, ...]]) -> None:
        """Waits until each (key, windows) has room, then counts one send in each."""
        while True:
            now = self._clock()
            wait = max(self._wait(key, windows, now) for key, windows in limits)
            if wait <= 0:
                for key, _ in limits:
                    self._sent.setdefault(key, []).append(now)
                return
            await self._sleep(wait)

    def block(self, key: Hashable, seconds: float) -> None:
        """Holds every send to `key` for `seconds`, as the service asked with Retry-After."""
        self._blocked[key] = max(self._blocked.get(key, 0.0), self._clock() + seconds)

    def forget_idle(self, longest: float = max(w.seconds for w in CONVERSATION_WINDOWS + TENANT_WINDOWS)) -> None:
        """Drops keys with nothing in their windows, so a long-running process does not grow."""
        now = self._clock()
        for key in [k for k, sent in self._sent.items() if not sent or sent[-1] <= now - longest]:
            del self._sent[key]
        for key in [k for k, until in self._blocked.items() if until <= now]:
            del self._blocked[key]

    def _wait(self, key: Hashable, windows: tuple[Window, ...], now: float) -> float:
        wait = self._blocked.get(key, now) - now
        sent = self._sent.get(key, [])
        if sent:
            # Moments older than the longest window can never count again.
            del sent[:bisect.bisect_right(sent, now - max(w.seconds for w in windows))]
        for window in windows:
            recent = len(sent) - bisect.bisect_right(sent, now - window.seconds)
            if recent >= window.limit:
                # Room comes when the oldest of the last `limit` sends leaves the window.
                wait = max(wait, sent[-window.limit] + window.seconds - now)
        return wait
