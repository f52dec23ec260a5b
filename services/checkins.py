"""Quick checks before a procurement and the preparedness review: their answers, checklists and follow-up wishes."""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from model.types import Model
from storage import Checkin, Database

# Handed out to dialogs, which never import storage.
__all__ = ["BEFORE_ANNOUNCEMENT", "CONTRACT_FOLLOW_UP", "Checkin", "Checkins"]

# The reminders a quick check can end with (services/reminders.py sends them).
BEFORE_ANNOUNCEMENT, CONTRACT_FOLLOW_UP = "before_announcement", "contract_follow_up"


class Checkins:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock

    async def create(self, organisation_id: str, name: str, user_id: str, user_name: str) -> Checkin:
        """A quick check of the procurement named `name`; what it is and its answers follow one by one."""
        return await self._database.checkins.create(organisation_id, name, user_id, user_name, self._clock())

    async def describe(self, checkin_id: int, *, category: str | None = None, value_sek: int | None = None,
                       announce_on: date | None = None, critical: bool | None = None) -> None:
        """Saves what is known about the procurement; what is None stays as it was."""
        given = {"category": category, "value_sek": value_sek, "announce_on": announce_on, "critical": critical}
        await self._database.checkins.update(checkin_id, **{key: v for key, v in given.items() if v is not None})

    async def answer(self, checkin_id: int, item_key: str, answer: str, user_id: str) -> None:
        """Saves one check's answer; answering it again replaces it."""
        await self._database.checkins.answer(checkin_id, item_key, answer, user_id, self._clock())

    async def get(self, organisation_id: str, checkin_id: int) -> Checkin | None:
        return await self._database.checkins.get(organisation_id, checkin_id)

    async def list(self, organisation_id: str) -> list[Checkin]:
        """The latest ten, newest first."""
        return await self._database.checkins.list(organisation_id)

    async def answer_preparedness(self, organisation_id: str, topic_key: str, answer: str, user_id: str) -> None:
        """Saves the organisation's answer to a preparedness topic; the latest counts."""
        await self._database.preparedness.answer(organisation_id, topic_key, answer, user_id, self._clock())

    async def preparedness(self, organisation_id: str) -> dict[str, str]:
        """topic key -> "yes" or "no"."""
        return await self._database.preparedness.current(organisation_id)

    async def wish_follow_up(self, organisation_id: str, checkin_id: int, kind: str, due_at: datetime,
                             conversation_reference: dict, user_id: str) -> None:
        """Keeps a reminder the user asked for (BEFORE_ANNOUNCEMENT or CONTRACT_FOLLOW_UP), to reach this
        conversation at `due_at`; the reminder sweep sends it."""
        if kind not in (BEFORE_ANNOUNCEMENT, CONTRACT_FOLLOW_UP):
            raise ValueError(f"no such follow-up: {kind!r}")
        await self._database.follow_up_wishes.add(organisation_id, checkin_id, kind, due_at, conversation_reference,
                                                  user_id, self._clock())
