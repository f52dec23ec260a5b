"""The web application: `create_app(settings)` builds everything; nothing lives at module level."""
from __future__ import annotations

import logging
from typing import AsyncIterator

from aiohttp import web

from bot.adapter import create_adapter
from bot.db import Database
from bot.endpoint import MessagesEndpoint
from bot.runtime import build_bot
from bot.settings import Settings
from model import load_model
from model.types import Model

SETTINGS = web.AppKey("settings", Settings)
MODEL = web.AppKey("model", Model)
DATABASE = web.AppKey("database", Database)
ENDPOINT = web.AppKey("endpoint", MessagesEndpoint)


async def messages(request: web.Request) -> web.Response:
    return await request.app[ENDPOINT].handle(request)


async def healthz(request: web.Request) -> web.Response:
    healthy = await request.app[DATABASE].ping()
    body = {"status": "ok" if healthy else "degraded", "database": "ok" if healthy else "unreachable"}
    return web.json_response(body, status=200 if healthy else 503)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=256 * 1024)
    app[SETTINGS] = settings
    app[MODEL] = load_model()
    app.cleanup_ctx.append(_runtime)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


async def _runtime(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    database = await Database.open(settings.database_url)
    app[DATABASE] = database
    bot = build_bot(app[MODEL], database)
    app[ENDPOINT] = MessagesEndpoint(create_adapter(settings), bot, database.activities)
    yield
    await database.close()


def main() -> None:
    settings = Settings.from_env()
    logging.basicConfig(level=logging.INFO)
    web.run_app(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
