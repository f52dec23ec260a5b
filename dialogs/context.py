"""What every dialog needs: the model, the services, the texts, a clock, and facts about this turn."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from botbuilder.core import TurnContext

from dialogs.replies import CommandCall
from model.types import Model
from services.assessments import Assessments
from services.checkins import Checkins
from services.collaborations import Collaborations
from services.membership import Membership, Organisation, Speaker
from services.plan import ActionPlan
from services.units import Units
from services.workshops import Workshops
from texts import Texts

TURN_INFO = "dala.turn_info"
FORGOTTEN = "dala.forgotten"


def forget_state(context: TurnContext) -> None:
    """This turn's user was forgotten: the runtime deletes their state at the end of the turn instead of saving it."""
    context.turn_state[FORGOTTEN] = True


@dataclass(frozen=True)
class Services:
    model: Model
    texts: Texts
    clock: Callable[[], datetime]
    assessments: Assessments
    checkins: Checkins
    plan: ActionPlan
    membership: Membership
    collaborations: Collaborations
    units: Units
    workshops: Workshops


@dataclass(frozen=True)
class FeatureOptions:
    """What a feature dialog gets when its command is typed or clicked."""

    organisation_id: str | None  # None only for features that need none (Feature.needs_organisation)
    command: str  # a dialogs.replies.Command value
    words: tuple[str, ...] = ()  # the words after the command, e.g. ("1",) in "plan 1"


@dataclass
class UserProfile:
    """Per user, across conversations; kept in user state."""

    language: str | None = None  # the user's own choice; None = follow the client's locale
    organisation_id: str | None = None  # current organisation in personal chat
    greeted: bool = False
    guide_offered: bool = False  # "om modellen" was offered at an assessment's start


@dataclass
class TurnInfo:
    """Who speaks, where, in which language, what they ask for and the organisation the conversation answers
    for: read once at the start of each turn by the bot."""

    tenant_id: str
    conversation_id: str
    personal: bool
    user_id: str
    user_name: str
    locale: str | None
    profile: UserProfile
    command: CommandCall | None = None  # the command the message starts with, if any
    organisation: Organisation | None = None  # see services.membership.Membership.organisation_for

    @property
    def lang(self) -> str:
        if self.profile.language:
            return self.profile.language
        return "en" if (self.locale or "").lower().startswith("en") else "sv"

    @property
    def speaker(self) -> Speaker:
        return Speaker(self.tenant_id, self.user_id, self.user_name, self.conversation_id, self.personal, self.lang)

    @classmethod
    def of(cls, context: TurnContext) -> "TurnInfo":
        return context.turn_state[TURN_INFO]

    def use_organisation(self, organisation: Organisation) -> None:
        """The conversation answers for `organisation` from now on (chosen, created or joined this turn)."""
        self.organisation = organisation
        if self.personal:
            self.profile.organisation_id = organisation.id
