"""Workshop cards: one card per question in a team or group chat, answered by everyone on it and updated in
place as answers come in, when the spread is shown and when the group has agreed.

Two rows of buttons at most per kind: the answers everyone gives (five) and, below them, what only the
facilitator does (reveal, skip, back, pause, end). Each row is its own action set of at most six."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import button_rows, card_activity, submit, text_block
from texts.markdown import Markdown


def workshop_card(progress: str, topic: str, question: str, rungs: list[str], status: list[str],
                  answers: list[tuple[str, dict]], lead_title: str | None, lead: list[tuple[str, dict]],
                  comment_label: str | None, flag: str | None = None) -> Activity:
    """A question of a workshop: the model's levels, how far the group has come (`status`: counts and names, or
    the spread), a comment field, the answers and the facilitator's buttons. `flag` marks a wide spread."""
    body = [
        text_block(progress, isSubtle=True, size="Small"),
        text_block(topic, weight="Bolder", size="Medium"),
        text_block(question),
        *[text_block(Markdown(f"**{level}** {'★' * level} {rung}"), spacing="Small")
          for level, rung in enumerate(rungs, 1)],
    ]
    body += [text_block(line, spacing="Small", separator=n == 0) for n, line in enumerate(status)]
    if flag:
        body.append(text_block(flag, color="Attention", weight="Bolder"))
    if comment_label and answers:
        body.append({"type": "Input.Text", "id": "comment", "label": comment_label, "maxLength": 500,
                     "isMultiline": True})
    body += button_rows([submit(label, data) for label, data in answers])
    if lead:
        if lead_title:
            body.append(text_block(lead_title, isSubtle=True, size="Small"))
        body += button_rows([submit(label, data) for label, data in lead])
    return card_activity(body, [], f"{progress}: {question}")


def workshop_closed_card(topic: str, lines: list[str]) -> Activity:
    """A question the group is done with: what it agreed on (or that it was skipped), without buttons."""
    body = [text_block(topic, weight="Bolder")] + [text_block(line, spacing="Small") for line in lines]
    return card_activity(body, [], f"{topic}: {lines[0] if lines else ''}")


def finding_card(title: str, sections: list[tuple[str, list[str]]]) -> Activity:
    """What a workshop found, section by section (a heading and its lines)."""
    body = [text_block(title, weight="Bolder", size="Medium")]
    for heading, lines in sections:
        body.append(text_block(heading, weight="Bolder", separator=True, spacing="Medium"))
        body += [text_block(line, spacing="Small") for line in lines]
    return card_activity(body, [], title)
