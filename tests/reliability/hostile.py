"""Hostile requests for the real app, generated with hypothesis, in seven kinds drawn equally often:

- messages that get in, their text full of NUL, lone surrogates, markup, SQL or a megabyte of it;
- a well-formed message with one field of the wrong type, for every field the bot or botbuilder reads;
- JSON nested deeper than the bot reads, at the top or in the text, a card's value or channelData;
- invokes under every name Teams sends, and others, with odd values;
- other activity types with odd members (conversation updates, reactions, events, ...);
- bodies that are not JSON, not UTF-8 or not an object;
- odd headers: content types, Authorization values that are no token or not ASCII, content encodings.

Shared by tests/reliability/test_hostile.py and bench/reliability_bench.py. Every request goes through
HTTP to `create_app` with authentication off, so the input reaches the bot. Replies go back in the
response (expectReplies) or to a local fake connector, so nothing leaves the machine. `Watch` counts
what the app logs at ERROR: a turn that failed, or any other error, caused by what was sent.
"""
from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections import Counter
from dataclasses import dataclass, field

from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The one identity the hostile run must never speak for: its answers are the ones that must not change.
VICTIM = {"tenant": "tenant-a", "user": "anna", "conversation": "personal-anna"}
HOSTILE_NAME = "Robert'); DROP TABLE answers;-- <script>alert('å')</script> & \"{name}\" %s"
ODD_PIECES = [
    "'; DROP TABLE organisations; --", "1 OR 1=1", "<script>alert(1)</script>", "<at>Bot</at>", "<at>", "{name}",
    "%s%s%n", "${jndi:ldap://127.0.0.1/x}", "\x00", "\ud800", "\udfff", "\ud83d", "\ud83d\ude00", "\u202e", "\ufeff",
    "NaN", "[[[[[", "(a+)+$", "\r\n", "\t", "=HYPERLINK(\"x\")", "å", "ÅÄÖ",
]
# What people type that moves a conversation on, so hostile text also reaches the dialogs' later steps.
WORDS = ["hej", "start", "fortsätt", "status", "1", "2", "3", "0", "ej relevant", "tillbaka", "hoppa över", "paus",
         "medlemmar", "medlemmar bjud in", "medlemmar ta bort", "gå med ABCD-EFGH", "inställningar", "rapport",
         "rapport återkalla", "snabbkoll", "beredskap", "plan", "plan 1", "glöm mig", "radera organisation", "språk",
         "byt organisation", "Falu kommun", "meny", "hjälp", "avbryt"]
BIG_TEXTS = ["x" * 1_000_000, "å" * 300_000, "<at>" * 70_000, "\x00" * 40_000, "\ud800" * 40_000]
TYPES = ["message", "invoke", "conversationUpdate", "event", "messageReaction", "installationUpdate", "typing",
         "endOfConversation", "messageUpdate", "messageDelete", "command", "commandResult", "trace", "handoff",
         "deleteUserData", "suggestion", "no-such-type"]
INVOKE_NAMES = [
    "adaptiveCard/action", "signin/tokenExchange", "signin/verifyState", "signin/failure", "healthCheck",
    "composeExtension/query", "composeExtension/submitAction", "composeExtension/fetchTask",
    "composeExtension/queryLink", "composeExtension/selectItem", "composeExtension/setting",
    "composeExtension/onCardButtonClicked", "composeExtension/anonymousQueryLink", "task/fetch", "task/submit",
    "tab/fetch", "tab/submit", "config/fetch", "config/submit", "fileConsent/invoke", "message/submitAction",
    "message/fetchTask", "actionableMessage/executeAction", "application/search", "handoff/action", "", "x",
]
# Values of every JSON type, and text the database or the log would choke on.
WRONG = [None, True, False, 0, -1, 2 ** 70, 1.5, 1e308, "", "x", "\x00", "\ud800", [], [1], ["2"], {}, {"a": 1},
         {"id": {"id": "x"}}, [[[]]], [{}], "2025-13-45T99:99:99Z"]
# Where a wrong value goes: every field the bot or botbuilder reads, nested ones included.
FIELDS = [
    ("type",), ("id",), ("name",), ("channelId",), ("serviceUrl",), ("text",), ("locale",), ("deliveryMode",),
    ("value",), ("from",), ("recipient",), ("conversation",), ("channelData",), ("entities",), ("attachments",),
    ("timestamp",), ("localTimestamp",), ("membersAdded",), ("membersRemoved",), ("replyToId",), ("textFormat",),
    ("summary",), ("inputHint",), ("expiration",), ("importance",), ("relatesTo",), ("action",), ("topicName",),
    ("suggestedActions",), ("callerId",), ("reactionsAdded",), ("label",), ("valueType",), ("code",),
    ("from", "id"), ("from", "name"), ("from", "aadObjectId"), ("from", "role"),
    ("recipient", "id"), ("recipient", "name"),
    ("conversation", "id"), ("conversation", "name"), ("conversation", "conversationType"),
    ("conversation", "tenantId"), ("conversation", "isGroup"),
    ("channelData", "tenant"), ("channelData", "tenant", "id"), ("channelData", "team"), ("channelData", "channel"),
    ("channelData", "eventType"),
    ("entities", 0), ("entities", 0, "type"), ("entities", 0, "mentioned"), ("entities", 0, "mentioned", "id"),
    ("entities", 0, "mentioned", "name"), ("entities", 0, "text"),
    ("attachments", 0), ("attachments", 0, "content"), ("attachments", 0, "contentType"),
    ("value", "answer"), ("value", "comment"), ("value", "choice"), ("value", "command"), ("value", "member"),
    ("value", "owner_id"), ("value", "owner_name"), ("value", "action"), ("value", "action", "data"),
    ("membersAdded", 0), ("membersAdded", 0, "id"), ("membersAdded", 0, "name"),
]
CONTENT_TYPES = ["application/json"] * 6 + [
    "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=latin-1", "text/plain", "",
    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json;;;",
]
AUTHORIZATIONS = ["Bearer", "Bearer ", "Bearer x.y.z", "Bearer eyJhbGciOiJub25lIn0", "Basic YWxhZGRpbjpvcGVu",
                  "Bearer åäö", "Bearer \xff\xfe", "bearer abc", "Bearer " + "a" * 4000, "Bearer a b c", "\t"]
ENCODINGS = ["gzip", "deflate", "br", "x-unknown", "identity"]

odd_text = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(ODD_PIECES + WORDS), min_size=1, max_size=6).map("".join),
    st.text(max_size=200),
    st.text(st.characters(categories=["Cs", "Cc", "Co", "Zs", "Lo"]), max_size=50),
)
wrong = st.sampled_from(WRONG) | st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(ODD_PIECES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)


def plausible(connector_url: str) -> st.SearchStrategy[dict]:
    """A message from a stranger that gets in: a few people in a few conversations of two tenants."""
    return st.fixed_dictionaries({
        "type": st.just("message"), "id": st.uuids().map(str), "channelId": st.just("msteams"),
        "serviceUrl": st.just(connector_url), "deliveryMode": st.sampled_from(["expectReplies"] * 3 + ["normal"]),
        "text": odd_text, "locale": st.sampled_from(["sv-SE", "en-US"]),
        "from": st.fixed_dictionaries({"id": st.sampled_from(["eve", "mallory"]), "name": odd_text}),
        "recipient": st.just({"id": "bot", "name": "Dalabot"}),
        "conversation": st.fixed_dictionaries({
            "id": st.sampled_from(["c-eve", "c-mallory", "team-eve"]),
            "conversationType": st.sampled_from(["personal", "personal", "channel"]),
            "tenantId": st.sampled_from(["tenant-a", "tenant-b"])}),
    })


def _with(payload: dict, path: tuple, value: object) -> dict:
    """A copy of `payload` with `value` at `path` (an int step is a list's only item), making the way."""
    result = json.loads(json.dumps(payload))
    here = result
    for step, following in zip(path, path[1:]):
        wanted = list if isinstance(following, int) else dict
        if isinstance(here, list):
            if not here or not isinstance(here[0], wanted):
                here[:] = [wanted()]
            here = here[0]
        else:
            if not isinstance(here.get(step), wanted):
                here[step] = wanted()
            here = here[step]
    if isinstance(here, list):
        here[:] = [value]
    else:
        here[path[-1]] = value
    return result


def _nested(depth: int, opening: str, closing: str) -> str:
    return opening * depth + "1" + closing * depth


def _deep(parts: tuple[dict, str, int, str]) -> bytes:
    payload, where, depth, kind = parts
    inner = _nested(depth, "[", "]") if kind == "array" else _nested(depth, '{"a":', "}")
    if where == "top":
        return inner.encode()
    return json.dumps({**payload, where: "DEEP"}).replace('"DEEP"', inner).encode()


def _encoded(payload: object) -> bytes:
    # Lone surrogates travel as JSON escapes (\ud800), as a client would send them.
    return json.dumps(payload).encode()


Request = tuple[bytes, dict[str, str]]


def hostile_requests(connector_url: str) -> st.SearchStrategy[Request]:
    message = plausible(connector_url)
    json_headers = st.just({"Content-Type": "application/json"})
    messages_that_get_in = st.one_of(
        message, st.tuples(message, st.sampled_from(BIG_TEXTS)).map(lambda pair: {**pair[0], "text": pair[1]}))
    one_field_wrong = st.tuples(message, st.sampled_from(FIELDS), wrong).map(lambda parts: _with(*parts))
    deep = st.tuples(message, st.sampled_from(["top", "text", "value", "channelData", "entities"]),
                     st.sampled_from([33, 100, 1_000, 10_000, 40_000]), st.sampled_from(["array", "object"]))
    invokes = st.tuples(message, st.sampled_from(INVOKE_NAMES) | wrong, wrong).map(
        lambda parts: {**parts[0], "type": "invoke", "name": parts[1], "value": parts[2]})
    others = st.tuples(message, st.sampled_from(TYPES), st.sampled_from(FIELDS), wrong).map(
        lambda parts: _with({**parts[0], "type": parts[1], "membersAdded": [{"id": "bot"}]}, parts[2], parts[3]))
    not_json = st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"", b"{", b"null", b"[]", b"1", b'"x"', b"\xff\xfe{}", b'{"type": "message"}',
                         b'{"type": NaN}', b'{"type": "message", "id": 1e999}', b'{"a": ' + b"9" * 5000 + b"}",
                         b'\xef\xbb\xbf{"type": "message"}', "{\"type\": \"mes\u00e5\"}".encode("latin-1")]),
        wrong.map(_encoded))
    odd_headers = st.tuples(message.map(_encoded), st.fixed_dictionaries(
        {"Content-Type": st.sampled_from(CONTENT_TYPES)},
        optional={"Authorization": st.sampled_from(AUTHORIZATIONS), "Content-Encoding": st.sampled_from(ENCODINGS),
                  "Expect": st.just("100-continue"), "X-Forwarded-For": st.just("127.0.0.1, ::1, x")}))
    return st.one_of(
        st.tuples(messages_that_get_in.map(_encoded), json_headers),
        st.tuples(one_field_wrong.map(_encoded), json_headers),
        st.tuples(deep.map(_deep), json_headers),
        st.tuples(invokes.map(_encoded), json_headers),
        st.tuples(others.map(_encoded), json_headers),
        st.tuples(not_json, json_headers),
        odd_headers,
    )


class Watch(logging.Handler):
    """Counts what the app logs at ERROR while it runs: failed turns, and any other error."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failed_turns: list[str] = []
        self.other_errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.name}: {record.getMessage()[:200]}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            where = traceback.extract_tb(error.__traceback__)[-1:]
            at = f" at {where[0].filename.rsplit('/', 2)[-1]}:{where[0].lineno}" if where else ""
            line += f" ({type(error).__name__}: {str(error)[:200]}{at})"
        (self.failed_turns if record.getMessage().startswith("Turn failed") else self.other_errors).append(line)

    def __enter__(self) -> "Watch":
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc_info) -> None:
        logging.getLogger().removeHandler(self)


@dataclass
class HostileFigures:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_error_examples: list[str] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def __str__(self) -> str:
        by_status = ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))
        return f"{self.sent} hostile requests, {self.server_errors} with 5xx ({by_status})"


def send_hostile(client: TestClient, loop: asyncio.AbstractEventLoop, connector_url: str, examples: int,
                 figures: HostileFigures) -> None:
    """Runs hypothesis over `examples` requests; the loop is the one the client's server runs on."""

    async def post(body: bytes, headers: dict[str, str]) -> int:
        async with client.post("/api/messages", data=body, headers=headers) as response:
            await response.read()
            return response.status

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(request=hostile_requests(connector_url))
    def one_request(request: Request) -> None:
        body, headers = request
        if _speaks_for_the_victim(body):
            return
        status = loop.run_until_complete(post(body, headers))
        figures.sent += 1
        figures.statuses[status] += 1
        if status >= 500 and len(figures.server_error_examples) < 5:
            figures.server_error_examples.append(f"{status}: {headers} {body[:300]!r}")

    one_request()


def _speaks_for_the_victim(body: bytes) -> bool:
    """A valid message from the victim is no attack; hypothesis is unlikely to write one, but may."""
    return VICTIM["user"].encode() in body or VICTIM["conversation"].encode() in body
