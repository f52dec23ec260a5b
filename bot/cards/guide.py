"""Cards to read: a word explained, an annex, the guide to the model, the crisis principles.

Each is a title, parts with an optional heading, and buttons that type a command (a related word, the
other annex, starting an assessment)."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import card_activity, submit, text_block


def reading_card(title: str, parts: list[tuple[str | None, str]], commands: list[tuple[str, str]] = (),
                 note: str | None = None) -> Activity:
    """`parts`: (heading or None, text); `commands`: (button title, the command it types)."""
    body = [text_block(title, weight="Bolder", size="Medium")]
    for heading, text in parts:
        if heading:
            body.append(text_block(heading, weight="Bolder", spacing="Medium"))
        body.append(text_block(text, spacing="Small"))
    if note:
        body.append(text_block(note, isSubtle=True, spacing="Medium"))
    return card_activity(body, [submit(label, {"command": command}) for label, command in commands], title)


def bullets(lines: list[str]) -> str:
    """One Markdown list in one TextBlock: a TextBlock per line would space them apart."""
    return "\n".join(f"- {line}" for line in lines)
