"""Floor for the turn benchmark: a bare aiohttp handler that parses the JSON body and answers JSON."""
from __future__ import annotations

import os

from aiohttp import web


async def messages(request: web.Request) -> web.Response:
    activity = await request.json()
    return web.json_response({"id": activity.get("id")})


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ["PORT"]), print=None)


if __name__ == "__main__":
    main()
