"""@mentions in Teams messages, read defensively: entities come from outside and may be any shape.

Not botbuilder's TurnContext.remove_recipient_mention: it fails on an entity without a type or a
mention without "mentioned", and uses the mentioned name as a regular expression.
"""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.schema import Activity


@dataclass(frozen=True)
class Mention:
    user_id: str
    name: str
    text: str  # as it stands in the message, e.g. "<at>Bo Ek</at>"


def mentions(activity: Activity) -> list[Mention]:
    found = []
    for entity in activity.entities or []:
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned")
        if str(getattr(entity, "type", "")).lower() != "mention" or not isinstance(mentioned, dict):
            continue
        user_id, name, text = mentioned.get("id"), mentioned.get("name"), extra.get("text")
        if isinstance(user_id, str) and user_id:
            found.append(Mention(user_id, name if isinstance(name, str) and name else user_id,
                                 text if isinstance(text, str) else ""))
    return found


def people_mentioned(activity: Activity) -> list[Mention]:
    """Everyone @mentioned except the bot itself, once each."""
    bot_id = activity.recipient.id if activity.recipient else None
    unique = {mention.user_id: mention for mention in mentions(activity) if mention.user_id != bot_id}
    return list(unique.values())


def text_without_bot_mention(activity: Activity) -> str:
    """The text with "@Bot" taken out, as Teams puts it before every message in a channel."""
    text = activity.text if isinstance(activity.text, str) else ""
    bot_id = activity.recipient.id if activity.recipient else None
    for mention in mentions(activity):
        if mention.user_id == bot_id and mention.text:
            text = text.replace(mention.text, "")
    return text.strip()
