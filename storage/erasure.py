"""Personal data has an end: forgetting a person, and deleting a whole organisation.

Forgetting removes a person's ids and name from everything stored within their tenant. What they
answered stays with the organisation, as said by a former member; what existed only for them (their
memberships, reminders to them, their conversation state and references, their wrong invitation
codes) goes. `PERSONAL_DATA` names every column that says who someone is, table by table;
tests/test_erasure.py fails when a table gains one that is not named here.

The activity ledger keeps the answers to re-sent messages for an hour and is purged after that; the
logs hold tenant and organisation ids, never names or message texts (see the README).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.checkins import checkin_answers, checkins, follow_up_wishes, preparedness_answers
from storage.invitations import invitations, wrong_codes
from storage.schema import collaboration_events, collaboration_invitations
from storage.nudges import nudges
from storage.plans import action_items
from storage.reminders import USER, conversation_references, reminder_preferences
from storage.schema import (answers, assessments, documents, members, organisations, workshop_outcomes,
                            workshop_votes, workshops)
from storage.snapshots import comparison_opt_ins

# Who a forgotten person's answers, checks and plans are shown as; the report and exports show the
# English words on English pages.
FORMER_MEMBER_ID = "former-member"
FORMER_MEMBER_NAME = "tidigare medlem"

PERSONAL_DATA: dict[str, tuple[str, ...]] = {
    "members": ("user_id", "user_name"),  # deleted
    "answers": ("user_id", "user_name"),  # anonymised
    "assessments": ("started_by",),  # anonymised
    "checkins": ("user_id", "user_name"),  # anonymised
    "checkin_answers": ("user_id",),  # anonymised
    "preparedness_answers": ("user_id",),  # anonymised
    "follow_up_wishes": ("user_id", "conversation_reference"),  # theirs deleted
    "action_items": ("owner_id", "owner_name", "created_by", "conversation_id"),  # anonymised
    "nudges": ("user_id", "conversation_id"),  # to them, or to their personal chat: deleted
    "conversation_references": ("personal_user_id", "conversation_id", "reference"),  # their personal chats deleted
    "reminder_preferences": ("scope_id", "updated_by"),  # theirs deleted, changes anonymised
    "comparison_opt_ins": ("changed_by",),  # anonymised
    "invitations": ("created_by",),  # anonymised
    "wrong_codes": ("user_id",),  # deleted
    "collaboration_invitations": ("created_by",),  # anonymised
    "collaboration_events": ("user_id", "user_name"),  # anonymised: the log keeps what happened, not who
    "documents": ("key", "document"),  # their conversation state and profile: deleted
    "workshops": ("led_by", "led_by_name"),  # anonymised
    "workshop_votes": ("user_id", "user_name"),  # anonymised, each forgotten person's apart
    "workshop_outcomes": ("decided_by",),  # anonymised
}


@dataclass(frozen=True)
class Membership:
    """What forgetting someone means for one of their organisations."""

    organisation: str  # its name
    successor: str | None = None  # who becomes administrator, when the person is the only one
    alone: bool = False  # the person is its only member: it stays, with nobody in it


class Erasure:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def memberships(self, tenant_id: str, user_id: str) -> list[Membership]:
        async with self._engine.connect() as connection:
            return [membership for membership, _, _ in await _memberships(connection, tenant_id, user_id)]

    async def forget_person(self, tenant_id: str, user_id: str) -> None:
        """In one transaction: either all of it is forgotten or nothing is."""
        async with self._engine.begin() as connection:
            for _, organisation_id, successor_id in await _memberships(connection, tenant_id, user_id):
                if successor_id is not None:
                    await connection.execute(members.update().where(
                        members.c.organisation_id == organisation_id, members.c.user_id == successor_id,
                    ).values(role="admin"))
            personal_chats = [row.conversation_id for row in await connection.execute(
                sa.select(conversation_references.c.conversation_id).where(
                    conversation_references.c.tenant_id == tenant_id,
                    conversation_references.c.personal_user_id == user_id))]
            for statement in _forgetting(tenant_id, user_id, personal_chats):
                await connection.execute(statement)

    async def delete_organisation(self, tenant_id: str, organisation_id: str) -> bool:
        """Everything stored for the organisation goes with it: every table refers to it ON DELETE CASCADE,
        and conversation state that names it (a dialog for it, a profile that chose it) is dropped."""
        async with self._engine.begin() as connection:
            result = await connection.execute(organisations.delete().where(
                organisations.c.tenant_id == tenant_id, organisations.c.id == organisation_id))
            if result.rowcount == 1:
                # Other collaborations' logs keep that the organisation was there, not who acted for it.
                await connection.execute(collaboration_events.update().where(
                    collaboration_events.c.actor_organisation_id == organisation_id).values(
                    user_id=FORMER_MEMBER_ID, user_name=FORMER_MEMBER_NAME))
                # Ids are 32 random hex digits: no other document holds this one. Rare enough to scan for.
                await connection.execute(documents.delete().where(
                    documents.c.document.contains(organisation_id, autoescape=True)))
        return result.rowcount == 1


async def _memberships(connection, tenant_id: str, user_id: str) -> list[tuple[Membership, str, str | None]]:
    """Each organisation of the tenant the person belongs to, with its id and the successor's user id."""
    theirs = sa.select(organisations.c.id, organisations.c.name, members.c.role).join(
        members, members.c.organisation_id == organisations.c.id,
    ).where(organisations.c.tenant_id == tenant_id, members.c.user_id == user_id).order_by(organisations.c.name_key)
    found = []
    for organisation_id, name, role in list(await connection.execute(theirs)):
        others = list(await connection.execute(sa.select(members.c.user_id, members.c.user_name, members.c.role).where(
            members.c.organisation_id == organisation_id, members.c.user_id != user_id,
        ).order_by(members.c.user_name, members.c.user_id)))
        if not others:
            found.append((Membership(name, alone=True), organisation_id, None))
        elif role == "admin" and all(other.role != "admin" for other in others):
            # The organisation always keeps an administrator: the first of the others, by name.
            found.append((Membership(name, successor=others[0].user_name), organisation_id, others[0].user_id))
        else:
            found.append((Membership(name), organisation_id, None))
    return found


def _forgetting(tenant_id: str, user_id: str, personal_chats: list[str]) -> list[sa.Executable]:
    in_tenant = sa.select(organisations.c.id).where(organisations.c.tenant_id == tenant_id).scalar_subquery()
    checkins_in_tenant = sa.select(checkins.c.id).where(checkins.c.organisation_id.in_(in_tenant)).scalar_subquery()
    anonymous = {"user_id": FORMER_MEMBER_ID, "user_name": FORMER_MEMBER_NAME}
    return [
        members.delete().where(members.c.organisation_id.in_(in_tenant), members.c.user_id == user_id),
        answers.update().where(answers.c.organisation_id.in_(in_tenant), answers.c.user_id == user_id)
        .values(anonymous),
        assessments.update().where(assessments.c.organisation_id.in_(in_tenant), assessments.c.started_by == user_id)
        .values(started_by=FORMER_MEMBER_ID),
        checkins.update().where(checkins.c.organisation_id.in_(in_tenant), checkins.c.user_id == user_id)
        .values(anonymous),
        checkin_answers.update().where(checkin_answers.c.checkin_id.in_(checkins_in_tenant),
                                       checkin_answers.c.user_id == user_id).values(user_id=FORMER_MEMBER_ID),
        preparedness_answers.update().where(preparedness_answers.c.organisation_id.in_(in_tenant),
                                            preparedness_answers.c.user_id == user_id).values(user_id=FORMER_MEMBER_ID),
        follow_up_wishes.delete().where(follow_up_wishes.c.organisation_id.in_(in_tenant),
                                        follow_up_wishes.c.user_id == user_id),
        action_items.update().where(action_items.c.tenant_id == tenant_id, action_items.c.owner_id == user_id)
        .values(owner_id=None, owner_name=FORMER_MEMBER_NAME),
        action_items.update().where(action_items.c.tenant_id == tenant_id, action_items.c.created_by == user_id)
        .values(created_by=FORMER_MEMBER_ID),
        # Reminders about an item planned in their personal chat have nowhere to go any more.
        action_items.update().where(action_items.c.tenant_id == tenant_id,
                                    action_items.c.conversation_id.in_(personal_chats)).values(conversation_id=""),
        nudges.delete().where(nudges.c.tenant_id == tenant_id, sa.or_(
            nudges.c.user_id == user_id, nudges.c.conversation_id.in_(personal_chats))),
        conversation_references.delete().where(conversation_references.c.tenant_id == tenant_id,
                                               conversation_references.c.conversation_id.in_(personal_chats)),
        reminder_preferences.delete().where(reminder_preferences.c.tenant_id == tenant_id, sa.or_(
            sa.and_(reminder_preferences.c.scope == USER, reminder_preferences.c.scope_id == user_id),
            reminder_preferences.c.scope_id.in_(personal_chats))),
        reminder_preferences.update().where(reminder_preferences.c.tenant_id == tenant_id,
                                            reminder_preferences.c.updated_by == user_id)
        .values(updated_by=FORMER_MEMBER_ID),
        comparison_opt_ins.update().where(comparison_opt_ins.c.organisation_id.in_(in_tenant),
                                          comparison_opt_ins.c.changed_by == user_id).values(changed_by=FORMER_MEMBER_ID),
        invitations.update().where(invitations.c.tenant_id == tenant_id, invitations.c.created_by == user_id)
        .values(created_by=FORMER_MEMBER_ID),
        wrong_codes.delete().where(wrong_codes.c.tenant_id == tenant_id, wrong_codes.c.user_id == user_id),
        collaboration_invitations.update().where(collaboration_invitations.c.tenant_id == tenant_id,
                                                 collaboration_invitations.c.created_by == user_id)
        .values(created_by=FORMER_MEMBER_ID),
        collaboration_events.update().where(collaboration_events.c.tenant_id == tenant_id,
                                            collaboration_events.c.user_id == user_id).values(anonymous),
        workshops.update().where(workshops.c.tenant_id == tenant_id, workshops.c.led_by == user_id)
        .values(led_by=FORMER_MEMBER_ID, led_by_name=FORMER_MEMBER_NAME),
        # A vote is one per person and question: two forgotten people must stay two voters, so each gets an id
        # of their own that says nothing about who they were.
        workshop_votes.update().where(workshop_votes.c.organisation_id.in_(in_tenant), workshop_votes.c.user_id == user_id)
        .values(user_id=f"{FORMER_MEMBER_ID}-{uuid.uuid4().hex[:8]}", user_name=FORMER_MEMBER_NAME),
        workshop_outcomes.update().where(workshop_outcomes.c.organisation_id.in_(in_tenant),
                                         workshop_outcomes.c.decided_by == user_id).values(decided_by=FORMER_MEMBER_ID),
        # Profile and dialog state: "<channel>/users/<id>" and "<channel>/conversations/<conversation>/users/<id>".
        documents.delete().where(documents.c.key.endswith(f"/users/{user_id}", autoescape=True)),
    ]
