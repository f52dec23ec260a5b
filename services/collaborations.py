"""Collaborations (samverkan): a joint procurement board and its member organisations, in any tenants.

Every change (create, invite, join, leave, remove) needs an administrator of the organisation acting, and
is logged with who and when. What members see of each other is a `Board` (services/shared.py), whose types
have no field for a person, a comment, a plan text or a single answer, except the `SharedDetails` of a member
whose administrator turned sharing details on (`share_details`, logged too): nothing else can leak, whatever
a page or card shows.

Membership is checked on every read, so leaving or being removed takes effect on the next request.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from model.types import Model
from services.membership import Membership, NotAdmin, pseudonym
from services.shared import PLAN_STATUSES, Board, SharedLevel, SharedMember, gather_board
from services.speaker import Speaker
from storage import Database, Invitation, Organisation
from storage.collaborations import (JOINED, LEFT, REMOVED, Actor, Collaboration, CollaborationEvent,
                                    CollaborationMember)

__all__ = ["PLAN_STATUSES", "AdministratorStays", "Board", "Collaboration", "CollaborationEvent", "Collaborations",
           "JOINED", "LEFT", "NotAdmin", "REMOVED", "SharedLevel", "SharedMember", "board_for_link", "gather_board"]

logger = logging.getLogger(__name__)


class AdministratorStays(ValueError):
    """The administrator organisation cannot leave while others are members."""


class Collaborations:
    def __init__(self, database: Database, model: Model, membership: Membership, clock: Callable[[], datetime],
                 sign: Callable[..., str]) -> None:
        self._database, self._model, self._membership, self._clock = database, model, membership, clock
        self._store, self._sign = database.collaborations, sign

    async def of(self, organisation: Organisation) -> list[Collaboration]:
        """The collaborations the organisation is a member of now, by name."""
        return await self._store.of_organisation(organisation.id)

    async def create(self, speaker: Speaker, organisation: Organisation, name: str) -> Collaboration:
        await self._membership.require_admin(speaker, organisation.id)
        created = await self._store.create(name, organisation, _actor(speaker, organisation), self._clock())
        logger.info("Collaboration %s created by organisation %s", created.id, organisation.id)
        return created

    async def invite(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration) -> Invitation:
        """A code an administrator of another organisation, in any tenant, types to join."""
        await self._require_board_admin(speaker, organisation, collaboration)
        return await self._store.invite(collaboration.id, _actor(speaker, organisation), self._clock())

    async def may_try_code(self, speaker: Speaker) -> bool:
        return await self._membership.may_try_code(speaker)

    async def invited_to(self, speaker: Speaker, code: str) -> Collaboration | None:
        """The collaboration a live code invites to; a wrong code is counted, as for member invitations."""
        now = self._clock()
        found = await self._store.invited_to(code, now)
        if found is None:
            tries = await self._database.invitations.record_wrong_code(speaker.tenant_id, speaker.user_id, now)
            logger.info("Wrong collaboration code in tenant %s from user %s (%d in 10 minutes)", speaker.tenant_id,
                        pseudonym(speaker.user_id), tries)
        return found

    async def join(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration) -> bool:
        """False if the organisation is a member already. The dialog has shown what is shared and had it confirmed."""
        await self._membership.require_admin(speaker, organisation.id)
        if await self._store.is_member(collaboration.id, organisation.id):
            return False
        await self._store.add_member(collaboration.id, organisation, _actor(speaker, organisation), self._clock())
        logger.info("Organisation %s joined collaboration %s", organisation.id, collaboration.id)
        return True

    async def leave(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration) -> None:
        """Sharing ends now. The administrator organisation leaves last, which ends the collaboration."""
        await self._membership.require_admin(speaker, organisation.id)
        if collaboration.admin_organisation_id == organisation.id:
            if len(await self._store.members(collaboration.id)) > 1:
                raise AdministratorStays(collaboration.id)
            await self._store.delete(collaboration.id)
        else:
            await self._store.remove_member(collaboration.id, organisation, LEFT, _actor(speaker, organisation),
                                            self._clock())
        logger.info("Organisation %s left collaboration %s", organisation.id, collaboration.id)

    async def share_details(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration,
                            on: bool) -> bool:
        """Turns sharing the organisation's details on or off from the next request; False if it was so already.
        The dialog has shown what turning it on shares and had it confirmed."""
        await self._membership.require_admin(speaker, organisation.id)
        changed = await self._store.share_details(collaboration.id, organisation, on, _actor(speaker, organisation),
                                                  self._clock())
        if changed:
            logger.info("Organisation %s turned sharing details %s in collaboration %s", organisation.id,
                        "on" if on else "off", collaboration.id)
        return changed

    async def remove(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration,
                     member_id: str) -> Organisation | None:
        """The board's administrator removes another member; None if it is no member (or is the administrator)."""
        await self._require_board_admin(speaker, organisation, collaboration)
        found = next((m.organisation for m in await self._store.members(collaboration.id)
                      if m.organisation.id == member_id and member_id != organisation.id), None)
        if found is None or not await self._store.remove_member(
                collaboration.id, found, REMOVED, _actor(speaker, organisation), self._clock()):
            return None
        return found

    async def members_before_joining(self, collaboration: Collaboration) -> list[CollaborationMember]:
        """Who is in it, for the card that asks an invited organisation to confirm (it has the code)."""
        return await self._store.members(collaboration.id)

    async def administrator_name(self, collaboration: Collaboration) -> str:
        found = await self._store.members(collaboration.id)
        return next((m.organisation.name for m in found if m.organisation.id == collaboration.admin_organisation_id),
                    "")

    async def members(self, organisation: Organisation, collaboration_id: str) -> list[CollaborationMember] | None:
        """The member organisations, by name; None unless `organisation` is one of them now."""
        if not await self._store.is_member(collaboration_id, organisation.id):
            return None
        return await self._store.members(collaboration_id)

    async def events(self, organisation: Organisation, collaboration_id: str) -> list[CollaborationEvent]:
        """Who created, joined, left and removed, and when; empty unless `organisation` is a member now."""
        if not await self._store.is_member(collaboration_id, organisation.id):
            return []
        return await self._store.events(collaboration_id)

    async def board(self, organisation: Organisation, collaboration_id: str) -> Board | None:
        """What the members share; None unless `organisation` is a member now."""
        collaboration = await self._store.get(collaboration_id)
        if collaboration is None or not await self._store.is_member(collaboration_id, organisation.id):
            return None
        return await gather_board(self._database, self._model, collaboration, self._clock())

    async def link(self, speaker: Speaker, organisation: Organisation, collaboration: Collaboration,
                   lang: str) -> str:
        """A link to the board's report; it works while the organisation stays a member and the maker stays in
        it, for as long as a report link (services.reports.LINK_LIFETIME)."""
        generation = await self._database.report_links.generation(organisation.id)
        return self._sign(collaboration.id, organisation, lang, self._clock(), made_by=speaker.user_id,
                          generation=generation)

    async def _require_board_admin(self, speaker: Speaker, organisation: Organisation,
                                   collaboration: Collaboration) -> None:
        await self._membership.require_admin(speaker, organisation.id)
        if collaboration.admin_organisation_id != organisation.id:
            raise NotAdmin(f"{organisation.id} does not administer collaboration {collaboration.id}")


async def board_for_link(database: Database, model: Model, collaboration_id: str, organisation_id: str,
                         made_by: str, generation: int, now: datetime) -> Board | None:
    """The board behind a report link, checked now: the collaboration still exists, the link's organisation is
    still a member, and the link's maker still belongs to it and its links were not revoked."""
    collaboration = await database.collaborations.get(collaboration_id)
    if collaboration is None or not await database.collaborations.is_member(collaboration_id, organisation_id):
        return None
    if not await database.report_links.still_valid(organisation_id, made_by, generation):
        return None
    return await gather_board(database, model, collaboration, now)


def _actor(speaker: Speaker, organisation: Organisation) -> Actor:
    return Actor(speaker.tenant_id, organisation.id, speaker.user_id, speaker.user_name)
