"""A local stand-in for the Bot Framework's OpenID metadata and signing-key endpoints, with tokens
signed by its key, so that token checks run for real without going online.

`hang()` makes it take requests and never answer until `release()`; `fail()` makes it answer 500.
"""
from __future__ import annotations

import asyncio
import json
import time

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth import AuthenticationConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.signing_keys import SigningKeys

KEY_ID = "channel-key"
EMULATOR_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"


class KeyServer:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.requests = 0
        self.asked = asyncio.Event()  # set once a request has arrived
        self._mode = "answer"
        self._released = asyncio.Event()
        app = web.Application()
        app.router.add_get("/metadata", self._metadata)
        app.router.add_get("/keys", self._keys)
        self._server = TestServer(app, host="127.0.0.1")

    @property
    def url(self) -> str:
        return str(self._server.make_url("/metadata"))

    def hang(self) -> None:
        self._mode = "hang"

    def fail(self) -> None:
        self._mode = "fail"

    def release(self) -> None:
        """Hanging requests end with a 503; later ones are answered again."""
        self._mode = "answer"
        self._released.set()

    def signing_keys(self, fetch_seconds: float = 60.0) -> SigningKeys:
        return SigningKeys(self.url, fetch_seconds=fetch_seconds)

    def token(self, app_id: str, service_url: str, key_id: str = KEY_ID, **claims) -> str:
        now = int(time.time())
        body = {"iss": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER, "aud": app_id,
                "serviceurl": service_url, "nbf": now, "exp": now + 3600, **claims}
        return "Bearer " + jwt.encode(body, self.key, algorithm="RS256", headers={"kid": key_id})

    def emulator_token(self, app_id: str) -> str:
        return self.token(app_id, "", iss=EMULATOR_ISSUER, appid=app_id, ver="1.0")

    async def __aenter__(self) -> "KeyServer":
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._released.set()
        await self._server.close()

    async def _metadata(self, request: web.Request) -> web.Response:
        return await self._answer({"issuer": "local", "jwks_uri": str(self._server.make_url("/keys"))})

    async def _keys(self, request: web.Request) -> web.Response:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return await self._answer({"keys": [{**jwk, "kid": KEY_ID}]})

    async def _answer(self, body: dict) -> web.Response:
        self.requests += 1
        self.asked.set()
        if self._mode == "hang":
            await self._released.wait()
            return web.Response(status=503)
        if self._mode == "fail":
            return web.Response(status=500)
        return web.json_response(body)


def plant(monkeypatch, keys: SigningKeys,
          metadata_url: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL) -> None:
    """Makes botbuilder check tokens of `metadata_url`'s issuer with `keys` (fetched from the local server)."""
    monkeypatch.setitem(JwtTokenExtractor.metadataCache, metadata_url, keys)
