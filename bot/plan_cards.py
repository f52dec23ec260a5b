"""Cards for the action plan and for nudges. They take words already in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.schema import Activity

from bot.cards import card_activity, submit, text_block

Button = tuple[str, dict]  # title, submit data


@dataclass(frozen=True)
class PlanLine:
    text: str
    buttons: list[Button]  # shown under the line, for that item only


def plan_card(title: str, lines: list[PlanLine], next_steps: list[str], buttons: list[Button],
              hint: str) -> Activity:
    body = [text_block(title, weight="Bolder", size="Medium")]
    for line in lines:
        body.append(text_block(line.text, separator=True))
        if line.buttons:
            body.append({"type": "ActionSet", "actions": [submit(t, data) for t, data in line.buttons]})
    if next_steps:
        body += [text_block(next_steps[0], weight="Bolder", spacing="Large")]
        body += [text_block(step, spacing="Small") for step in next_steps[1:]]
    body.append(text_block(hint, isSubtle=True, size="Small"))
    return card_activity(body, [submit(t, data) for t, data in buttons], title)


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


def mention_text(name: str) -> str:
    return f"<at>{name}</at>"
