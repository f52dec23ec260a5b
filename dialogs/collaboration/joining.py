"""Creating a collaboration, inviting an organisation with a code, and joining with it after a card has
shown exactly what will be shared: nothing is until the administrator confirms."""
from __future__ import annotations

import logging

from botbuilder.core import TurnContext

from bot.cards import answered_card, card_activity, submit, text_block
from dialogs.clicks import replace_clicked_card
from dialogs.collaboration.words import typed_after
from dialogs.context import Services, TurnInfo
from services.collaborations import Collaboration
from services.membership import invitation_code, pseudonym

logger = logging.getLogger(__name__)
MAX_NAME = 100
# What the buttons send back: typed commands, read in either language.
JOIN_COMMAND, CONFIRM_WORD, CANCEL_COMMAND = "samverkan gå med", "bekräfta", "samverkan avbryt"
SHARED = ("collaboration_shared_levels", "collaboration_shared_completion", "collaboration_shared_trend",
          "collaboration_shared_plan", "collaboration_shared_indicators")


async def create(context: TurnContext, services: Services, info: TurnInfo, rest: list[str]) -> None:
    texts, organisation = services.texts, info.organisation
    if not await organisation_admin(context, services, info):
        return
    name = typed_after(context.activity.text, rest)
    if not name:
        await context.send_activity(texts("collaboration_ask_name", info.lang))
    elif len(name) > MAX_NAME:
        await context.send_activity(texts("collaboration_name_too_long", info.lang))
    else:
        created = await services.collaborations.create(info.speaker, organisation, name)
        await context.send_activity(texts("collaboration_created", info.lang, name=created.name,
                                          org=organisation.name))


async def invite(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration) -> None:
    if not await board_admin(context, services, info, collaboration):
        return
    invitation = await services.collaborations.invite(info.speaker, info.organisation, collaboration)
    await context.send_activity(services.texts(
        "collaboration_invited", info.lang, name=collaboration.name, code=invitation.code,
        date=invitation.expires_at.strftime("%Y-%m-%d")))


async def join(context: TurnContext, services: Services, info: TurnInfo, rest: list[str], confirmed: bool) -> None:
    texts, organisation, collaborations = services.texts, info.organisation, services.collaborations
    if not await organisation_admin(context, services, info):
        return
    if not await collaborations.may_try_code(info.speaker):
        logger.warning("Refused a collaboration code from user %s in tenant %s: too many wrong codes",
                       pseudonym(info.user_id), info.tenant_id)
        await context.send_activity(texts("join_too_many_codes", info.lang))
        return
    code = invitation_code("".join(rest))
    if code is None:
        await context.send_activity(texts("collaboration_ask_code", info.lang))
        return
    collaboration = await collaborations.invited_to(info.speaker, code)
    if collaboration is None:
        await context.send_activity(texts("collaboration_code_invalid", info.lang))
    elif not confirmed and await collaborations.members(organisation, collaboration.id) is not None:
        await context.send_activity(texts("collaboration_already_member", info.lang, org=organisation.name,
                                          name=collaboration.name))
    elif not confirmed:
        await context.send_activity(await _consent_card(services, info, collaboration, code))
    else:
        joined = await collaborations.join(info.speaker, organisation, collaboration)
        title = texts("collaboration_join_title", info.lang, org=organisation.name, name=collaboration.name)
        await replace_clicked_card(context, answered_card(title, texts("collaboration_confirmed", info.lang)))
        key = "collaboration_joined" if joined else "collaboration_already_member"
        await context.send_activity(texts(key, info.lang, org=organisation.name, name=collaboration.name))


async def cancel(context: TurnContext, services: Services, info: TurnInfo) -> None:
    """The Avbryt of a joining or leaving card: nothing changes, and the card says so instead of its buttons."""
    texts, lang = services.texts, info.lang
    chosen = texts("chosen_card", lang, choice=texts("collaboration_cancel_button", lang))
    await replace_clicked_card(context, answered_card(texts("collaboration_cancelled_title", lang), chosen))
    await context.send_activity(texts("collaboration_cancelled", lang))


async def _consent_card(services: Services, info: TurnInfo, collaboration: Collaboration, code: str):
    """Who is in it, what the organisation will share and what never; the button joins."""
    texts, lang, organisation = services.texts, info.lang, info.organisation
    members = await services.collaborations.members_before_joining(collaboration)
    admin = next((m.organisation.name for m in members if m.organisation.id == collaboration.admin_organisation_id),
                 "")
    title = texts("collaboration_join_title", lang, org=organisation.name, name=collaboration.name)
    body = [text_block(title, weight="Bolder"),
            text_block(texts("collaboration_join_who", lang, admin=admin,
                             members=", ".join(m.organisation.name for m in members))),
            text_block(texts("collaboration_shared_title", lang, org=organisation.name), weight="Bolder"),
            text_block("\n".join(texts(key, lang) for key in SHARED)),
            text_block(texts("collaboration_never_shared", lang))]
    actions = [
        submit(texts("collaboration_join_button", lang),
               {"command": f"{JOIN_COMMAND} {code} {CONFIRM_WORD}", "collaboration": collaboration.id}),
        submit(texts("collaboration_cancel_button", lang), {"command": CANCEL_COMMAND}),
    ]
    return card_activity(body, actions, title)


async def organisation_admin(context: TurnContext, services: Services, info: TurnInfo) -> bool:
    """Whether the speaker administers the organisation of the conversation; says so if not."""
    if await services.membership.is_admin(info.speaker, info.organisation.id):
        return True
    await context.send_activity(services.texts("collaboration_admins_only", info.lang, org=info.organisation.name))
    return False


async def board_admin(context: TurnContext, services: Services, info: TurnInfo,
                       collaboration: Collaboration) -> bool:
    """Whether the speaker administers the organisation that administers the collaboration; says so if not."""
    organisation = info.organisation
    if collaboration.admin_organisation_id == organisation.id and await services.membership.is_admin(
            info.speaker, organisation.id):
        return True
    admin = await services.collaborations.administrator_name(collaboration)
    await context.send_activity(services.texts("collaboration_board_admins_only", info.lang, admin=admin,
                                               name=collaboration.name))
    return False
