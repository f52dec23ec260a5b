"""Clicks on cards: what a click names, whether that is still open, and the answered card that replaces it.

Every button that records something carries, in its submit data, the target it answers (`in`: the
assessment, check-in, preparedness review or choice it belongs to) and, for questions, its row. A click
is applied to what it names, never to whatever question happens to be open: a click whose target is
not the dialog waiting now writes nothing, and the user is told why.
"""
from __future__ import annotations

import uuid

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext
from botbuilder.schema import Activity, DeliveryModes

from bot.cards import card_buttons
from dialogs.stack import innermost

TARGET = "in"  # key in a button's data, and in the state of the dialog that answers to it


def click(context: TurnContext) -> dict | None:
    """The submitted data when the activity is a click on one of our cards, else None (typed text)."""
    value = context.activity.value
    return value if isinstance(value, dict) and value else None


def clicked_target(context: TurnContext) -> str | None:
    target = (click(context) or {}).get(TARGET)
    return target if isinstance(target, str) else None


def waiting_target(dc: DialogContext) -> str | None:
    """The target of the question or choice the innermost dialog waits for, if it waits for one."""
    instance = innermost(dc)
    return instance.state.get(TARGET) if instance is not None else None


def aimed(card: Activity, target: str, **names: str) -> Activity:
    """The card with `target` (and `names`, such as the item asked) in every button that answers it;
    commands such as "paus" go anywhere."""
    for _, data in card_buttons(card):
        if "command" not in data:
            data.update(names)
            data[TARGET] = target
    return card


def new_target(kind: str) -> str:
    return f"{kind}:{uuid.uuid4().hex[:12]}"


def can_update(context: TurnContext) -> bool:
    """Whether the clicked card can be replaced in place: Teams names it in replyToId; expectReplies and the
    terminal chat cannot change what they have shown."""
    activity = context.activity
    return bool(click(context) and activity.reply_to_id) and activity.delivery_mode != DeliveryModes.expect_replies


async def replace_clicked_card(context: TurnContext, card: Activity) -> None:
    """Shows `card` where the clicked card was, so its buttons cannot be pressed again."""
    if can_update(context):
        card.id = context.activity.reply_to_id
        await context.update_activity(card)
