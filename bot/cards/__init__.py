"""Adaptive Cards (schema 1.5, Action.Submit only), built as plain dicts.

Laid out for Teams on a phone as well as a laptop: buttons go in rows that fit a 360 px screen, no
row has more than the six buttons Teams shows before it hides the rest behind "…", and tables are
two columns at most. Text goes in as Markdown (see texts.markdown): what people typed arrives escaped.

Every card can also be read as numbered text (`card_as_text`), for the terminal chat and tests.
"""
from __future__ import annotations

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

from texts.markdown import Markdown, plain

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
LEVEL_COLOURS = {0: "Attention", 1: "Warning", 2: "Accent", 3: "Good"}
MAX_ACTIONS = 6  # per action set: Teams hides any more behind "…"
# A row of buttons on a 360 px phone holds about 46 characters, counting 5 per button for its padding
# and the gap to the next (measured with Teams' host config in Chromium).
ROW_WIDTH, BUTTON_WIDTH = 46, 5


def text_block(text: str, **style) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def submit(title: str, data: dict) -> dict:
    # A title shows no Markdown: the words themselves, without the escapes a Markdown field needs.
    return {"type": "Action.Submit", "title": plain(title) if isinstance(title, Markdown) else title, "data": data}


def show_card(title: str, actions: list[dict]) -> dict:
    """A button that unfolds more buttons in place, without a message to the bot."""
    return {"type": "Action.ShowCard", "title": title,
            "card": {"type": "AdaptiveCard", "version": "1.5", "body": button_rows(actions)}}


def toggle(title: str, body: list[dict]) -> dict:
    """A button that unfolds more to read in place (an explanation, a list), without a message to the bot."""
    return {"type": "Action.ShowCard", "title": title, "card": {"type": "AdaptiveCard", "version": "1.5", "body": body}}


def button_rows(actions: list[dict]) -> list[dict]:
    """The buttons in order, as action sets that each fit one line of a phone screen."""
    rows: list[list[dict]] = []
    width = ROW_WIDTH
    for action in actions:
        cost = len(action["title"]) + BUTTON_WIDTH
        if width + cost > ROW_WIDTH or len(rows[-1]) == MAX_ACTIONS:
            rows.append([])
            width = 0
        rows[-1].append(action)
        width += cost
    return [{"type": "ActionSet", "actions": row, "spacing": "Small" if n else "Default"}
            for n, row in enumerate(rows)]


def card_activity(body: list[dict], actions: list[dict], summary: str) -> Activity:
    """A card with its buttons under the body, in rows (see `button_rows`)."""
    card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body + button_rows(actions)}
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = plain(summary)  # shown in notifications and by clients without cards
    return activity


def choice_card(prompt: str, options: list[tuple[str, str]], intro: str | None = None) -> Activity:
    body = ([text_block(intro)] if intro else []) + [text_block(prompt, weight="Bolder")]
    return card_activity(body, [submit(label, {"choice": key}) for key, label in options], prompt)


def command_card(prompt: str, commands: list[tuple[str, str]], more: tuple[str, list[tuple[str, str]]] | None = None
                 ) -> Activity:
    """Buttons that send commands; `more` (title, commands) folds the less used ones under one button."""
    body = [text_block(prompt, weight="Bolder")]
    actions = [submit(label, {"command": command}) for command, label in commands]
    if more:
        title, folded = more
        actions.append(show_card(title, [submit(label, {"command": command}) for command, label in folded]))
    return card_activity(body, actions, prompt)


# Choices that move through the questions rather than answer one; they get their own row.
_NAVIGATION = ({"answer": "skip"}, {"answer": "back"})


def question_card(progress: str, topic: str, question: str, rungs: list[str], choices: list[tuple[dict, str]],
                  comment_label: str, current: str | None, toggles: list[dict] = ()) -> Activity:
    """A model question: its three levels, what its words mean (`toggles`), a comment field, the answers,
    then skip, back and pause."""
    body = [
        text_block(progress, isSubtle=True, size="Small"),
        text_block(topic, weight="Bolder", size="Medium"),
        text_block(question),
        *[text_block(Markdown(f"**{level}** {'★' * level} {rung}"), spacing="Small")
          for level, rung in enumerate(rungs, 1)],
        *button_rows(list(toggles)),
    ]
    if current:
        body.append(text_block(current, isSubtle=True))
    body.append({"type": "Input.Text", "id": "comment", "label": comment_label, "maxLength": 500,
                 "isMultiline": True})
    answers = [submit(label, data) for data, label in choices if data not in _NAVIGATION and "command" not in data]
    moves = [submit(label, data) for data, label in choices if data in _NAVIGATION or "command" in data]
    body += button_rows(answers) + button_rows(moves)
    return card_activity(body, [], f"{progress}: {question}")


def level_block(text: str, level: int | None, **style) -> dict:
    """A level in the colour people know from the report: red below level 1, up to green at 3."""
    return text_block(text, color=LEVEL_COLOURS.get(level, "Default"), weight="Bolder", **style)


def heat_line(groups: list[tuple[str, list[int | None]]], **style) -> dict:
    """Labelled groups of levels on one line, each level a digit in the report's colour ("1: 3 2 2 1 · 2: 2 …",
    – for none): a row of a heat map that wraps between its groups on a phone."""
    inlines: list[dict] = []
    for label, levels in groups:
        inlines.append({"type": "TextRun", "text": f"{' · ' if inlines else ''}{label}: "})
        inlines += [{"type": "TextRun", "text": f"{' ' if n else ''}{'–' if level is None else level}",
                     "color": LEVEL_COLOURS.get(level, "Default"), "weight": "Bolder"}
                    for n, level in enumerate(levels)]
    return {"type": "RichTextBlock", "inlines": inlines, **style}


def level_table(title: str, rows: list[tuple[str, str, int | None]], **style) -> dict:
    """A heading over lines of "name | level": two columns, so it reads on a phone without breaking words."""
    lines = [{"type": "ColumnSet", "spacing": "Small", "columns": [
        {"type": "Column", "width": 2, "items": [text_block(name, size="Small")]},
        {"type": "Column", "width": 3, "items": [level_block(text, level, size="Small")]},
    ]} for name, text, level in rows]
    return {"type": "Container", "items": [text_block(title, weight="Bolder"), *lines], **style}


def card_buttons(activity: Activity) -> list[tuple[str, dict]]:
    """The title and submit data of every button, those folded under another included, in order."""
    buttons: list[tuple[str, dict]] = []
    for attachment in activity.attachments or []:
        for action in card_actions(attachment.content or {}):
            buttons.append((action["title"], action.get("data") or {}))
    return buttons


def card_actions(card: dict) -> list[dict]:
    """Every Action.Submit of a card as sent, wherever it sits, in the order people see them."""
    found: list[dict] = []
    for action in [*_body_actions(card.get("body", [])), *card.get("actions", [])]:
        if action.get("type") == "Action.ShowCard":
            found += card_actions(action.get("card", {}))
        else:
            found.append(action)
    return found


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
        elif element.get("type") == "RichTextBlock":
            lines.append("".join(run.get("text", "") for run in element.get("inlines", [])))
        elif element.get("type") == "Container":
            _collect(element.get("items", []), lines)
        elif element.get("type") == "ColumnSet":
            cells = [" ".join(i.get("text", "") for i in col.get("items", [])) for col in element["columns"]]
            lines.append(" | ".join(cells))
        elif element.get("type") == "Input.Text":
            lines.append(f"({element.get('label', '')})")
        elif element.get("type") == "ActionSet":
            for action in element.get("actions", []):
                _collect_toggle(action, lines)


def _collect_toggle(action: dict, lines: list[str]) -> None:
    """What a toggle unfolds, after its title; one that unfolds only buttons shows them as buttons."""
    if action.get("type") != "Action.ShowCard":
        return
    unfolded: list[str] = []
    _collect(action.get("card", {}).get("body", []), unfolded)
    if unfolded:
        lines += [f"▸ {action['title']}", *unfolded]


def answered_card(title: str, answer: str, note: str | None = None) -> Activity:
    """What a question card becomes once answered: its title and the answer, without buttons."""
    body = [text_block(title, weight="Bolder"), text_block(answer, spacing="Small")]
    if note:
        body.append(text_block(note, isSubtle=True, spacing="Small"))
    return card_activity(body, [], f"{title}: {answer}")
