"""Cards for the quick check before a procurement: one question, and the resulting checklist."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import button_rows, card_activity, submit, text_block


def check_question_card(progress: str, title: str, question: str, choices: list[tuple[str, str]],
                        current: str | None = None, toggles: list[dict] = ()) -> Activity:
    """`choices`: (answer key, button label); a click sends {"answer": key}. `toggles` unfold what the
    question's words mean, above the answers."""
    body = [
        text_block(progress, isSubtle=True, size="Small"),
        text_block(title, weight="Bolder"),
        text_block(question),
        *button_rows(list(toggles)),
    ]
    if current:
        body.append(text_block(current, isSubtle=True))
    return card_activity(body, [submit(label, {"answer": key}) for key, label in choices], f"{progress}: {question}")


def checklist_card(title: str, facts: list[str], sections: list[tuple[str, list[str]]]) -> Activity:
    """A heading, a few facts, then sections such as done / to do / not relevant; empty sections are left out."""
    body = [text_block(title, weight="Bolder", size="Medium")]
    body += [text_block(fact, isSubtle=True, spacing="None") for fact in facts]
    for heading, lines in sections:
        if lines:
            body.append(text_block(heading, weight="Bolder", spacing="Medium"))
            # One list per section: a TextBlock per "- line" would be a list of its own, spaced apart.
            body.append(text_block("\n".join(f"- {line}" for line in lines), spacing="Small"))
    return card_activity(body, [], title)
