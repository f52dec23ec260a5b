"""Adaptive Cards (schema 1.5, Action.Submit only), built as plain dicts.

Every card can also be read as numbered text (`card_as_text`), for the terminal chat and tests.
"""
from __future__ import annotations

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
LEVEL_COLOURS = {0: "Attention", 1: "Warning", 2: "Accent", 3: "Good"}


def text_block(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def submit(title: str, data: dict) -> dict:
    return {"type": "Action.Submit", "title": title, "data": data}


def card_activity(body: list[dict], actions: list[dict], summary: str) -> Activity:
    card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body}
    if actions:
        card["actions"] = actions
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = summary  # shown in notifications and by clients without cards
    return activity


def choice_card(prompt: str, options: list[tuple[str, str]], intro: str | None = None) -> Activity:
    body = ([text_block(intro)] if intro else []) + [text_block(prompt, weight="Bolder")]
    return card_activity(body, [submit(label, {"choice": key}) for key, label in options], prompt)


def command_card(prompt: str, commands: list[tuple[str, str]]) -> Activity:
    body = [text_block(prompt, weight="Bolder")]
    return card_activity(body, [submit(label, {"command": command}) for command, label in commands], prompt)


def question_card(progress: str, topic: str, question: str, rungs: list[str], choices: list[tuple[dict, str]],
                  comment_label: str, current: str | None) -> Activity:
    body = [
        text_block(progress, isSubtle=True, size="Small"),
        text_block(topic, weight="Bolder", size="Medium"),
        text_block(question),
        *[text_block(f"**{level}** {'★' * level} {rung}", spacing="Small") for level, rung in enumerate(rungs, 1)],
    ]
    if current:
        body.append(text_block(current, isSubtle=True))
    body.append({"type": "Input.Text", "id": "comment", "label": comment_label, "maxLength": 500,
                 "isMultiline": True})
    actions = [submit(label, data) for data, label in choices]
    return card_activity(body, actions, f"{progress}: {question}")


def level_cell(text: str, level: int | None) -> dict:
    return {"type": "Column", "width": "stretch",
            "items": [text_block(text, size="Small", horizontalAlignment="Center",
                                 color=LEVEL_COLOURS.get(level, "Default"), weight="Bolder")]}


def grid(header: list[str], rows: list[tuple[str, list[tuple[str, int | None]]]]) -> list[dict]:
    """A table as ColumnSets: a header line, then one line per row label with coloured cells."""
    def line(label: str, cells: list[dict], bold: bool = False) -> dict:
        first = {"type": "Column", "width": "stretch",
                 "items": [text_block(label, size="Small", weight="Bolder" if bold else "Default")]}
        return {"type": "ColumnSet", "columns": [first, *cells], "spacing": "Small"}

    head = [{"type": "Column", "width": "stretch", "items": [text_block(h, size="Small", isSubtle=True,
                                                                       horizontalAlignment="Center")]}
            for h in header]
    return [line("", head)] + [line(label, [level_cell(text, level) for text, level in cells], True)
                               for label, cells in rows]


def card_buttons(activity: Activity) -> list[tuple[str, dict]]:
    """The title and submit data of every button, those inside the card's body first, in order."""
    buttons: list[tuple[str, dict]] = []
    for attachment in activity.attachments or []:
        content = attachment.content or {}
        for action in [*_body_actions(content.get("body", [])), *content.get("actions", [])]:
            buttons.append((action["title"], action.get("data") or {}))
    return buttons


def _body_actions(elements: list[dict]) -> list[dict]:
    found: list[dict] = []
    for element in elements:
        if element.get("type") == "ActionSet":
            found += element.get("actions", [])
        for nested in ("items", "columns"):
            found += _body_actions(element.get(nested, []))
    return found


def card_as_text(activity: Activity) -> str:
    """The card's words and its buttons as numbered choices, for the terminal and for tests."""
    lines = [activity.text] if activity.text else []
    for attachment in activity.attachments or []:
        _collect((attachment.content or {}).get("body", []), lines)
    lines += [f"  [{number}] {title}" for number, (title, _) in enumerate(card_buttons(activity), 1)]
    return "\n".join(lines)


def _collect(elements: list[dict], lines: list[str]) -> None:
    for element in elements:
        if element.get("type") == "TextBlock" and element.get("text"):
            lines.append(element["text"])
        elif element.get("type") == "ColumnSet":
            cells = [" ".join(i.get("text", "") for i in col.get("items", [])) for col in element["columns"]]
            lines.append(" | ".join(cells))
        elif element.get("type") == "Input.Text":
            lines.append(f"({element.get('label', '')})")


def answered_card(title: str, answer: str, note: str | None = None) -> Activity:
    """What a question card becomes once answered: its title and the answer, without buttons."""
    body = [text_block(title, weight="Bolder"), text_block(answer, spacing="Small")]
    if note:
        body.append(text_block(note, isSubtle=True, spacing="Small"))
    return card_activity(body, [], f"{title}: {answer}")
