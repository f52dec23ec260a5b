"""An activity's JSON as the rest of the bot may take it: bounded in depth, its text cleaned, the fields
the bot reads as text checked.

Nothing behind the endpoint copes with JSON nested thousands of levels deep (RecursionError), with
NUL characters (PostgreSQL refuses them in text) or with lone surrogates such as \\ud800 (no UTF-8 for
them, so SQLite, the logs and the answer all fail). They are dealt with here, once, for every string
in the activity, keys included. msrest keeps whatever JSON it finds where its schema says text or an
object, so the fields read as such are checked here too.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

# An activity from Teams is about 6 levels deep; a card's submitted data adds a few.
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")
# Protocol fields the bot reads as text: anything else there makes no activity. `text` is what people
# type: anything but text there is read as no text, and the dialog asks again in words.
TEXT_FIELDS = ("type", "id", "locale", "channelId", "serviceUrl", "deliveryMode", "name")
ACCOUNT_TEXT_FIELDS = ("id", "name", "aadObjectId", "role")
CONVERSATION_TEXT_FIELDS = ("id", "name", "conversationType", "tenantId")


class NotAnActivity(ValueError):
    pass


def load(body: bytes) -> dict:
    """The activity's fields, cleaned; NotAnActivity, saying why, for anything the bot cannot take."""
    payload = parse(body)
    if not isinstance(payload, dict) or not payload.get("type"):
        raise NotAnActivity("body is not an activity with a type")
    if not isinstance(payload.get("text"), (str, type(None))):
        del payload["text"]
    if not isinstance(payload.get("value"), (dict, type(None))):
        del payload["value"]
    _require_text(payload, TEXT_FIELDS)
    if not _is_web_address(payload.get("serviceUrl")):
        # Replies go there; without one botbuilder would post them to api.botframework.com.
        raise NotAnActivity("serviceUrl must be an http or https address")
    for part, names in (("from", ACCOUNT_TEXT_FIELDS), ("recipient", ACCOUNT_TEXT_FIELDS),
                        ("conversation", CONVERSATION_TEXT_FIELDS)):
        if payload.get(part) is not None:
            if not isinstance(payload[part], dict):
                raise NotAnActivity(f"{part} must be an object")
            _require_text(payload[part], names, prefix=f"{part}.")
    return payload


def parse(body: bytes) -> object:
    """The parsed, cleaned body, if it is plain JSON of bounded depth."""
    try:
        # The C parser counts each level against the interpreter's recursion limit, so 100,000 levels stop
        # with a RecursionError after about a thousand, without going deeper; clean() then bounds the rest.
        return clean(json.loads(body, parse_constant=_no_constants))
    except RecursionError as error:
        raise NotAnActivity(f"body is nested deeper than {MAX_DEPTH} levels") from error
    except ValueError as error:  # also UnicodeDecodeError and integers too long to read
        raise NotAnActivity(f"body is not JSON: {error}") from error


def clean(value: object, depth: int = 0) -> object:
    """`value` with NUL removed from every string and lone surrogates replaced by U+FFFD."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (dict, list)) and depth >= MAX_DEPTH:
        raise NotAnActivity(f"body is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        return {clean_text(key): clean(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item, depth + 1) for item in value]
    return value


def clean_text(text: str) -> str:
    if text.isascii():
        return text.replace("\x00", "") if "\x00" in text else text
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _no_constants(name: str) -> object:
    # NaN and Infinity are not JSON; Python's parser accepts them unless told otherwise.
    raise ValueError(f"{name} is not a JSON value")


def _is_web_address(text: str | None) -> bool:
    try:
        address = urlsplit(text or "")
    except ValueError:  # "http://[::1"
        return False
    return address.scheme in ("http", "https") and bool(address.hostname)


def _require_text(fields: dict, names: tuple[str, ...], prefix: str = "") -> None:
    wrong = [prefix + name for name in names if not isinstance(fields.get(name), (str, type(None)))]
    if wrong:
        raise NotAnActivity(f"{', '.join(wrong)} must be text")
