"""The activity handler: reads who and where, runs the dialogs, saves state."""
from __future__ import annotations

import hashlib
import json
import uuid
from http import HTTPStatus
from typing import Iterable

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.core.storage import Storage
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import ChannelAccount

from bot.cards import card_buttons
from bot.logs import note_organisation
from dialogs.mentions import text_without_bot_mention
from bot.references import ReferenceKeeper
from bot.turn_state import TurnStates
from dialogs.context import TURN_INFO, Services, TurnInfo, UserProfile
from dialogs.features import Feature
from dialogs.main import MainDialog
from dialogs.members.organisation import OrganisationDialog
from dialogs.replies import Commands
from dialogs.workshop.desk import WorkshopDesk
from dialogs.stack import is_open

LOCAL_TENANT = "local"
CARD = "card"  # key in every button's data: which card it was on
# The same click on the same card arriving again within this many seconds is a double click, or Teams
# sending it again under a new id: it is recorded and answered once. Kept per person and conversation.
DUPLICATE_CLICK_SECONDS = 60
REMEMBERED_CLICKS = 20


class DalaBot(ActivityHandler):
    def __init__(self, services: Services, storage: Storage, features: Iterable[Feature],
                 references: ReferenceKeeper) -> None:
        features = tuple(features)
        self.services = services
        self.states = TurnStates(storage)
        self.profiles = self.states.user_property("profile")
        self.clicks = self.states.dialog_property("clicks")
        self.dialogs = DialogSet(self.states.dialog_property("dialogs"))
        self.commands = Commands({feature.command: services.texts.phrases(feature.words) for feature in features})
        self.main_dialog = MainDialog(services, features)
        self.dialogs.add(self.main_dialog)
        self.references = references
        self.workshop_desk = WorkshopDesk(services)

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not (activity.conversation and activity.conversation.id and activity.from_property
                and activity.from_property.id and activity.recipient):
            return  # nothing to answer and nowhere to keep state
        await self.states.load(turn_context)
        turn_context.on_send_activities(_number_cards)
        await super().on_turn(turn_context)
        await self.states.save(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if await self._seen_click(turn_context):
            return
        if turn_context.activity.text:
            turn_context.activity.text = text_without_bot_mention(turn_context.activity)
        info = await self._turn_info(turn_context)
        if await self.workshop_desk.serve(turn_context):
            return  # a click on a shared workshop card: no one's own dialog is touched
        dc = await self.dialogs.create_context(turn_context)
        if dc.active_dialog is not None and not is_open(dc, OrganisationDialog.__name__) \
                and info.organisation is None:
            # Begun for an organisation the user no longer belongs to: its answers must not go on.
            await dc.cancel_all_dialogs()
        result = await dc.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dc.begin_dialog(self.main_dialog.id)
        note_organisation(info.organisation and info.organisation.id)  # chosen, created or joined this turn

    async def _seen_click(self, turn_context: TurnContext) -> bool:
        """Whether this click on this card arrived a moment ago already; if not, it is remembered."""
        value = turn_context.activity.value
        if not (isinstance(value, dict) and value.get(CARD)):
            return False
        fingerprint = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]
        now = self.services.clock().timestamp()
        recent = [[seen, at] for seen, at in await self.clicks.get(turn_context, list)
                  if now - at < DUPLICATE_CLICK_SECONDS]
        if any(seen == fingerprint for seen, _ in recent):
            return True
        await self.clicks.set(turn_context, (recent + [[fingerprint, now]])[-REMEMBERED_CLICKS:])
        return False

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        # The bot's cards only submit (their clicks arrive as messages), and it offers no sign-in, task
        # modules or message extensions: every invoke is one it does not handle. botbuilder's own answers
        # to those are a 501, a 400 holding an unserialisable Exception, or an AttributeError
        # (signin/tokenExchange); the Bot Framework's plain "nothing to do here" is a 200 without a body.
        return InvokeResponse(status=HTTPStatus.OK)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext):
        if any(member.id == turn_context.activity.recipient.id for member in members_added or []):
            info = await self._turn_info(turn_context)
            count = len(self.services.model.rows)
            await turn_context.send_activity(self.services.texts("greeting", info.lang, count=count))
            info.profile.greeted = True  # so the first message is not greeted again

    async def on_members_removed_activity(self, members_removed: list[ChannelAccount], turn_context: TurnContext):
        info = await self._turn_info(turn_context)
        if not info.personal:
            await self.workshop_desk.left(turn_context, [member.id for member in members_removed or []])

    async def _turn_info(self, turn_context: TurnContext) -> TurnInfo:
        """Who speaks, where, what they ask for and the organisation they answer for; read once per turn."""
        activity = turn_context.activity
        conversation = activity.conversation
        info = TurnInfo(
            tenant_id=tenant_of(activity),
            conversation_id=conversation.id,
            personal=conversation.conversation_type in (None, "personal"),
            user_id=activity.from_property.id,
            user_name=activity.from_property.name or activity.from_property.id,
            locale=activity.locale,
            profile=await self._profile(turn_context),
            command=self.commands.of(activity),
        )
        info.organisation = await self.services.membership.organisation_for(info.speaker, info.profile.organisation_id)
        note_organisation(info.organisation and info.organisation.id)
        turn_context.turn_state[TURN_INFO] = info
        # Stored for nudges, which reach a conversation only through its reference.
        await self.references.remember(turn_context, info.tenant_id, info.user_id if info.personal else None,
                                       info.lang)
        return info

    async def _profile(self, turn_context: TurnContext) -> UserProfile:
        """The user's profile, kept in their state and changed in place by the dialogs."""
        profile = await self.profiles.get(turn_context, UserProfile)
        if isinstance(profile, dict):  # kept as a plain dict, with the same fields, before profiles were typed
            profile = UserProfile(**profile)
            await self.profiles.set(turn_context, profile)
        return profile


async def _number_cards(context: TurnContext, activities: list, send) -> object:
    """Gives every card sent a new id in all its buttons, so a click can be told from its double."""
    for activity in activities:
        if activity.attachments:
            card_id = uuid.uuid4().hex[:12]
            for _, data in card_buttons(activity):
                data[CARD] = card_id
    return await send()


def tenant_of(activity) -> str:
    """Teams sends the tenant as channelData.tenant.id and conversation.tenantId; botbuilder's
    schema maps only "tenantID", so the latter lands in additional_properties."""
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant") if isinstance(channel_data.get("tenant"), dict) else {}
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None) or {}
    found = tenant.get("id") or conversation.tenant_id or extra.get("tenantId")
    return str(found) if found else LOCAL_TENANT
