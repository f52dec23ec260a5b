"""Keeps each conversation's reference in the database so nudges can reach it later, also after a restart.

Written when it changes, not on every turn: a small memory of what was last stored saves the write. It is
written again after a while all the same, because a turn proves the bot is back in a conversation that
another instance may have marked as removed.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Callable

from botbuilder.core import TurnContext

from storage import ConversationReferences

REMEMBERED = 10_000  # conversations whose stored reference this process knows; older ones are written again
REFRESH = timedelta(hours=1)


class ReferenceKeeper:
    def __init__(self, references: ConversationReferences, clock: Callable[[], datetime]) -> None:
        self._references = references
        self._clock = clock
        self._stored: OrderedDict[tuple[str, str], tuple[str, datetime]] = OrderedDict()

    async def remember(self, context: TurnContext, tenant_id: str, personal_user_id: str | None, lang: str) -> None:
        activity = context.activity
        key = (tenant_id, activity.conversation.id)
        # What a stored reference depends on, read straight off the activity: building and serialising the
        # reference on every turn only to find it unchanged cost a twentieth of an answer turn.
        fingerprint = (activity.service_url, activity.channel_id, activity.recipient.id, activity.recipient.name,
                       activity.conversation.conversation_type, activity.conversation.name, personal_user_id, lang,
                       activity.from_property.name if personal_user_id else None)
        now = self._clock()
        stored, stored_at = self._stored.get(key, (None, now))
        if stored == fingerprint and now - stored_at < REFRESH:
            return
        reference = TurnContext.get_conversation_reference(activity)
        # Nudges start a new message in the conversation rather than answering an old one. In a team or group
        # chat they go to everyone, so who spoke last is left out (and does not cause a write per speaker).
        reference.activity_id = None
        if personal_user_id is None:
            reference.user = None
        await self._references.remember(tenant_id, key[1], reference.serialize(), personal_user_id, lang, now)
        self._stored[key] = (fingerprint, now)
        self._stored.move_to_end(key)
        if len(self._stored) > REMEMBERED:
            self._stored.popitem(last=False)
