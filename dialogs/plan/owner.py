"""Who is responsible for an action: an @mentioned member, one picked from the chat's members (fetched a
page at a time), "jag", or a typed name. In a personal chat there are no members to pick from."""
from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from bot.cards import card_activity, submit, text_block
from dialogs.mentions import people_mentioned
from dialogs.clicks import TARGET, aimed, new_target
from dialogs.context import Services, TurnInfo
from services.plan import Owner, Speaker
from texts.typed import words

logger = logging.getLogger(__name__)

PAGE_SIZE = 5  # Teams shows about six buttons on a card; the sixth is "more people"
NAME_LENGTH = range(2, 101)


def speaker(context: TurnContext) -> Speaker:
    """Who speaks in this turn, and where, as the plan service knows people."""
    return TurnInfo.of(context).speaker


class OwnerPrompt(Dialog):
    """Ends with the Owner chosen; it goes straight to the step that asked, never into stored state."""

    def __init__(self, services: Services) -> None:
        super().__init__(OwnerPrompt.__name__)
        self.services = services

    async def begin_dialog(self, dc: DialogContext, options: object = None) -> DialogTurnResult:
        dc.active_dialog.state["roster"] = not TurnInfo.of(dc.context).personal
        dc.active_dialog.state[TARGET] = new_target("owner")
        await self._ask(dc, None)
        return Dialog.end_of_turn

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        activity, info = dc.context.activity, TurnInfo.of(dc.context)
        value = activity.value if isinstance(activity.value, dict) else {}
        if value.get("owner_id"):
            return await dc.end_dialog(Owner(value.get("owner_name") or value["owner_id"], value["owner_id"]))
        if value.get("more"):
            await self._ask(dc, value["more"])
            return Dialog.end_of_turn
        mentioned = people_mentioned(activity)
        if mentioned:
            return await dc.end_dialog(Owner(mentioned[0].name, mentioned[0].user_id))
        name = " ".join((activity.text or "").split())
        if tuple(words(name)) in self.services.texts.phrases("plan_words_me"):
            return await dc.end_dialog(Owner(info.user_name, info.user_id))
        if len(name) in NAME_LENGTH:
            return await dc.end_dialog(Owner(name))
        await dc.context.send_activity(self.services.texts("plan_owner_invalid", info.lang))
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context: TurnContext, instance) -> None:
        await context.send_activity(self.services.texts("plan_ask_owner_text", TurnInfo.of(context).lang))

    async def _ask(self, dc: DialogContext, page_token: str | None) -> None:
        texts, lang = self.services.texts, TurnInfo.of(dc.context).lang
        page = await self._members(dc, page_token) if dc.active_dialog.state["roster"] else None
        if page is None:
            await dc.context.send_activity(texts("plan_ask_owner_text", lang))
            return
        buttons = [submit(m.name or m.id, {"owner_id": m.id, "owner_name": m.name}) for m in page.members or []]
        if page.continuation_token:
            buttons.append(submit(texts("plan_more_members", lang), {"more": page.continuation_token}))
        prompt = texts("plan_ask_owner_members", lang)
        card = card_activity([text_block(prompt)], buttons, prompt)
        await dc.context.send_activity(aimed(card, dc.active_dialog.state[TARGET]))

    async def _members(self, dc: DialogContext, page_token: str | None):
        try:
            return await TeamsInfo.get_paged_members(dc.context, page_token, PAGE_SIZE)
        except Exception:
            # Not in Teams (the Emulator, the terminal) or the service failed: a typed name works everywhere.
            logger.info("No member list for conversation %s", dc.context.activity.conversation.id, exc_info=True)
            dc.active_dialog.state["roster"] = False
            return None
