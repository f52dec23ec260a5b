"""Reading what people type: whole words, lower case, never substrings ("status" is a command,
"statusrapport" is not)."""
from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[\wåäöÅÄÖéÉ/?]+")


def words(text: object) -> list[str]:
    """The words of `text`; a card field that is not text (a number, a list) has none."""
    if not isinstance(text, str):
        return []
    return [_decimal(token) for token in TOKEN.findall(text.lower())]


def _decimal(token: str) -> str:
    # "³" and "①" are digits to str.isdigit() but not to int(): read them as the digits they show.
    if token.isdigit() and not token.isdecimal():
        return "".join(str(unicodedata.digit(character)) for character in token)
    return token
