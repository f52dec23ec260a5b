"""The Bot Framework adapter: authentication from settings, reused outbound clients, and the turn error reply."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Awaitable, Callable, Hashable, TypeVar

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, DeliveryModes
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)

from bot.settings import Settings
from bot.signing_keys import use_signing_keys

logger = logging.getLogger(__name__)

TURN_ERROR_REPLY = {
    "sv": "Något gick fel hos mig. Dina sparade svar finns kvar. Försök igen om en stund.",
    "en": "Something went wrong on my side. Your saved answers are kept. Please try again in a moment.",
}
# Outbound clients are kept per (app id, service URL, audience); Teams uses a handful of service URLs,
# the bound only stops a flood of made-up URLs from growing the cache.
MAX_REUSED_CLIENTS = 64

Client = TypeVar("Client")


@dataclass(frozen=True)
class _BotFrameworkConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def create_adapter(settings: Settings) -> CloudAdapter:
    # An empty app id is botbuilder's "authentication disabled": the Emulator and local tests need no credentials.
    configuration = _BotFrameworkConfiguration(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    use_signing_keys()  # botbuilder's own fetch blocks the event loop, see bot/signing_keys.py
    adapter = _Adapter(_ClientReusingAuthentication(configuration))
    adapter.on_turn_error = _on_turn_error
    return adapter


class _Adapter(CloudAdapter):
    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        if context.activity.delivery_mode != DeliveryModes.expect_replies:
            return super()._process_turn_results(context)
        replies = [_serialise_reply(activity) for activity in context.buffered_reply_activities]
        return InvokeResponse(status=HTTPStatus.OK, body={"activities": replies})


def _serialise_reply(activity: Activity) -> dict:
    """msrest walks every key of a card's content as an untyped object, about a sixth of an answer turn;
    a card built as a dict is JSON already, so only the activity around it goes through msrest."""
    cards = [(a, a.content) for a in activity.attachments or [] if isinstance(a.content, dict)]
    for attachment, _ in cards:
        attachment.content = None
    try:
        body = activity.serialize()
    finally:
        for attachment, content in cards:
            attachment.content = content
    for serialised, attachment in zip(body.get("attachments", []), activity.attachments or []):
        if isinstance(attachment.content, dict):
            serialised["content"] = attachment.content
    return body


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    logger.error("Turn failed for activity %s", context.activity.id, exc_info=error)
    try:
        await context.send_activity(_turn_error_reply(context.activity))
    except Exception:
        logger.exception("Could not tell the user that the turn failed")


def _turn_error_reply(activity: Activity) -> str:
    language = "en" if (activity.locale or "").lower().startswith("en") else "sv"
    return TURN_ERROR_REPLY[language]


class _ClientReusingAuthentication(ConfigurationBotFrameworkAuthentication):
    """Hands out one ConnectorClient and one UserTokenClient per identity instead of new ones every turn.

    botbuilder 4.17.1 builds both clients on every turn, and each construction runs msrest's
    ClientRetryPolicy, which builds its retry list as `i not in <502-item list>` for 999 codes.
    Measured on the 2-CPU dev machine, auth disabled: a ConnectorClient took 3.8 ms to build, a
    UserTokenClient 3.8-4.1 ms; an echo turn with expectReplies through process_activity took
    8.3-8.8 ms with the stock authentication and 0.4-0.5 ms with this one. Reuse also keeps each
    client's credentials and their MSAL token cache, so with auth enabled a turn no longer asks
    AAD for a new token.
    """

    def __init__(self, configuration: _BotFrameworkConfiguration) -> None:
        super().__init__(configuration)
        self._clients = _BoundedCache()

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        result.connector_factory = _ReusingConnectorFactory(
            result.connector_factory, _app_id(result.claims_identity), self._clients
        )
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        factory = super().create_connector_factory(claims_identity)
        return _ReusingConnectorFactory(factory, _app_id(claims_identity), self._clients)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        create = super().create_user_token_client
        return await self._clients.get(("user-token", _app_id(claims_identity)), lambda: create(claims_identity))


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, app_id: str | None, clients: "_BoundedCache") -> None:
        self._inner = inner
        self._app_id = app_id
        self._clients = clients

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:
        key = ("connector", self._app_id, service_url, audience)
        return await self._clients.get(key, lambda: self._inner.create(service_url, audience))


class _BoundedCache:
    def __init__(self, size: int = MAX_REUSED_CLIENTS) -> None:
        self._size = size
        self._items: dict[Hashable, object] = {}

    async def get(self, key: Hashable, create: Callable[[], Awaitable[Client]]) -> Client:
        if key not in self._items:
            # Created before storing: a failed creation (an app id we hold no credentials for) is not kept.
            client = await create()
            if len(self._items) >= self._size:
                del self._items[next(iter(self._items))]
            self._items[key] = client
        return self._items[key]


def _app_id(claims_identity: ClaimsIdentity) -> str | None:
    # The same lookup botbuilder uses to pick the credentials: audience from channels, appid from the Emulator.
    claims = claims_identity.claims
    return claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(AuthenticationConstants.APP_ID_CLAIM)
