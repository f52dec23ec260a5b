"""An activity's JSON as the rest of the bot may take it: bounded in depth, its text cleaned.

Nothing behind the endpoint copes with JSON nested thousands of levels deep (RecursionError), with
NUL characters (PostgreSQL refuses them in text) or with lone surrogates such as \\ud800 (no UTF-8 for
them, so SQLite, the logs and the answer all fail). They are dealt with here, once, for every string
in the activity, keys included.
"""
from __future__ import annotations

import json
import re

# An activity from Teams is about 6 levels deep; a card's submitted data adds a few.
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnreadableJson(ValueError):
    pass


def load(body: bytes) -> object:
    """The parsed, cleaned body; UnreadableJson for anything that is not plain JSON of bounded depth."""
    try:
        # The C parser counts each level against the interpreter's recursion limit, so 100,000 levels stop
        # with a RecursionError after about a thousand, without going deeper; clean() then bounds the rest.
        return clean(json.loads(body, parse_constant=_no_constants))
    except RecursionError as error:
        raise UnreadableJson(f"nested deeper than {MAX_DEPTH} levels") from error
    except ValueError as error:  # also UnicodeDecodeError and integers too long to read
        raise UnreadableJson(str(error)) from error


def clean(value: object, depth: int = 0) -> object:
    """`value` with NUL removed from every string and lone surrogates replaced by U+FFFD."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (dict, list)) and depth >= MAX_DEPTH:
        raise UnreadableJson(f"nested deeper than {MAX_DEPTH} levels")
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
