"""Who speaks, where and in which language: what the services need to know of a person in a conversation."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Speaker:
    tenant_id: str
    user_id: str
    user_name: str
    conversation_id: str
    personal: bool = True  # a personal chat with the bot; otherwise a team channel or group chat
    lang: str = "sv"  # what reminders to them, or to this conversation, are written in
