"""Starting sweeps for due nudges: the in-process loop, and POST /api/nudges/sweep for an outside timer."""
from __future__ import annotations

import asyncio
import hmac
import logging
from contextlib import asynccontextmanager

from aiohttp import hdrs, web

from bot.reminders.scheduler import NudgeScheduler

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 5.0

class SweepEndpoint:
    """POST /api/nudges/sweep for an outside timer: `Authorization: Bearer <NUDGE_SWEEP_SECRET>`.
    Without a configured secret the endpoint does not exist (404)."""

    def __init__(self, scheduler: NudgeScheduler, secret: str) -> None:
        self._scheduler = scheduler
        self._expected = f"Bearer {secret}".encode() if secret else None

    async def handle(self, request: web.Request) -> web.Response:
        if self._expected is None:
            raise web.HTTPNotFound()
        given = request.headers.get(hdrs.AUTHORIZATION, "").encode()
        if not hmac.compare_digest(given, self._expected):
            return web.json_response({"error": "unauthorized"}, status=401)
        outcomes = await self._scheduler.sweep()
        return web.json_response({outcome.value: count for outcome, count in outcomes.items()})


@asynccontextmanager
async def sweeping(scheduler: NudgeScheduler, interval: float):
    """Runs the sweep loop while inside; on leaving, lets a sweep under way finish for a moment, then
    cancels it. A nudge claimed but not sent is sent after its lease, not lost."""
    if interval <= 0:
        yield
        return
    stopping = asyncio.Event()
    loop = asyncio.create_task(scheduler.run(interval, stopping))
    try:
        yield
    finally:
        stopping.set()
        try:
            await asyncio.wait_for(loop, STOP_GRACE_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("Nudge sweep still running at shutdown; cancelled, its claims will be retried")
