"""Workshops: in a team or group chat bound to an organisation, a group answers each question of a scope on one
shared card, then the facilitator reveals the spread and sets the level the group agreed on. That level becomes
the answer of whom the workshop is for, the organisation itself or one of its units (through services.assessments,
as any answer); every vote is kept beside it.

The workshop lives in the database, keyed by its conversation: any participant's click finds it, whichever
instance takes it. Only the facilitator or an administrator reveals, agrees, skips, goes back, pauses or ends.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from enum import Enum
from typing import Callable

from model.types import Answer, Model
from services.findings import Finding, Spread, finding, role_order, spread
from services.assessments import Assessments, scope_rows
from services.membership import Membership, Speaker
from storage import Database, Unit
from storage.workshops import ASKING, ENDED, OPEN, PAUSED, REVEALED, Outcome, Vote, Workshop

__all__ = ["ASKING", "ENDED", "OPEN", "PAUSED", "REVEALED", "Clicked", "Finding", "Outcome", "Spread", "Vote",
           "Workshop", "WorkshopOpen", "Workshops", "finding", "role_order", "spread"]

class WorkshopOpen(RuntimeError):
    """The conversation has a workshop open or paused already."""


class Clicked(Enum):
    """What became of a click on a workshop card."""

    DONE = "done"
    STALE = "stale"  # the card's question is no longer the open one
    REVEALED = "revealed"  # an answer after the spread was shown
    NOT_REVEALED = "not revealed"  # agreeing before the spread was shown
    NOT_LEADER = "not leader"  # only the facilitator or an administrator may
    PAUSED = "paused"
    ENDED = "ended"


class Workshops:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime], assessments: Assessments,
                 membership: Membership) -> None:
        self._database, self._model, self._clock = database, model, clock
        self._store = database.workshops
        self._assessments, self._membership = assessments, membership

    async def current(self, speaker: Speaker) -> Workshop | None:
        """The conversation's open or paused workshop."""
        return await self._store.current(speaker.tenant_id, speaker.conversation_id)

    async def open_of_organisation(self, organisation_id: str, unit_id: int | None = None) -> Workshop | None:
        """The latest workshop for the organisation itself (or for `unit_id`) that is open or paused, in
        whichever conversation."""
        found = [w for w in await self._store.of_organisation(organisation_id)
                 if w.status != ENDED and w.unit_id == unit_id]
        return found[-1] if found else None

    async def get(self, speaker: Speaker, workshop_id: int) -> Workshop | None:
        """The workshop a click names, held for this turn: clicks on one card take turns."""
        found = await self._store.get(speaker.tenant_id, workshop_id, lock=True)
        return found if found is not None and found.conversation_id == speaker.conversation_id else None

    async def start(self, speaker: Speaker, organisation_id: str, scope: str, show_names: bool,
                    unit_id: int | None = None) -> Workshop:
        """The speaker leads a workshop on `scope` in this conversation, for the organisation itself or (`unit_id`)
        one of its units. Raises WorkshopOpen if one is open."""
        if await self.current(speaker) is not None:
            raise WorkshopOpen(speaker.conversation_id)
        rows = [row.key for row in scope_rows(self._model, scope)]
        return await self._store.start(organisation_id, speaker.tenant_id, speaker.conversation_id, scope, show_names,
                                       speaker.user_id, speaker.user_name, speaker.lang, rows, _card_key(),
                                       self._clock(), unit_id)

    async def unit(self, workshop: Workshop) -> Unit | None:
        """The unit the workshop is for; None: the organisation itself (or the unit is gone)."""
        if workshop.unit_id is None:
            return None
        return await self._database.units.get(workshop.organisation_id, workshop.unit_id)

    async def may_lead(self, speaker: Speaker, workshop: Workshop) -> bool:
        return speaker.user_id == workshop.led_by or await self._membership.is_admin(speaker, workshop.organisation_id)

    async def shown_at(self, workshop: Workshop, card_key: str, activity_id: str | None) -> Workshop:
        """Remembers which message shows the open question's card (learned from a click on it), so the card can be
        updated in place whoever clicks next, or when the facilitator types."""
        if activity_id and card_key == workshop.card_key and workshop.activity_id != activity_id:
            return await self._store.save(replace(workshop, activity_id=activity_id))
        return workshop

    async def vote(self, speaker: Speaker, workshop: Workshop, card_key: str, value: Answer,
                   comment: str | None) -> Clicked:
        problem = _closed(workshop, card_key)
        if problem is not None:
            return problem
        if workshop.phase == REVEALED:
            return Clicked.REVEALED
        role = await self._membership.work_role(speaker, workshop.organisation_id)
        await self._store.vote(Vote(workshop.id, workshop.row_key, speaker.user_id, workshop.organisation_id,
                                    speaker.user_name, role, value, comment, self._clock()))
        return Clicked.DONE

    async def votes(self, workshop: Workshop, row_key: str | None = None) -> list[Vote]:
        return await self._store.votes(workshop.id, row_key)

    async def participants(self, workshop: Workshop) -> dict[str, str]:
        """Everyone who has taken part so far (user id -> name): the facilitator and all who answered."""
        found = {workshop.led_by: workshop.led_by_name}
        found.update({v.user_id: v.user_name for v in await self._store.votes(workshop.id)})
        return found

    async def reveal(self, speaker: Speaker, workshop: Workshop, card_key: str) -> tuple[Clicked, Workshop]:
        problem = await self._leading(speaker, workshop, card_key)
        if problem is not None:
            return problem, workshop
        return Clicked.DONE, await self._save(workshop, phase=REVEALED)

    async def agree(self, speaker: Speaker, workshop: Workshop, card_key: str, value: Answer,
                    comment: str | None) -> tuple[Clicked, Workshop]:
        """The group's level becomes the answer of whom the workshop is for; then the next question (or the end)."""
        problem = await self._leading(speaker, workshop, card_key)
        if problem is not None:
            return problem, workshop
        if workshop.phase != REVEALED:
            return Clicked.NOT_REVEALED, workshop
        now = self._clock()
        await self._store.decide(Outcome(workshop.id, workshop.row_key, workshop.organisation_id, value, comment,
                                         speaker.user_id, now))
        await self._assessments.record_answer(workshop.organisation_id, workshop.row_key, value, comment,
                                              speaker.user_id, speaker.user_name, unit_id=workshop.unit_id)
        return Clicked.DONE, await self._advance(speaker, workshop)

    async def skip(self, speaker: Speaker, workshop: Workshop, card_key: str) -> tuple[Clicked, Workshop]:
        problem = await self._leading(speaker, workshop, card_key)
        if problem is not None:
            return problem, workshop
        await self._store.decide(Outcome(workshop.id, workshop.row_key, workshop.organisation_id, None, None,
                                         speaker.user_id, self._clock()))
        return Clicked.DONE, await self._advance(speaker, workshop)

    async def back(self, speaker: Speaker, workshop: Workshop, card_key: str) -> tuple[Clicked, Workshop]:
        """The question before, asked again: earlier answers show in its count, and anyone may answer anew."""
        problem = await self._leading(speaker, workshop, card_key)
        if problem is not None or not workshop.trail:
            return problem or Clicked.STALE, workshop
        trail = list(workshop.trail)
        return Clicked.DONE, await self._save(workshop, position=trail.pop(), trail=trail, phase=ASKING,
                                              card_key=_card_key(), activity_id=None)

    async def pause(self, speaker: Speaker, workshop: Workshop, card_key: str | None = None) -> tuple[Clicked, Workshop]:
        problem = await self._leading(speaker, workshop, card_key or workshop.card_key)
        if problem is not None:
            return problem, workshop
        return Clicked.DONE, await self._save(workshop, status=PAUSED)

    async def resume(self, speaker: Speaker) -> Workshop | None:
        """`fortsätt workshop`: the paused (or open) workshop of this conversation, its question on a new card.
        Anyone may ask; the facilitator stays who it was."""
        workshop = await self.current(speaker)
        if workshop is None:
            return None
        return await self._save(workshop, status=OPEN, card_key=_card_key(), activity_id=None)

    async def end(self, speaker: Speaker, workshop: Workshop) -> tuple[Clicked, Workshop]:
        problem = await self._leading(speaker, workshop, workshop.card_key)
        if problem not in (None, Clicked.PAUSED):
            return problem, workshop
        return Clicked.DONE, await self._finish(speaker, workshop)

    async def take_over(self, speaker: Speaker) -> tuple[Clicked, Workshop | None]:
        """An administrator leads the conversation's workshop from now on (the facilitator has left, say)."""
        workshop = await self.current(speaker)
        if workshop is None:
            return Clicked.ENDED, None
        if not await self._membership.is_admin(speaker, workshop.organisation_id):
            return Clicked.NOT_LEADER, workshop
        return Clicked.DONE, await self._save(workshop, led_by=speaker.user_id, led_by_name=speaker.user_name,
                                              card_key=_card_key(), activity_id=None)

    async def finding(self, workshop: Workshop) -> Finding:
        outcomes = [o for o in await self._store.outcomes_of_organisation(workshop.organisation_id)
                    if o.workshop_id == workshop.id]
        return finding(self._model, await self._store.votes(workshop.id), outcomes)

    async def agreed_count(self, workshop: Workshop) -> int:
        return sum(1 for o in await self._store.outcomes_of_organisation(workshop.organisation_id)
                   if o.workshop_id == workshop.id and o.value is not None)

    async def _leading(self, speaker: Speaker, workshop: Workshop, card_key: str) -> Clicked | None:
        problem = _closed(workshop, card_key)
        if problem is not None:
            return problem
        return None if await self.may_lead(speaker, workshop) else Clicked.NOT_LEADER

    async def _advance(self, speaker: Speaker, workshop: Workshop) -> Workshop:
        position = workshop.position + 1
        trail = [*workshop.trail, workshop.position]
        if position >= len(workshop.rows):
            return await self._finish(speaker, replace(workshop, trail=trail))
        return await self._save(workshop, position=position, trail=trail, phase=ASKING, card_key=_card_key(),
                                activity_id=None)

    async def _finish(self, speaker: Speaker, workshop: Workshop) -> Workshop:
        """Ended; when the group agreed on anything, the standing of whom it was for is kept as after an
        assessment."""
        ended = await self._save(workshop, status=ENDED)
        if await self.agreed_count(ended):
            await self._assessments.record_round(speaker.tenant_id, workshop.organisation_id, workshop.scope,
                                                 speaker.user_id, workshop.unit_id)
        return ended

    async def _save(self, workshop: Workshop, **changes: object) -> Workshop:
        return await self._store.save(replace(workshop, **changes, updated_at=self._clock()))


def _closed(workshop: Workshop, card_key: str) -> Clicked | None:
    if workshop.status == ENDED:
        return Clicked.ENDED
    if workshop.status == PAUSED:
        return Clicked.PAUSED
    if card_key != workshop.card_key:
        return Clicked.STALE
    return None


def _card_key() -> str:
    return uuid.uuid4().hex[:12]
