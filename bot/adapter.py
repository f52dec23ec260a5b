"""The Bot Framework adapter: authentication from settings, reused outbound clients, and replies held
until the turn that made them has committed."""
from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Awaitable, Callable, Hashable, Iterator, TypeVar

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes, ResourceResponse
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.exceptions import HttpOperationError

from bot.settings import Settings
from bot.signing_keys import use_signing_keys
from bot.wire import reply_copy, to_wire

logger = logging.getLogger(__name__)

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
    # No on_turn_error: a failed turn reaches its caller (bot/turns.py, the nudge scheduler), which rolls
    # its writes back and decides what the user hears.
    return Adapter(_ClientReusingAuthentication(configuration))


# What a delivery to the Bot Connector is tried again for, and how long it may wait in all.
RETRIED_STATUSES = (412, 429, 502, 503, 504)
DELIVERY_TRIES = 3
MOST_DELIVERY_WAIT = 2.0


@dataclass
class Outbox:
    """Replies and card updates of a turn still running, sent once its transaction has committed: a turn
    that is rolled back, or tried again, has said nothing."""

    context: TurnContext | None = None  # the turn's, for an apology when it fails
    held: list[tuple[str, TurnContext, Activity]] = field(default_factory=list)


_OUTBOX: ContextVar[Outbox | None] = ContextVar("dala_outbox", default=None)


@dataclass
class _Line:
    """Deliveries waiting for one conversation."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class Adapter(CloudAdapter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._delivering: dict[str, _Line] = {}

    @contextmanager
    def holding(self) -> Iterator[Outbox]:
        """Holds what turns run inside send and update, until `deliver`."""
        outbox = Outbox()
        token = _OUTBOX.set(outbox)
        try:
            yield outbox
        finally:
            _OUTBOX.reset(token)

    async def run_pipeline(self, context: TurnContext, callback=None):
        outbox = _OUTBOX.get()
        if outbox is not None:
            outbox.context = context
        return await super().run_pipeline(context, callback)

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        outbox = _OUTBOX.get()
        if outbox is None:
            return await super().send_activities(context, activities)
        immediate = [a for a in activities if a.type in (ActivityTypes.invoke_response, ActivityTypes.trace)]
        if immediate:
            await super().send_activities(context, immediate)
        outbox.held += [("send", context, a) for a in activities if a not in immediate]
        return [ResourceResponse(id="") for _ in activities]

    async def update_activity(self, context: TurnContext, activity: Activity):
        outbox = _OUTBOX.get()
        if outbox is None:
            return await super().update_activity(context, activity)
        outbox.held.append(("update", context, activity))
        return None

    async def deliver(self, outbox: Outbox) -> None:
        """Sends what a committed turn said, in order. The turn's answers are saved whatever happens here,
        so a failed delivery is logged, not raised.

        Turns of one conversation deliver in the order they committed (within this process): several people
        answering one shared card at once each update it, and the update that arrives last must be the one
        that saw every answer. The conversation's place in line is taken before the first await here, and the
        turn that committed next cannot get here before this one yields."""
        if not outbox.held:
            return
        conversation = outbox.held[0][1].activity.conversation.id
        line = self._delivering.get(conversation)
        if line is None:
            line = self._delivering[conversation] = _Line()
        line.users += 1
        try:
            async with line.lock:
                for kind, context, activity in outbox.held:
                    send = super().update_activity if kind == "update" else super().send_activities
                    argument = activity if kind == "update" else [activity]
                    await self._deliver_one(send, context, argument)
        finally:
            line.users -= 1
            if not line.users:
                self._delivering.pop(conversation, None)

    async def _deliver_one(self, send, context: TurnContext, argument) -> None:
        waited = 0.0
        for attempt in range(DELIVERY_TRIES):
            try:
                await send(context, argument)
                return
            except HttpOperationError as error:
                status = error.response.status_code if error.response is not None else None
                if status not in RETRIED_STATUSES or attempt == DELIVERY_TRIES - 1:
                    logger.warning("Could not deliver a reply in conversation %s: HTTP %s",
                                   context.activity.conversation.id, status)
                    return
                delay = min(_retry_after(error) or 0.25 * 2 ** attempt, MOST_DELIVERY_WAIT - waited)
            except Exception as error:  # the service could not be reached
                if attempt == DELIVERY_TRIES - 1:
                    logger.warning("Could not deliver a reply in conversation %s: %s: %s",
                                   context.activity.conversation.id, type(error).__name__, error)
                    return
                delay = min(0.25 * 2 ** attempt, MOST_DELIVERY_WAIT - waited)
            waited += max(delay, 0.0)
            await asyncio.sleep(max(delay, 0.0))

    async def send_now(self, context: TurnContext, activity: Activity) -> None:
        """Sends outside any outbox, for the apology of a failed turn."""
        await self._deliver_one(super().send_activities, context, [activity])

    def _create_turn_context(self, activity: Activity, *args, **kwargs) -> TurnContext:
        context = super()._create_turn_context(activity, *args, **kwargs)
        ours = _TurnContext(self, activity)
        ours.turn_state.update(context.turn_state)
        return ours

    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        if context.activity.delivery_mode != DeliveryModes.expect_replies:
            return super()._process_turn_results(context)
        replies = [serialise_reply(activity) for activity in context.buffered_reply_activities]
        return InvokeResponse(status=HTTPStatus.OK, body={"activities": replies})


def serialise_reply(activity: Activity) -> dict:
    """The reply as the Bot Framework's JSON, msrest's own format without msrest's walk (bot/wire.py)."""
    return to_wire(activity)


class _TurnContext(TurnContext):
    """botbuilder's TurnContext, whose sending deep-copies each activity: ours are copied by `reply_copy`
    instead, which copies what sending changes (about a tenth of an answer turn went to deep-copying cards)."""

    async def send_activities(self, activities: list[Activity]) -> list[ResourceResponse]:
        return await super().send_activities([_quick_to_copy(activity) for activity in activities])


class _Reply(Activity):
    """An activity whose deep copy is `reply_copy`."""

    def __deepcopy__(self, memo: dict) -> Activity:
        return reply_copy(self)


def _quick_to_copy(activity: Activity) -> Activity:
    if type(activity) is not Activity:
        return activity
    reply = _Reply.__new__(_Reply)
    reply.__dict__ = activity.__dict__  # the same activity; only its copy is new
    return reply


def _retry_after(error: HttpOperationError) -> float | None:
    try:
        return float(error.response.headers.get("Retry-After"))
    except (AttributeError, TypeError, ValueError):
        return None


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
