"""What every dialog needs: the model, the services, the texts, a clock, and facts about this turn."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from botbuilder.core import TurnContext

from bot.logs import note_organisation
from model.types import Model
from services.assessments import Assessments
from services.checkins import Checkins
from services.membership import Membership
from services.plan import ActionPlan
from storage import Database, Organisation
from texts import Texts

TURN_INFO = "dala.turn_info"


@dataclass(frozen=True)
class Services:
    model: Model
    database: Database  # going: dialogs call the services below instead
    texts: Texts
    clock: Callable[[], datetime]
    assessments: Assessments
    checkins: Checkins
    plan: ActionPlan
    membership: Membership

    @classmethod
    def create(cls, model: Model, database: Database, texts: Texts, clock: Callable[[], datetime]) -> "Services":
        parts = (database, model, clock)
        return cls(model, database, texts, clock, Assessments(*parts), Checkins(*parts), ActionPlan(*parts),
                   Membership(*parts))


@dataclass(frozen=True)
class FeatureOptions:
    """What a feature dialog gets when its command is typed or clicked."""

    organisation_id: str | None  # None only for commands that need none (main_dialog.WITHOUT_ORGANISATION)
    command: str  # a dialogs.replies.Command value
    words: tuple[str, ...] = ()  # the words after the command, e.g. ("1",) in "plan 1"


@dataclass
class UserProfile:
    """Per user, across conversations. Stored as a plain dict in user state."""

    language: str | None = None  # the user's own choice; None = follow the client's locale
    organisation_id: str | None = None  # current organisation in personal chat
    greeted: bool = False

    def to_dict(self) -> dict:
        return {"language": self.language, "organisation_id": self.organisation_id, "greeted": self.greeted}

    @classmethod
    def from_dict(cls, data: dict | None) -> "UserProfile":
        data = data or {}
        return cls(data.get("language"), data.get("organisation_id"), bool(data.get("greeted")))


@dataclass
class TurnInfo:
    """Who speaks, where, in which language; filled in once per turn by the bot."""

    tenant_id: str
    conversation_id: str
    personal: bool
    user_id: str
    user_name: str
    locale: str | None
    profile: UserProfile
    _organisation: Organisation | None = field(default=None, repr=False)
    _organisation_loaded: bool = field(default=False, repr=False)

    @property
    def lang(self) -> str:
        if self.profile.language:
            return self.profile.language
        return "en" if (self.locale or "").lower().startswith("en") else "sv"

    @classmethod
    def of(cls, context: TurnContext) -> "TurnInfo":
        return context.turn_state[TURN_INFO]

    async def organisation(self, database: Database) -> Organisation | None:
        """The organisation this conversation answers for: bound in a team or group, chosen in personal chat."""
        if not self._organisation_loaded:
            organisations = database.organisations
            if self.personal:
                found = None
                if self.profile.organisation_id:
                    # The profile may be stale: the user was removed, or the same id speaks from another tenant.
                    found = await organisations.get_for_member(
                        self.tenant_id, self.profile.organisation_id, self.user_id)
            else:
                found = await organisations.bound_organisation(self.tenant_id, self.conversation_id)
                if found is not None:
                    # Whoever is in a team or group chat bound to an organisation may answer for it.
                    await organisations.admit(found.id, self.user_id, self.user_name)
            self._organisation, self._organisation_loaded = found, True
            note_organisation(found and found.id)
        return self._organisation

    def use_organisation(self, organisation: Organisation) -> None:
        self._organisation, self._organisation_loaded = organisation, True
        note_organisation(organisation.id)
        if self.personal:
            self.profile.organisation_id = organisation.id
