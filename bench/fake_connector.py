"""Stands in for the Bot Connector service on 127.0.0.1, so the stock echo bot's replies stay local."""
from __future__ import annotations

import os

from aiohttp import web


async def accept_activity(request: web.Request) -> web.Response:
    await request.read()
    return web.json_response({"id": "x"})


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    app = web.Application()
    # send_to_conversation and reply_to_activity, the two calls an echo reply makes.
    app.router.add_post("/v3/conversations/{conversation_id}/activities", accept_activity)
    app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", accept_activity)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ["PORT"]), print=None)


if __name__ == "__main__":
    main()
