"""Malformed and hostile activities for the real app: missing fields, wrong types, 1 MB texts, unknown
types, broken card payloads, invalid JSON, SQL and markup in names.

Shared by tests/reliability/test_hostile.py (1,000 examples) and bench/reliability_bench.py (10,000).
Every request goes through aiohttp's test client to `create_app`, with authentication off, so the
input reaches the bot itself. Replies go back in the response (expectReplies) or to a local fake
connector, so nothing leaves the machine.
"""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field

from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The one identity the hostile run must never speak for: its answers are the ones that must not change.
VICTIM = {"tenant": "tenant-a", "user": "anna", "conversation": "personal-anna"}
HOSTILE_NAME = "Robert'); DROP TABLE answers;-- <script>alert('å')</script> & \"{name}\" %s"
SQL_AND_MARKUP = [
    "'; DROP TABLE organisations; --", "1 OR 1=1", "\" OR \"\"=\"", "<script>alert(1)</script>", "<at>Bot</at>",
    "{name}", "%s%s%n", "${jndi:ldap://127.0.0.1/x}", "\x00", "\u202e\u0000\ud7ff", "NaN", "[[[[[", "<at>",
    "(a+)+$", "medlemmar ta bort", "gå med ABCD-EFGH", "inställningar", "status", "hej", "rapport", "medlemmar",
]
BIG_TEXTS = ["x" * 1_000_000, "å" * 300_000, "<at>" * 70_000]
TYPES = ["message", "invoke", "conversationUpdate", "event", "messageReaction", "installationUpdate", "typing",
         "endOfConversation", "messageUpdate", "messageDelete", "command", "trace", "handoff", "no-such-type"]
INVOKE_NAMES = ["adaptiveCard/action", "application/search", "composeExtension/query", "task/fetch",
                "signin/verifyState", "healthCheck", "fileConsent/invoke", "actionableMessage/executeAction", "x"]
# Addresses that fail at once: one where nothing listens makes botbuilder retry for seconds, and an empty
# one means api.botframework.com.
BROKEN_SERVICE_URLS = ["not a url", "ftp://127.0.0.1/", "http://[::1"]

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(SQL_AND_MARKUP),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
ids = st.sampled_from(["", "0", "29:1abc", "a" * 2000, "../../etc/passwd"] + SQL_AND_MARKUP) | st.text(max_size=40)
texts = st.sampled_from(SQL_AND_MARKUP + ["0", "1", "2", "3", "ej relevant", "tillbaka"]) | st.text(max_size=300)
account = st.fixed_dictionaries({}, optional={"id": ids | junk, "name": texts | junk, "aadObjectId": ids})
conversation = st.fixed_dictionaries({}, optional={
    "id": ids | junk, "conversationType": st.sampled_from(["personal", "channel", "groupChat", "x"]) | junk,
    "tenantId": st.sampled_from(["tenant-a", "tenant-b", ""]) | junk, "isGroup": junk})
mention = st.fixed_dictionaries({"type": st.sampled_from(["mention", "Mention", "clientInfo", "x"]) | junk}, optional={
    "mentioned": st.fixed_dictionaries({}, optional={"id": ids | junk, "name": texts | junk}) | junk,
    "text": texts | junk})
card_value = st.fixed_dictionaries({}, optional={
    "answer": junk, "comment": texts | junk, "choice": junk, "command": texts | junk, "member": junk,
    "action": st.fixed_dictionaries({}, optional={"type": st.sampled_from(["Action.Execute", "Action.Submit"]) | junk,
                                                  "verb": junk, "data": junk})})
activity = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(TYPES) | junk, "id": ids | junk, "name": st.sampled_from(INVOKE_NAMES) | junk,
    "channelId": st.sampled_from(["msteams", "emulator", ""]) | junk, "serviceUrl": junk,
    "text": texts | junk, "locale": st.sampled_from(["sv-SE", "en-US", "xx", ""]) | junk,
    "deliveryMode": st.sampled_from(["expectReplies", "normal", "x"]) | junk, "value": card_value | junk,
    "from": account | junk, "recipient": account | junk, "conversation": conversation | junk,
    "channelData": st.fixed_dictionaries({}, optional={"tenant": st.fixed_dictionaries({}, optional={"id": ids | junk})
                                                       | junk}) | junk,
    "entities": st.lists(mention | junk, max_size=3) | junk, "membersAdded": st.lists(account | junk, max_size=3) | junk,
    "attachments": st.lists(junk, max_size=2) | junk, "timestamp": st.sampled_from(["2025-01-01T00:00:00Z", "x"]) | junk,
})


def _encoded(payload: object) -> bytes:
    return json.dumps(payload, default=str).encode()


def hostile_bodies(connector_url: str) -> st.SearchStrategy[bytes]:
    """Request bodies; replies that do not travel back in the response go to the fake connector."""
    service_urls = st.sampled_from([connector_url, *BROKEN_SERVICE_URLS]) | junk
    # Mostly a well-formed message from a stranger with some fields replaced, so that most requests get
    # past the endpoint's checks and into the dialogs.
    plausible = st.fixed_dictionaries({
        "type": st.just("message"), "id": ids, "channelId": st.just("msteams"), "serviceUrl": st.just(connector_url),
        "deliveryMode": st.sampled_from(["expectReplies", "normal"]), "text": texts, "locale": st.just("sv-SE"),
        "from": st.fixed_dictionaries({"id": st.sampled_from(["eve", "mallory"]), "name": texts}),
        "recipient": st.just({"id": "bot"}),
        "conversation": st.fixed_dictionaries({"id": st.sampled_from(["c-eve", "team-eve"]),
                                               "conversationType": st.sampled_from(["personal", "channel"]),
                                               "tenantId": st.sampled_from(["tenant-a", "tenant-b"])}),
    })
    changed = st.tuples(plausible, activity, service_urls).map(
        lambda parts: {**parts[0], **parts[1], "serviceUrl": parts[2]} if "serviceUrl" in parts[1]
        else {**parts[0], **parts[1]})
    return st.one_of(
        changed.map(_encoded),
        changed.map(_encoded),
        activity.map(lambda fields: _encoded({**fields, "serviceUrl": connector_url})),
        st.tuples(plausible, st.sampled_from(BIG_TEXTS)).map(lambda pair: _encoded({**pair[0], "text": pair[1]})),
        junk.map(_encoded),
        st.binary(max_size=200),
        st.sampled_from([b"", b"{", b"null", b"[]", b'{"type": "message", "text": "\\ud800"}', b"\xff\xfe{}"]),
    )


content_types = st.sampled_from(["application/json"] * 8 + ["text/plain", "application/json; charset=utf-8", ""])


@dataclass
class HostileFigures:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def __str__(self) -> str:
        by_status = ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))
        return f"{self.sent} hostile requests, {self.server_errors} with 5xx ({by_status})"


def send_hostile(client: TestClient, loop: asyncio.AbstractEventLoop, connector_url: str, examples: int,
                 figures: HostileFigures) -> None:
    """Runs hypothesis over `examples` requests; the loop is the one the client's server runs on."""

    async def post(body: bytes, content_type: str) -> int:
        headers = {"Content-Type": content_type} if content_type else {}
        async with client.post("/api/messages", data=body, headers=headers) as response:
            await response.read()
            return response.status

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(body=hostile_bodies(connector_url), content_type=content_types)
    def one_request(body: bytes, content_type: str) -> None:
        if _speaks_for_the_victim(body):
            return
        status = loop.run_until_complete(post(body, content_type))
        figures.sent += 1
        figures.statuses[status] += 1
        assert status < 500, (status, body[:500])

    one_request()


def _speaks_for_the_victim(body: bytes) -> bool:
    """A valid message from the victim is no attack; hypothesis is unlikely to write one, but may."""
    return VICTIM["user"].encode() in body or VICTIM["conversation"].encode() in body
