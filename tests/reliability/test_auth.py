"""With an app id set, only a valid channel token gets in: no token, a malformed, expired or
wrong-audience token is a 401, never a 500. Tokens are signed by a local key planted where botbuilder
caches the channel's OpenID metadata, so nothing goes online."""
import time

import jwt

from tests.test_http import APP_ID, authenticated_client, channel_claims, message, signing_key  # noqa: F401


def signed(key, **changes) -> str:
    return "Bearer " + jwt.encode({**channel_claims(), **changes}, key, algorithm="RS256", headers={"kid": "channel-key"})


ATTEMPTS = {
    "missing": lambda key: None,
    "malformed": lambda key: "Bearer eyJhbGciOiJSUzI1NiJ9.not-base64!.x",
    "expired": lambda key: signed(key, nbf=int(time.time()) - 7200, exp=int(time.time()) - 3600),
    "wrong-audience": lambda key: signed(key, aud="00000000-0000-0000-0000-0000000000ff"),
    "not-yet-valid": lambda key: signed(key, nbf=int(time.time()) + 3600, exp=int(time.time()) + 7200),
}


async def test_only_a_valid_channel_token_gets_in(authenticated_client, signing_key):  # noqa: F811
    statuses = {}
    for name, token in ATTEMPTS.items():
        authorization = token(signing_key)
        headers = {} if authorization is None else {"Authorization": authorization}
        response = await authenticated_client.post("/api/messages", json=message("hej", id=name), headers=headers)
        statuses[name] = (response.status, await response.json())
    valid = await authenticated_client.post(
        "/api/messages", json=message("hej", id="valid"), headers={"Authorization": signed(signing_key)})
    print(f"\nauth: {len(ATTEMPTS)} bad tokens -> {sorted({s for s, _ in statuses.values()})}, a valid one -> {valid.status}")
    assert statuses == {name: (401, {"error": "unauthorized"}) for name in ATTEMPTS}
    assert valid.status == 200 and (await valid.json())["activities"]
