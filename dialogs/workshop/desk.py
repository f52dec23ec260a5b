"""Clicks on workshop cards, from whoever is in the conversation. A workshop card is shared: it is no one's
dialog, so its clicks are served here, before (and without touching) the clicker's own dialogs. The workshop's
progress is read from and written to the database; the card is updated in place on the message that shows it.

Teams shows no bubble for a click: the card itself answers (the count, the spread, the agreed level). Only a
refusal is said in words, naming who it is for."""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, DeliveryModes

from bot.cards import choice_card
from dialogs.answers import Reading, Said, read_reply
from dialogs.clicks import TARGET, aimed, click
from dialogs.context import Services, TurnInfo
from dialogs.members.role import role_name, role_options
from dialogs.workshop.view import AGREE, BACK, END, PAUSE, REVEAL, SKIP, VOTE, WORKSHOP, WorkshopView
from services.membership import WORK_ROLES
from services.workshops import ENDED, PAUSED, Clicked, Workshop

ROLE = "role"  # the target of a role card's buttons
REFUSALS = {Clicked.STALE: "ws_refused_stale", Clicked.REVEALED: "ws_refused_revealed",
            Clicked.NOT_REVEALED: "ws_refused_not_revealed", Clicked.NOT_LEADER: "ws_refused_leader",
            Clicked.PAUSED: "ws_refused_paused", Clicked.ENDED: "ws_refused_ended"}


class WorkshopDesk:
    def __init__(self, services: Services) -> None:
        self.services, self.view = services, WorkshopView(services)

    async def serve(self, context: TurnContext) -> bool:
        """Serves the turn if it is a click on a workshop or role card; False for anything else."""
        clicked = click(context)
        target = clicked.get(TARGET) if clicked else None
        if not isinstance(target, str):
            return False
        kind, _, number = target.partition(":")
        if kind == ROLE:
            await self._role(context, clicked)
            return True
        if kind != WORKSHOP:
            return False
        info = TurnInfo.of(context)
        workshop = await self.services.workshops.get(info.speaker, int(number)) if number.isdigit() else None
        if workshop is None or info.organisation is None or workshop.organisation_id != info.organisation.id:
            await context.send_activity(self.services.texts("click_expired", info.lang))
            return True
        card_key = str(clicked.get("wcard") or "")
        workshop = await self.services.workshops.shown_at(workshop, card_key, context.activity.reply_to_id)
        await self._act(context, workshop, card_key, str(clicked.get("act") or ""))
        return True

    async def _act(self, context: TurnContext, workshop: Workshop, card_key: str, act: str) -> None:
        info, workshops = TurnInfo.of(context), self.services.workshops
        speaker, before = info.speaker, workshop
        if act in (VOTE, AGREE):
            reading = read_reply(self.services.texts, None, click(context))
            if reading.said is not Said.ANSWER:
                await self._say(context, workshop, "ws_refused_stale" if reading.said is not Said.TOO_LONG
                                else "comment_too_long")
                return
            if act == VOTE:
                await self._vote(context, workshop, card_key, reading)
                return
            result, workshop = await workshops.agree(speaker, workshop, card_key, reading.answer, reading.comment)
            line = self.services.texts("ws_agreed", workshop.lang, answer=self.view.answer_text(reading.answer,
                                                                                                 workshop.lang))
        elif act == REVEAL:
            result, workshop = await workshops.reveal(speaker, workshop, card_key)
            if result is Clicked.DONE:
                await show(context, workshop, await self.view.question(workshop))
                return
        elif act == SKIP:
            result, workshop = await workshops.skip(speaker, workshop, card_key)
            line = self.services.texts("ws_skipped", workshop.lang)
        elif act == BACK:
            result, workshop = await workshops.back(speaker, workshop, card_key)
            line = self.services.texts("ws_went_back", workshop.lang)
        elif act == PAUSE:
            result, workshop = await workshops.pause(speaker, workshop, card_key)
            line = self.services.texts("ws_paused_card", workshop.lang)
        elif act == END:
            result, workshop = (await workshops.end(speaker, workshop) if card_key == workshop.card_key
                                else (Clicked.STALE, workshop))
            line = self.services.texts("ws_ended_card", workshop.lang)
        else:
            result, line = Clicked.STALE, ""
        if result is not Clicked.DONE:
            await self._refuse(context, workshop, result)
            return
        votes = await workshops.votes(before, before.row_key)
        await show(context, before, self.view.closed(before, before.row_key, line, votes))
        await self.go_on(context, workshop)

    async def go_on(self, context: TurnContext, workshop: Workshop) -> None:
        """After a question is done: the next question's card, or what the workshop found, or why it stopped."""
        texts = self.services.texts
        if workshop.status == ENDED:
            agreed = await self.services.workshops.agreed_count(workshop)
            unit = await self.services.workshops.unit(workshop)
            name = unit.name if unit else None
            await context.send_activity(texts("ws_ended_unit", workshop.lang, agreed=agreed, total=len(workshop.rows),
                                              unit=name) if unit else
                                        texts("ws_ended", workshop.lang, agreed=agreed, total=len(workshop.rows)))
            found = await self.services.workshops.finding(workshop)
            await context.send_activity(self.view.finding(workshop, found, name))
        elif workshop.status == PAUSED:
            await context.send_activity(texts("ws_paused", workshop.lang))
        else:
            await context.send_activity(await self.view.question(workshop))

    async def left(self, context: TurnContext, user_ids: list[str]) -> None:
        """People left the conversation: if the facilitator of its workshop is among them, say who can go on."""
        workshop = await self.services.workshops.current(TurnInfo.of(context).speaker)
        if workshop is not None and workshop.led_by in user_ids:
            await context.send_activity(self.services.texts("ws_leader_left", workshop.lang,
                                                            leader=workshop.led_by_name))

    async def _vote(self, context: TurnContext, workshop: Workshop, card_key: str, reading: Reading) -> None:
        info = TurnInfo.of(context)
        first = info.user_id not in await self.services.workshops.participants(workshop)
        result = await self.services.workshops.vote(info.speaker, workshop, card_key, reading.answer, reading.comment)
        if result is not Clicked.DONE:
            await self._refuse(context, workshop, result)
            return
        await show(context, workshop, await self.view.question(workshop))
        if first and await self.services.membership.work_role(info.speaker, workshop.organisation_id) is None:
            prompt = self.services.texts("ws_role_card", workshop.lang, name=info.user_name)
            card = choice_card(prompt, role_options(self.services, workshop.lang))
            await context.send_activity(aimed(card, ROLE, owner=info.user_id))

    async def _role(self, context: TurnContext, clicked: dict) -> None:
        info, texts = TurnInfo.of(context), self.services.texts
        chosen = clicked.get("choice")
        if info.organisation is None or chosen not in WORK_ROLES:
            await context.send_activity(texts("click_expired", info.lang))
            return
        if clicked.get("owner") != info.user_id:
            await context.send_activity(texts("ws_role_not_yours", info.lang, name=info.user_name))
            return
        await self.services.membership.set_work_role(info.speaker, info.organisation.id, chosen)
        await context.send_activity(texts("ws_role_set", info.lang, name=info.user_name,
                                          role=role_name(self.services, chosen, info.lang)))

    async def _refuse(self, context: TurnContext, workshop: Workshop, result: Clicked) -> None:
        await self._say(context, workshop, REFUSALS[result])

    async def _say(self, context: TurnContext, workshop: Workshop, key: str) -> None:
        info = TurnInfo.of(context)
        await context.send_activity(self.services.texts(key, info.lang, name=info.user_name,
                                                        leader=workshop.led_by_name))


async def show(context: TurnContext, workshop: Workshop, card: Activity) -> None:
    """The workshop's open card shown as `card`: updated in place where the message is known, else posted."""
    if workshop.activity_id and context.activity.delivery_mode != DeliveryModes.expect_replies:
        card.id = workshop.activity_id
        await context.update_activity(card)
    else:
        await context.send_activity(card)
