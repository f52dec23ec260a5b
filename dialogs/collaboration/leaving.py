"""Leaving a collaboration, after confirming on a card, and the board's administrator removing a member.
Either ends sharing from the next request on."""
from __future__ import annotations

from botbuilder.core import TurnContext

from bot.cards import answered_card, card_activity, submit, text_block
from dialogs.clicks import click, replace_clicked_card
from dialogs.collaboration.joining import CANCEL_COMMAND, CONFIRM_WORD, board_admin, organisation_admin
from dialogs.context import Services, TurnInfo
from dialogs.replies import words
from services.collaborations import AdministratorStays, Collaboration

LEAVE_COMMAND = "samverkan lämna"


async def leave(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration,
                confirmed: bool) -> None:
    texts, organisation, lang = services.texts, info.organisation, info.lang
    if not await organisation_admin(context, services, info):
        return
    members = await services.collaborations.members(organisation, collaboration.id) or []
    administrator = collaboration.admin_organisation_id == organisation.id
    if administrator and len(members) > 1:
        await context.send_activity(texts("collaboration_admin_stays", lang, org=organisation.name,
                                          name=collaboration.name))
        return
    title = texts("collaboration_leave_title", lang, org=organisation.name, name=collaboration.name)
    if not confirmed:
        what = texts("collaboration_leave_last" if administrator else "collaboration_leave_what", lang,
                     org=organisation.name, name=collaboration.name)
        actions = [submit(texts("collaboration_leave_button", lang),
                          {"command": f"{LEAVE_COMMAND} {CONFIRM_WORD}", "collaboration": collaboration.id}),
                   submit(texts("collaboration_cancel_button", lang), {"command": CANCEL_COMMAND})]
        await context.send_activity(card_activity([text_block(title, weight="Bolder"), text_block(what)],
                                                  actions, title))
        return
    try:
        await services.collaborations.leave(info.speaker, organisation, collaboration)
    except AdministratorStays:  # another organisation joined while the card was open
        await context.send_activity(texts("collaboration_admin_stays", lang, org=organisation.name,
                                          name=collaboration.name))
        return
    await replace_clicked_card(context, answered_card(title, texts("collaboration_confirmed", lang)))
    key = "collaboration_ended" if administrator else "collaboration_left"
    await context.send_activity(texts(key, lang, org=organisation.name, name=collaboration.name))


async def remove(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration,
                 rest: list[str]) -> None:
    """`samverkan ta bort Mora kommun`, or the button by a member in `samverkan medlemmar`."""
    texts, organisation, lang = services.texts, info.organisation, info.lang
    if not await board_admin(context, services, info, collaboration):
        return
    members = await services.collaborations.members(organisation, collaboration.id) or []
    clicked = (click(context) or {}).get("organisation")
    chosen = [m.organisation for m in members if m.organisation.id != organisation.id and (
        m.organisation.id == clicked if clicked else rest and words(m.organisation.name) == rest)]
    removed = chosen and await services.collaborations.remove(info.speaker, organisation, collaboration,
                                                              chosen[0].id)
    if not removed:
        await context.send_activity(texts("collaboration_remove_how", lang))
        return
    await context.send_activity(texts("collaboration_removed", lang, member=removed.name, name=collaboration.name))
