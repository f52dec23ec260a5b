"""Units inside an organisation (förvaltningar, bolag, enheter): listing them, and an administrator creating and
removing them. Each unit is assessed on its own; its answers never count towards the organisation's own grid."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from services.membership import Membership
from services.reminders import ITEM_KINDS
from services.speaker import Speaker
from storage import Database, DuplicateUnit, Unit

__all__ = ["MAX_NAME", "DuplicateUnit", "Unit", "Units"]

MAX_NAME = 80  # characters: a unit's name is a line on a phone, and a row heading in the report


class Units:
    def __init__(self, database: Database, membership: Membership, clock: Callable[[], datetime]) -> None:
        self._database, self._membership, self._clock = database, membership, clock

    async def list(self, organisation_id: str) -> list[Unit]:
        """By name."""
        return await self._database.units.list(organisation_id)

    async def find(self, organisation_id: str, name: str) -> Unit | None:
        """The unit of that name, whatever its case."""
        return await self._database.units.find(organisation_id, name)

    async def get(self, organisation_id: str, unit_id: int) -> Unit | None:
        return await self._database.units.get(organisation_id, unit_id)

    async def create(self, speaker: Speaker, organisation_id: str, name: str) -> Unit:
        """A new unit (administrators only; NotAdmin otherwise). Raises DuplicateUnit when the organisation has
        one of that name, ValueError when the name is empty or too long."""
        name = _checked(name)
        await self._membership.require_admin(speaker, organisation_id)
        return await self._database.units.create(organisation_id, name, self._clock())

    async def rename(self, speaker: Speaker, organisation_id: str, unit_id: int, name: str) -> bool:
        """The unit keeps its answers under a new name (administrators only); False if there is no such unit.
        Raises DuplicateUnit and ValueError as `create` does."""
        name = _checked(name)
        await self._membership.require_admin(speaker, organisation_id)
        return await self._database.units.rename(organisation_id, unit_id, name)

    async def remove(self, speaker: Speaker, organisation_id: str, unit_id: int) -> bool:
        """The unit with its answers, assessments, snapshots and action items (administrators only); False if the
        organisation has no such unit (any more)."""
        await self._membership.require_admin(speaker, organisation_id)
        items = [item for item in await self._database.action_items.list(organisation_id) if item.unit_id == unit_id]
        removed = await self._database.units.remove(organisation_id, unit_id)
        for item in items if removed else []:  # no reminders about the unit's actions any more
            await self._database.nudges.drop_pending(ITEM_KINDS, str(item.id))
        return removed


def _checked(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a unit's name is 1 to {MAX_NAME} characters")
    return name
