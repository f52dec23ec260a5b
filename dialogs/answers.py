"""Reading answers as people type or click them: to a model question (a level, ej relevant, hoppa över,
tillbaka, with a comment), to a check (ja, delvis, nej …) and to a choice among buttons.

The words people type are phrase entries in texts/*.yaml; matched as whole words, never as substrings.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from texts import Texts
from texts.typed import TOKEN, words

MAX_COMMENT = 500
LEVELS = ("0", "1", "2", "3")


class Said(Enum):
    ANSWER = "answer"
    SKIP = "skip"
    BACK = "back"
    NOT_UNDERSTOOD = "not understood"
    TOO_LONG = "too long"  # a comment over MAX_COMMENT


@dataclass(frozen=True)
class Reading:
    """What a reply to one question says, in the terms of its question set."""

    said: Said
    answer: int | str | None = None  # ANSWER: a level 0-3 or "na" for a row; "yes", "partly" … for a check
    comment: str | None = None


# What people type for the replies to a model question other than a level (texts/core.yaml).
REPLY_PHRASES = {"answer_words_not_relevant": Said.ANSWER, "answer_words_skip": Said.SKIP,
                 "answer_words_dont_know": Said.SKIP, "answer_words_back": Said.BACK}
NOT_APPLICABLE = "na"
# What the buttons of a question card send beside the levels (bot.cards.question_card).
BUTTONS = {NOT_APPLICABLE: Said.ANSWER, "skip": Said.SKIP, "back": Said.BACK}
# The answers a check takes, and what people type for each (texts/checkin.yaml, texts/core.yaml).
CHECK_PHRASES = {"yes": "checkin_words_yes", "partly": "checkin_words_partly", "no": "checkin_words_no",
                 "na": "answer_words_not_relevant", "unknown": "answer_words_dont_know"}


def read_reply(texts: Texts, text: str | None, value: dict | None = None) -> Reading:
    """A reply to a model question: from a card submit (`value`) or typed text.

    Typed answers may carry the comment after the choice: "2 beslutat i KF 2024".
    """
    clicked = isinstance(value, dict) and value.get("answer") is not None
    if clicked:
        choice, comment = str(value["answer"]), str(value.get("comment") or "")
    else:
        typed = [phrase for key in REPLY_PHRASES for phrase in texts.phrases(key)]
        choice, comment = _split_typed(text or "", typed + [(level,) for level in LEVELS])
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        return Reading(Said.TOO_LONG)
    tokens = tuple(words(choice))
    if len(tokens) == 1 and tokens[0] in LEVELS:
        return Reading(Said.ANSWER, int(tokens[0]), comment or None)
    said = BUTTONS.get(choice) if clicked else next(
        (said for key, said in REPLY_PHRASES.items() if tokens in texts.phrases(key)), None)
    if said is None:
        return Reading(Said.NOT_UNDERSTOOD)
    if said is Said.ANSWER:
        return Reading(Said.ANSWER, NOT_APPLICABLE, comment or None)
    return Reading(said)


def _split_typed(text: str, phrases: list[tuple[str, ...]]) -> tuple[str, str]:
    """Splits "2 beslutat i KF" or "ej relevant: köper inte detta" into choice and comment."""
    found = list(TOKEN.finditer(text.lower()))
    tokens = tuple(match.group() for match in found)
    for phrase in sorted(phrases, key=len, reverse=True):
        if tokens[: len(phrase)] == phrase:
            return " ".join(phrase), text[found[len(phrase) - 1].end():].lstrip(" -–:,.;)")
    return text, ""


def read_check_answer(texts: Texts, text: str | None, value: dict | None, allowed: tuple[str, ...]) -> str | None:
    """An answer among `allowed`: from a button, by its number, or typed in Swedish or English."""
    clicked = (value.get("answer") or value.get("choice")) if isinstance(value, dict) else None
    if clicked in allowed:
        return clicked
    tokens = tuple(words(text))
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= len(allowed):
        return allowed[int(tokens[0]) - 1]
    return _check_word(texts, tokens, allowed)


def _check_word(texts: Texts, tokens: tuple[str, ...], allowed: tuple[str, ...]) -> str | None:
    return next((answer for answer in allowed if answer in CHECK_PHRASES
                 and tokens in texts.phrases(CHECK_PHRASES[answer])), None)


def read_choice(texts: Texts, text: str | None, value: dict | None, options: list[tuple[str, str]]) -> str | None:
    """A choice among `options` (key, label): from a card, by number (1-based), by a key's or label's words,
    by the first words of just one label ("ja" for "Ja, ta bort"), or, where the keys are answers such as
    "yes" and "no", by the words typed for them ("j", "nej")."""
    keys = [key for key, _ in options]
    if isinstance(value, dict) and value.get("choice") in keys:
        return value["choice"]
    tokens = words(text)
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= len(options):
        return keys[int(tokens[0]) - 1]
    if not tokens:
        return None
    for key, label in options:
        if tokens in (words(key.replace("_", " ")), words(label)):
            return key
    starting = [key for key, label in options if words(label)[:len(tokens)] == tokens]
    return starting[0] if len(starting) == 1 else _check_word(texts, tuple(tokens), tuple(keys))
