"""`make chat`: talk to the same bot and database from a terminal, without Teams.

Cards are printed as text with numbered buttons; typing a button's number clicks it,
anything else is sent as typed text.
"""
from __future__ import annotations

import asyncio
import getpass
import sys
from typing import Callable, List

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount, ResourceResponse

from bot.cards import card_as_text, card_buttons
from bot.db import Database
from bot.runtime import build_bot
from bot.settings import Settings
from model import load_model


class TerminalAdapter(BotAdapter):
    """Runs turns in-process and collects the bot's replies instead of posting them anywhere."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[Activity] = []

    async def send_activities(self, context: TurnContext, activities: List[Activity]) -> List[ResourceResponse]:
        self.replies += [a for a in activities if a.type == ActivityTypes.message]
        return [ResourceResponse(id=str(len(self.replies)))] * len(activities)

    async def update_activity(self, context: TurnContext, activity: Activity):
        raise NotImplementedError("the terminal cannot edit a printed message")

    async def delete_activity(self, context: TurnContext, reference):
        raise NotImplementedError("the terminal cannot delete a printed message")

    async def turn(self, activity: Activity, logic: Callable) -> list[Activity]:
        self.replies = []
        await self.run_pipeline(TurnContext(self, activity), logic)
        return self.replies


async def chat(settings: Settings, user: str, read: Callable[[str], str] = input) -> None:
    database = await Database.open(settings.database_url)
    bot, adapter = build_bot(load_model(), database), TerminalAdapter()
    buttons: list[tuple[str, dict]] = []
    print("Skriv till boten (Ctrl-D avslutar). Type to the bot (Ctrl-D quits).\n")
    try:
        while True:
            try:
                said = read("> ").strip()
            except EOFError:
                break
            chosen = buttons[int(said) - 1][1] if said.isdigit() and 0 < int(said) <= len(buttons) else None
            activity = Activity(
                type=ActivityTypes.message, id=None, channel_id="terminal", service_url="http://localhost",
                text=None if chosen else said, value=chosen, locale="sv-SE",
                from_property=ChannelAccount(id=f"terminal-{user}", name=user),
                recipient=ChannelAccount(id="dalabot", name="Dalabot"),
                conversation=ConversationAccount(id=f"terminal-{user}", conversation_type="personal"),
            )
            replies = await adapter.turn(activity, bot.on_turn)
            buttons = [button for reply in replies for button in card_buttons(reply)]
            for reply in replies:
                print(card_as_text(reply).replace("**", ""), end="\n\n")
    finally:
        await database.close()


def main() -> None:
    asyncio.run(chat(Settings.from_env(), getpass.getuser()))


if __name__ == "__main__":
    sys.exit(main())
