"""The Bot Framework's token signing keys, fetched without ever holding up the event loop.

botbuilder 4.17.1 fetches the OpenID metadata and keys with a blocking `requests.get` without a
timeout, inside the event loop, whenever they are not cached (and on every request while the fetch
fails). One request with a well-formed token then froze every conversation and /healthz for as long
as Microsoft's endpoint took. Here:

- the fetch is asynchronous, with a timeout for metadata and keys together;
- one fetch runs at a time: requests that need keys wait for it, and give up with it;
- keys are used for a day (as botbuilder does), then fetched again in the background while the old
  ones keep working; a key id nobody has seen fetches them again at most once an hour;
- after a failed fetch, requests that need keys fail at once for a short while instead of each
  starting a fetch of their own.

botbuilder looks its metadata objects up by URL in `JwtTokenExtractor.metadataCache` and only calls
`get(key_id)` on them; `use_signing_keys` puts these there in place of its own.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import aiohttp
from botframework.connector.auth import AuthenticationConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

FETCH_SECONDS = 5.0  # metadata and keys together; Teams gives a whole turn 15 s
FRESH_SECONDS = 24 * 3600.0
UNKNOWN_KEY_REFETCH_SECONDS = 3600.0
FAILURE_PAUSE_SECONDS = 30.0
# The public cloud's channel tokens, and Emulator and skill tokens: the only issuers this bot accepts
# (Settings has no channel service, so the government and enterprise URLs are never asked for).
METADATA_URLS = (
    AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
    AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
)


class KeysUnavailable(Exception):
    """The keys could not be fetched: the request cannot be checked now, which is no fault of the caller."""


@dataclass(frozen=True)
class SigningKey:
    """What botbuilder reads from the object `get` returns."""

    public_key: Any
    endorsements: list[str] = field(default_factory=list)


class SigningKeys:
    def __init__(self, url: str, fetch_seconds: float = FETCH_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self._fetch_seconds = fetch_seconds
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._failed_at: float | None = None
        self._fetch: asyncio.Task | None = None

    async def get(self, key_id: str | None) -> SigningKey:
        now = self._clock()
        if self._keys and now - self._fetched_at > FRESH_SECONDS:
            self._fetch_task(now)  # the old keys go on working meanwhile
        key = self._keys.get(key_id)
        if key is None:
            if self._keys and now - self._fetched_at < UNKNOWN_KEY_REFETCH_SECONDS:
                raise PermissionError(f"no signing key {key_id!r}")
            await self._fetched(now)
            key = self._keys.get(key_id)
        if key is None:
            raise PermissionError(f"no signing key {key_id!r}")
        return key

    async def _fetched(self, now: float) -> None:
        task = self._fetch_task(now)
        if task is None:
            raise KeysUnavailable(f"fetching {self.url} failed less than {FAILURE_PAUSE_SECONDS:.0f} s ago")
        # Shielded: a caller that goes away does not cancel the fetch the others wait for.
        if not await asyncio.shield(task):
            raise KeysUnavailable(f"could not fetch {self.url}")

    def _fetch_task(self, now: float) -> asyncio.Task | None:
        """The fetch under way, else a new one; None while the last failure is too recent to try again."""
        loop = asyncio.get_running_loop()
        if self._fetch is not None and not self._fetch.done() and self._fetch.get_loop() is loop:
            return self._fetch
        if self._failed_at is not None and now - self._failed_at < FAILURE_PAUSE_SECONDS:
            return None
        self._fetch = loop.create_task(self._refresh())
        return self._fetch

    async def _refresh(self) -> bool:
        try:
            async with asyncio.timeout(self._fetch_seconds), aiohttp.ClientSession() as session:
                metadata = await _json(session, self.url)
                keys = _parse(await _json(session, metadata["jwks_uri"]))
        except Exception as error:  # whatever went wrong, the answer is the same: no keys now
            self._failed_at = self._clock()
            logger.warning("Could not fetch the Bot Framework signing keys from %s: %s: %s", self.url,
                           type(error).__name__, error or f"no answer within {self._fetch_seconds:g} s")
            return False
        self._keys, self._fetched_at, self._failed_at = keys, self._clock(), None
        return True


async def _json(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as response:
        response.raise_for_status()
        body = await response.json(content_type=None)
    if not isinstance(body, dict):
        raise ValueError(f"{url} did not answer with a JSON object")
    return body


def _parse(document: dict) -> dict[str, SigningKey]:
    keys = {}
    for jwk in document.get("keys") or []:
        try:
            keys[jwk["kid"]] = SigningKey(RSAAlgorithm.from_jwk(json.dumps(jwk)), list(jwk.get("endorsements") or []))
        except Exception as error:  # one odd key must not cost the others
            logger.warning("Skipped a signing key that could not be read: %s: %s", type(error).__name__, error)
    if not keys:
        raise ValueError("the key document holds no usable keys")
    return keys


def use_signing_keys(urls: Iterable[str] = METADATA_URLS) -> None:
    """Puts a SigningKeys in botbuilder's metadata cache for each URL, unless one is there already."""
    for url in urls:
        if not isinstance(JwtTokenExtractor.metadataCache.get(url), SigningKeys):
            JwtTokenExtractor.metadataCache[url] = SigningKeys(url)
