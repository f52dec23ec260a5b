"""Organisations and the people in them: which organisation a conversation answers for, creating and joining one,
members and roles, settings, forgetting a person and deleting an organisation.

Everything is asked within the speaker's tenant. What only an administrator may change checks the role here,
whatever the dialog asked before: a role can be lost while a question is open.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import datetime, time
from typing import Callable

from model.types import Model
from services.speaker import Speaker
from storage import Database, DuplicateName, Invitation, Member, Organisation, ReminderSettings
from storage.erasure import Membership as Departure
from storage.invitations import LENGTH, normalise

__all__ = ["ADMIN", "WORK_ROLES", "WORK_ROLE_TEXTS", "Departure", "DuplicateName", "Invitation", "Member", "Membership", "NotAdmin", "Organisation",
           "ReminderSettings", "Speaker", "invitation_code", "pseudonym"]

logger = logging.getLogger(__name__)
ADMIN = "admin"
# What a member does, stated once: it shows in a workshop's spread and the report compares roles.
WORK_ROLES = ("politiker", "ledning", "verksamhet", "upphandling", "controller", "annan")
WORK_ROLE_TEXTS = {"politiker": "role_politiker", "ledning": "role_ledning", "verksamhet": "role_verksamhet",
                   "upphandling": "role_upphandling", "controller": "role_controller", "annan": "role_annan"}


class NotAdmin(PermissionError):
    """Only an administrator of the organisation may do this."""


def invitation_code(typed: str) -> str | None:
    """The code in what was typed ("k7qm 2xpd" is "K7QM2XPD"), if it has the length of one."""
    code = normalise(typed)
    return code if len(code) == LENGTH else None


class Membership:
    def __init__(self, database: Database, model: Model, clock: Callable[[], datetime]) -> None:
        self._database, self._model, self._clock = database, model, clock
        self._organisations = database.organisations

    async def organisation_for(self, speaker: Speaker, chosen_id: str | None) -> Organisation | None:
        """The organisation this conversation answers for: the one a team or group chat is bound to, where
        whoever speaks is admitted as a member; in a personal chat the one chosen, while the speaker is in it."""
        if speaker.personal:
            if chosen_id is None:
                return None
            # The choice may be stale: the person was removed, or the same id speaks from another tenant.
            return await self._organisations.get_for_member(speaker.tenant_id, chosen_id, speaker.user_id)
        found = await self._organisations.bound_organisation(speaker.tenant_id, speaker.conversation_id)
        if found is not None:
            await self._organisations.admit(found.id, speaker.user_id, speaker.user_name)
        return found

    async def organisation(self, speaker: Speaker, organisation_id: str) -> Organisation | None:
        """An organisation of the speaker's tenant, by id."""
        return await self._organisations.get(speaker.tenant_id, organisation_id)

    async def organisations_of(self, speaker: Speaker) -> list[Organisation]:
        """The speaker's own organisations, by name; others of the tenant are joined with a code."""
        return await self._organisations.memberships(speaker.tenant_id, speaker.user_id)

    async def choose(self, speaker: Speaker, organisation_id: str) -> Organisation | None:
        """The conversation answers for one of the speaker's organisations from now on; None if they are
        no longer in it."""
        organisation = await self._organisations.get_for_member(speaker.tenant_id, organisation_id, speaker.user_id)
        if organisation is not None:
            await self._bind(speaker, organisation)
        return organisation

    async def name_taken(self, speaker: Speaker, name: str) -> bool:
        return await self._organisations.find(speaker.tenant_id, name) is not None

    async def create(self, speaker: Speaker, name: str, kind: str) -> Organisation:
        """A new organisation with the speaker as its administrator, which the conversation answers for.
        Raises DuplicateName when the tenant has one of that name."""
        organisation = await self._organisations.create(
            speaker.tenant_id, name, kind, speaker.user_id, speaker.user_name, self._clock())
        await self._bind(speaker, organisation)
        return organisation

    async def may_try_code(self, speaker: Speaker) -> bool:
        """False while the speaker, or their tenant as a whole, has typed too many wrong codes."""
        return await self._database.invitations.may_try(speaker.tenant_id, speaker.user_id, self._clock())

    async def invited_to(self, speaker: Speaker, code: str) -> Organisation | None:
        """The organisation a live code of the speaker's tenant invites to; a wrong code is counted."""
        now = self._clock()
        organisation_id = await self._database.invitations.organisation_for(speaker.tenant_id, code, now)
        if organisation_id is None:
            tries = await self._database.invitations.record_wrong_code(speaker.tenant_id, speaker.user_id, now)
            logger.info("Wrong invitation code in tenant %s from user %s (%d in 10 minutes)", speaker.tenant_id,
                        pseudonym(speaker.user_id), tries)
            return None
        return await self._organisations.get(speaker.tenant_id, organisation_id)

    async def join(self, speaker: Speaker, organisation: Organisation, current: Organisation | None) -> bool:
        """Makes the speaker a member. Returns whether the conversation now answers for the organisation: a team
        chat bound to another (`current`) stays bound to it."""
        await self._organisations.add_member(organisation.id, speaker.user_id, speaker.user_name)
        if speaker.personal or current is None:
            await self._bind(speaker, organisation)
            return True
        return False

    async def members(self, organisation_id: str) -> list[Member]:
        """By name."""
        return await self._organisations.members(organisation_id)

    async def is_admin(self, speaker: Speaker, organisation_id: str) -> bool:
        member = await self._organisations.member(organisation_id, speaker.user_id)
        return member is not None and member.role == ADMIN

    async def require_admin(self, speaker: Speaker, organisation_id: str) -> None:
        """Raises NotAdmin unless the speaker is an administrator of the organisation."""
        if not await self.is_admin(speaker, organisation_id):
            raise NotAdmin(f"{organisation_id}: only an administrator may do this")

    async def work_role(self, speaker: Speaker, organisation_id: str) -> str | None:
        """The speaker's role in the organisation (WORK_ROLES); None while they have not said."""
        member = await self._organisations.member(organisation_id, speaker.user_id)
        return member.work_role if member is not None else None

    async def set_work_role(self, speaker: Speaker, organisation_id: str, work_role: str) -> None:
        """The speaker's own role; changed whenever they say another."""
        if work_role not in WORK_ROLES:
            raise ValueError(f"a role is one of {WORK_ROLES}, not {work_role!r}")
        await self._organisations.add_member(organisation_id, speaker.user_id, speaker.user_name)
        await self._organisations.set_work_role(organisation_id, speaker.user_id, work_role)

    async def invite(self, speaker: Speaker, organisation_id: str) -> Invitation:
        """A code a colleague in the same tenant types to become a member."""
        await self.require_admin(speaker, organisation_id)
        return await self._database.invitations.create(speaker.tenant_id, organisation_id, speaker.user_id,
                                                       self._clock())

    async def add(self, speaker: Speaker, organisation_id: str, people: list[tuple[str, str]]) -> None:
        """Makes `people` (user id, name) members."""
        await self.require_admin(speaker, organisation_id)
        for user_id, name in people:
            await self._organisations.add_member(organisation_id, user_id, name)

    async def remove(self, speaker: Speaker, organisation_id: str, user_id: str) -> bool:
        """False if the person is not a member, or is the last administrator: an organisation always keeps one."""
        await self.require_admin(speaker, organisation_id)
        return await self._organisations.remove_member(organisation_id, user_id)

    async def reminder_settings(self, organisation_id: str) -> ReminderSettings:
        return (await self._database.organisation_reminders.settings({organisation_id}))[organisation_id]

    async def set_office_hours(self, speaker: Speaker, organisation_id: str, start: time, end: time) -> None:
        """When reminders may arrive on working days."""
        await self._change_reminders(speaker, organisation_id, office_start=start, office_end=end)

    async def set_reassess_months(self, speaker: Speaker, organisation_id: str, months: int) -> None:
        """How long after a completed assessment the bot suggests doing it again."""
        await self._change_reminders(speaker, organisation_id, reassess_months=months)

    async def departures(self, speaker: Speaker) -> list[Departure]:
        """What forgetting the speaker would mean for each of their organisations."""
        return await self._database.erasure.memberships(speaker.tenant_id, speaker.user_id)

    async def forget(self, speaker: Speaker) -> None:
        """Removes the speaker's name and ids from everything stored; their answers stay as a former member's."""
        await self._database.erasure.forget_person(speaker.tenant_id, speaker.user_id)
        logger.info("Forgot a person in tenant %s at their request", speaker.tenant_id)

    async def delete_organisation(self, speaker: Speaker, organisation_id: str) -> None:
        """The organisation and everything stored about it."""
        await self.require_admin(speaker, organisation_id)
        await self._database.erasure.delete_organisation(speaker.tenant_id, organisation_id)
        logger.info("Deleted organisation %s at an administrator's request", organisation_id)

    async def _change_reminders(self, speaker: Speaker, organisation_id: str, **changes: object) -> None:
        await self.require_admin(speaker, organisation_id)
        current = await self.reminder_settings(organisation_id)
        await self._database.organisation_reminders.set(organisation_id, replace(current, **changes))

    async def _bind(self, speaker: Speaker, organisation: Organisation) -> None:
        # A team or group chat answers for one organisation, for everyone in it.
        if not speaker.personal:
            await self._organisations.bind_conversation(
                speaker.tenant_id, speaker.conversation_id, organisation.id, self._clock())


def pseudonym(user_id: str) -> str:
    """For logs: enough to follow one person's tries; logs outlive erasure requests, so no raw id."""
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:12]
