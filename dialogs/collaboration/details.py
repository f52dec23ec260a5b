"""Sharing a member's details with the collaboration, after a card has listed exactly what they are (each
answer with its comment and who gave it, the action plan's items), and stopping at once, without a card."""
from __future__ import annotations

from botbuilder.core import TurnContext

from bot.cards import answered_card, card_activity, submit, text_block
from dialogs.clicks import replace_clicked_card
from dialogs.collaboration.joining import CANCEL_COMMAND, CONFIRM_WORD, organisation_admin
from dialogs.context import Services, TurnInfo
from services.collaborations import Collaboration

SHARE_COMMAND = "samverkan dela detaljer"
DETAILS = ("collaboration_details_answers", "collaboration_details_plan")


async def share(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration,
                confirmed: bool) -> None:
    texts, organisation, lang = services.texts, info.organisation, info.lang
    if not await organisation_admin(context, services, info):
        return
    title = texts("collaboration_details_title", lang, org=organisation.name, name=collaboration.name)
    if not confirmed:
        if await _sharing(services, info, collaboration):
            await context.send_activity(texts("collaboration_details_already", lang, org=organisation.name,
                                              name=collaboration.name))
            return
        body = [text_block(title, weight="Bolder"),
                text_block(texts("collaboration_details_what", lang, org=organisation.name)),
                text_block("\n".join(texts(key, lang) for key in DETAILS)),
                text_block(texts("collaboration_details_where", lang))]
        actions = [submit(texts("collaboration_details_button", lang),
                          {"command": f"{SHARE_COMMAND} {CONFIRM_WORD}", "collaboration": collaboration.id}),
                   submit(texts("collaboration_cancel_button", lang), {"command": CANCEL_COMMAND})]
        await context.send_activity(card_activity(body, actions, title))
        return
    changed = await services.collaborations.share_details(info.speaker, organisation, collaboration, True)
    await replace_clicked_card(context, answered_card(title, texts("collaboration_confirmed", lang)))
    key = "collaboration_details_on" if changed else "collaboration_details_already"
    await context.send_activity(texts(key, lang, org=organisation.name, name=collaboration.name))


async def stop(context: TurnContext, services: Services, info: TurnInfo, collaboration: Collaboration) -> None:
    texts, organisation, lang = services.texts, info.organisation, info.lang
    if not await organisation_admin(context, services, info):
        return
    changed = await services.collaborations.share_details(info.speaker, organisation, collaboration, False)
    key = "collaboration_details_off" if changed else "collaboration_details_not_shared"
    await context.send_activity(texts(key, lang, org=organisation.name, name=collaboration.name))


async def _sharing(services: Services, info: TurnInfo, collaboration: Collaboration) -> bool:
    found = await services.collaborations.members(info.organisation, collaboration.id) or []
    return any(m.organisation.id == info.organisation.id and m.details_since is not None for m in found)
