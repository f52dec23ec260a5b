"""Cards for the action plan and for nudges. They take words already in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.schema import Activity

from bot.cards import button_rows, card_activity, submit, text_block
from texts.markdown import Markdown

Button = tuple[str, dict]  # title, submit data


@dataclass(frozen=True)
class PlanLine:
    text: str
    buttons: list[Button]  # shown under the line, for that item only


def plan_card(title: str, lines: list[PlanLine], steps_title: str, steps: list[PlanLine], buttons: list[Button],
              hint: str) -> Activity:
    """The plan's items, then the assessment's next steps, each with the buttons that act on it."""
    body = [text_block(title, weight="Bolder", size="Medium")]
    body += _lines(lines)
    if steps:
        body.append(text_block(steps_title, weight="Bolder", spacing="Large", separator=True))
        body += _lines(steps)
    body.append(text_block(hint, isSubtle=True, size="Small", spacing="Large"))
    return card_activity(body, [submit(t, data) for t, data in buttons], title)


def _lines(lines: list[PlanLine]) -> list[dict]:
    body = []
    for line in lines:
        body.append(text_block(line.text, separator=True))
        body += button_rows([submit(t, data) for t, data in line.buttons])
    return body


def text_input_card(prompt: str, field: str, label: str, value: str, button: str) -> Activity:
    """A prompt with a pre-filled text field people can change in place before they click `button`."""
    body = [text_block(prompt), {"type": "Input.Text", "id": field, "label": label, "value": value,
                                 "maxLength": 300, "isMultiline": True}]
    return card_activity(body, [submit(button, {})], prompt)


def nudge_card(text: str, buttons: list[Button], footer: str, mention: tuple[str, str] | None = None) -> Activity:
    """A reminder; `mention` (user id, name) makes Teams notify that person, whose name `text` holds as <at>name</at>."""
    body = [text_block(text), text_block(footer, isSubtle=True, size="Small")]
    activity = card_activity(body, [submit(t, data) for t, data in buttons], text.replace("<at>", "").replace(
        "</at>", ""))
    if mention:
        user_id, name = mention
        activity.attachments[0].content["msteams"] = {"entities": [
            {"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": user_id, "name": name}}]}
    return activity


def mention_text(name: str) -> Markdown:
    """Kept as typed: Teams matches it against the mention's text and shows the person's name instead."""
    return Markdown(f"<at>{name}</at>")
