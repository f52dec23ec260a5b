"""Who belongs to an organisation: everyone sees the list; admins invite with a code, add by @mention
and remove.

"medlemmar" lists, "medlemmar bjud in" gives a code, "medlemmar lägg till @Bo" adds (team and group
chats), "medlemmar ta bort @Bo" or the button by a name removes.
"""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, WaterfallDialog, WaterfallStepContext

from bot.cards import card_activity, submit, text_block
from dialogs.mentions import people_mentioned
from dialogs.members.role import role_name
from dialogs.context import FeatureOptions, Services, TurnInfo
from dialogs.replies import words
from services.membership import ADMIN, Member, Organisation

# What an administrator may do, by the key of the words people type for it.
INVITE, ADD, REMOVE = "members_invite_words", "members_add_words", "members_remove_words"
ROLE_TEXTS = {"admin": "members_role_admin", "member": "members_role_member"}
# What the buttons send back: the typed command, and for removal whom it is about.
INVITE_COMMAND, REMOVE_COMMAND = "medlemmar bjud in", "medlemmar ta bort"


class MembersDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(MembersDialog.__name__)
        self.services = services
        self.add_dialog(WaterfallDialog("steps", [self.act_step]))
        self.initial_dialog_id = "steps"

    def action_of(self, options: FeatureOptions) -> tuple[str | None, list[str]]:
        """(REMOVE, ["bo", "ek"]) for "medlemmar ta bort Bo Ek"; (None, []) for the list."""
        typed = list(options.words)
        for action in (INVITE, ADD, REMOVE):
            for phrase in self.services.texts.phrases(action):
                if tuple(typed[:len(phrase)]) == phrase:
                    return action, typed[len(phrase):]
        return None, typed

    async def act_step(self, step: WaterfallStepContext):
        info, membership = TurnInfo.of(step.context), self.services.membership
        organisation = info.organisation
        action, rest = self.action_of(step.options)
        everyone = await membership.members(organisation.id)
        me = next((m for m in everyone if m.user_id == info.user_id), None)
        if action is None:
            await step.context.send_activity(self._list(info, organisation, everyone, me))
        elif me is None or me.role != ADMIN:
            admins = ", ".join(m.user_name for m in everyone if m.role == ADMIN)
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
        lines = [texts("members_line_with_role", info.lang, person=m.user_name,
                       role=texts(ROLE_TEXTS[m.role], info.lang), work_role=role_name(self.services, m.work_role,
                                                                                     info.lang))
                 if m.work_role else
                 texts("members_line", info.lang, person=m.user_name, role=texts(ROLE_TEXTS[m.role], info.lang))
                 for m in everyone]
        actions = []
        if me is not None and me.role == ADMIN:
            actions = [submit(texts("members_invite_button", info.lang), {"command": INVITE_COMMAND})] + [
                submit(texts("members_remove_button", info.lang, person=m.user_name),
                       {"command": REMOVE_COMMAND, "member": m.user_id})
                for m in everyone if m.user_id != me.user_id]
        body = [text_block(title, weight="Bolder"), text_block("\n".join(lines))]
        return card_activity(body, actions, title)

    async def _invite(self, context: TurnContext, info: TurnInfo, organisation: Organisation) -> None:
        invitation = await self.services.membership.invite(info.speaker, organisation.id)
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
        await self.services.membership.add(info.speaker, organisation.id, [(p.user_id, p.name) for p in people])
        names = ", ".join(person.name for person in people)
        await context.send_activity(texts("members_added", info.lang, people=names, name=organisation.name))

    async def _remove(self, context: TurnContext, info: TurnInfo, organisation: Organisation,
                      everyone: list[Member], rest: list[str]) -> None:
        texts = self.services.texts
        chosen = _chosen_member(context, everyone, rest)
        if chosen is None:
            await context.send_activity(texts("members_remove_how", info.lang))
        elif await self.services.membership.remove(info.speaker, organisation.id, chosen.user_id):
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
