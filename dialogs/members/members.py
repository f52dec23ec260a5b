"""Who belongs to an organisation: everyone sees the list; admins invite with a code, add by @mention
and remove.

"medlemmar" lists, "medlemmar bjud in" gives a code, "medlemmar lägg till @Bo" adds (team and group
chats), "medlemmar ta bort @Bo" or the button by a name removes.
"""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, submit, text_block
from storage import Member, Organisation
from bot.mentions import people_mentioned
from dialogs.replies import words
from dialogs.context import FeatureOptions, Services, TurnInfo

INVITE, ADD, REMOVE = "invite", "add", "remove"
ACTION_WORDS = {
    ("bjud", "in"): INVITE, ("invite",): INVITE,
    ("lägg", "till"): ADD, ("add",): ADD,
    ("ta", "bort"): REMOVE, ("remove",): REMOVE,
}
# What the buttons send back: the typed command, and for removal whom it is about.
INVITE_COMMAND, REMOVE_COMMAND = "medlemmar bjud in", "medlemmar ta bort"


def action_of(options: FeatureOptions) -> tuple[str | None, list[str]]:
    """("remove", ["bo", "ek"]) for "medlemmar ta bort Bo Ek"; (None, []) for the list."""
    for length in (2, 1):
        action = ACTION_WORDS.get(tuple(options.words[:length]))
        if action is not None and len(options.words) >= length:
            return action, list(options.words[length:])
    return None, list(options.words)


class MembersDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(MembersDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    async def act_step(self, step: WaterfallStepContext):
        options: FeatureOptions = step.options
        info, database = TurnInfo.of(step.context), self.services.database
        organisation = await database.organisations.get(info.tenant_id, options.organisation_id)
        action, rest = action_of(options)
        everyone = await database.organisations.members(organisation.id)
        me = next((m for m in everyone if m.user_id == info.user_id), None)
        if action is None:
            await step.context.send_activity(self._list(info, organisation, everyone, me))
        elif me is None or me.role != "admin":
            admins = ", ".join(m.user_name for m in everyone if m.role == "admin")
            await step.context.send_activity(self.services.texts("members_admins_only", info.lang, admins=admins))
        elif action == INVITE:
            await self._invite(step.context, info, organisation)
        elif action == ADD:
            await self._add(step.context, info, organisation)
        else:
            await self._remove(step.context, info, organisation, everyone, rest)
        return await step.end_dialog()

    def _list(self, info: TurnInfo, organisation: Organisation, everyone: list[Member], me: Member | None):
        texts = self.services.texts
        title = texts("members_title", info.lang, name=organisation.name)
        lines = [texts("members_line", info.lang, person=m.user_name, role=texts(f"members_role_{m.role}", info.lang))
                 for m in everyone]
        actions = []
        if me is not None and me.role == "admin":
            actions = [submit(texts("members_invite_button", info.lang), {"command": INVITE_COMMAND})] + [
                submit(texts("members_remove_button", info.lang, person=m.user_name),
                       {"command": REMOVE_COMMAND, "member": m.user_id})
                for m in everyone if m.user_id != me.user_id]
        body = [text_block(title, weight="Bolder"), text_block("\n".join(lines))]
        return card_activity(body, actions, title)

    async def _invite(self, context: TurnContext, info: TurnInfo, organisation: Organisation) -> None:
        invitation = await self.services.database.invitations.create(
            info.tenant_id, organisation.id, info.user_id, self.services.clock())
        until = invitation.expires_at.strftime("%Y-%m-%d")
        await context.send_activity(self.services.texts(
            "members_invited", info.lang, name=organisation.name, code=invitation.code, date=until))

    async def _add(self, context: TurnContext, info: TurnInfo, organisation: Organisation) -> None:
        texts = self.services.texts
        if info.personal:
            await context.send_activity(texts("members_add_personal", info.lang))
            return
        people = people_mentioned(context.activity)
        if not people:
            await context.send_activity(texts("members_add_how", info.lang))
            return
        for person in people:
            await self.services.database.organisations.add_member(organisation.id, person.user_id, person.name)
        names = ", ".join(person.name for person in people)
        await context.send_activity(texts("members_added", info.lang, people=names, name=organisation.name))

    async def _remove(self, context: TurnContext, info: TurnInfo, organisation: Organisation,
                      everyone: list[Member], rest: list[str]) -> None:
        texts, organisations = self.services.texts, self.services.database.organisations
        chosen = _chosen_member(context, everyone, rest)
        if chosen is None:
            await context.send_activity(texts("members_remove_how", info.lang))
        elif await organisations.remove_member(organisation.id, chosen.user_id):
            await context.send_activity(texts("members_removed", info.lang, person=chosen.user_name,
                                              name=organisation.name))
        else:
            await context.send_activity(texts("members_last_admin", info.lang, person=chosen.user_name))


def _chosen_member(context: TurnContext, everyone: list[Member], rest: list[str]) -> Member | None:
    """Whom "ta bort" is about: the button's member, an @mention, or a member's whole name typed."""
    value = context.activity.value if isinstance(context.activity.value, dict) else {}
    wanted = {m.user_id for m in people_mentioned(context.activity)} | {str(value.get("member"))}
    by_id = [m for m in everyone if m.user_id in wanted]
    by_name = [m for m in everyone if rest and words(m.user_name) == rest]
    found = by_id or by_name
    return found[0] if len(found) == 1 else None
