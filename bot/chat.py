"""`make chat`: talk to the same bot and database from a terminal, without Teams.

Cards are printed as text with numbered buttons; typing a button's number clicks it, anything
else is sent as typed text. Reminders arrive here too: the chat sweeps for due nudges every few
seconds, and `/tid +3d` moves the chat's clock ahead (days, `h` hours) to see a later nudge now.
Report links open in a browser: the chat serves /report on the configured HOST and PORT.

The chat can play several people in one group chat, for a workshop: `/som Anna` speaks as Anna (her own user id)
in the shared group chat "terminal-grupp", `/som Bo` as Bo in the same chat, and `/som` alone as yourself in your
personal chat again. A card updated in place (a workshop card as people answer) is printed again, marked so.
"""
from __future__ import annotations

import asyncio
import getpass
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
import itertools
from typing import Callable, List

from aiohttp import web
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount, ResourceResponse

from bot.cards import card_as_text, card_buttons
from storage import Database
from bot.reminders.sweep import sweeping
from bot.reminders.scheduler import NudgeScheduler
from reports.pages import ReportPages, ReportTokens, security_headers
from bot.runtime import build_bot
from bot.settings import Settings
from model import load_model

SWEEP_SECONDS = 3
CLOCK_COMMAND = re.compile(r"^/tid(?:\s+\+(\d+)([dh]))?$")
AS_COMMAND = re.compile(r"^/som(?:\s+(.+))?$")
GROUP_CHAT = "terminal-grupp"


@dataclass(frozen=True)
class Speaking:
    """Who the person at the terminal speaks as, and where: themselves in their personal chat, or someone in the
    shared group chat."""

    name: str
    group: bool = False

    @property
    def user_id(self) -> str:
        return f"terminal-{self.name}"


class ChatClock:
    """The real time, moved ahead as far as the person at the terminal asks."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.ahead


class TerminalAdapter(BotAdapter):
    """Runs turns in-process and prints what the bot says; a reminder prints the moment it is sent."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[tuple[str, dict]] = []
        self.shown_on: str | None = None  # the id of the message whose buttons are numbered now
        self._ids = itertools.count(1)

    async def send_activities(self, context: TurnContext, activities: List[Activity]) -> List[ResourceResponse]:
        shown = [a for a in activities if a.type == ActivityTypes.message]
        if shown and context.activity.type != ActivityTypes.message:
            print("\n[påminnelse / reminder]")
        ids = [f"t{next(self._ids)}" for _ in activities]
        for activity, activity_id in zip(activities, ids):
            if activity in shown:
                self._print(activity, activity_id)
        return [ResourceResponse(id=activity_id) for activity_id in ids]

    async def update_activity(self, context: TurnContext, activity: Activity):
        """A card changed in place: printed again, so the terminal shows what Teams would now show."""
        print("[kortet ovan uppdaterat / card above updated]")
        self._print(activity, activity.id)
        return ResourceResponse(id=activity.id)

    def _print(self, activity: Activity, activity_id: str) -> None:
        print(card_as_text(activity).replace("**", ""), end="\n\n")
        if card_buttons(activity):
            self.buttons, self.shown_on = card_buttons(activity), activity_id

    async def delete_activity(self, context: TurnContext, reference):
        raise NotImplementedError("the terminal cannot delete a printed message")

    async def turn(self, activity: Activity, logic: Callable) -> None:
        await self.run_pipeline(TurnContext(self, activity), logic)


async def serve_reports(settings: Settings, pages: ReportPages) -> web.AppRunner | None:
    app = web.Application()
    app.on_response_prepare.append(security_headers)
    app.router.add_get("/report/{token}", pages.page)
    app.router.add_get("/report/{token}/export.{format:csv|json}", pages.download)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.host, settings.port).start()
    except OSError:
        print(f"(Port {settings.port} är upptagen: rapportlänkar öppnas bara om `make run` kör på samma databas.)")
        await runner.cleanup()
        return None
    return runner


async def chat(settings: Settings, user: str) -> None:
    database = await Database.open(settings.database_url, settings.database_pool_size, settings.database_max_overflow)
    model, clock, adapter = load_model(), ChatClock(), TerminalAdapter()
    tokens = ReportTokens.configured(settings.report_secret, settings.base_url)
    bot = build_bot(model, database, clock=clock, report_tokens=tokens)
    texts = bot.services.texts
    scheduler = NudgeScheduler(database, adapter, settings.app_id, texts, clock=clock)
    reports = await serve_reports(settings, ReportPages(database, model, texts, tokens, clock))
    print("Skriv till boten (Ctrl-D avslutar). Type to the bot (Ctrl-D quits).\n")
    speaking = Speaking(user)
    try:
        async with sweeping(scheduler, SWEEP_SECONDS):
            while (said := await _read_line()) is not None:
                if said.startswith("/tid"):
                    await _move_clock(said, clock, scheduler)
                    continue
                if AS_COMMAND.match(said):
                    speaking = _speak_as(said, user)
                    continue
                chosen = _clicked(said, adapter.buttons)
                reply_to = adapter.shown_on if chosen else None
                await adapter.turn(_activity(speaking, None if chosen else said, chosen, reply_to), bot.on_turn)
    finally:
        if reports is not None:
            await reports.cleanup()
        await database.close()


async def _read_line() -> str | None:
    try:
        return (await asyncio.get_running_loop().run_in_executor(None, input, "> ")).strip()
    except EOFError:
        return None


async def _move_clock(said: str, clock: ChatClock, scheduler: NudgeScheduler) -> None:
    match = CLOCK_COMMAND.match(said)
    if match and match[1]:
        amount = int(match[1])
        clock.ahead += timedelta(days=amount) if match[2] == "d" else timedelta(hours=amount)
        await scheduler.sweep()
    print(f"(Klockan i chatten / chat clock: {clock():%Y-%m-%d %H:%M} UTC. Flytta fram: /tid +3d eller /tid +5h)")


def _speak_as(said: str, user: str) -> Speaking:
    name = (AS_COMMAND.match(said)[1] or "").strip()
    speaking = Speaking(name, group=True) if name else Speaking(user)
    where = f"i gruppchatten / in the group chat {GROUP_CHAT}" if speaking.group else "i din egen chatt / in your own chat"
    print(f"(Du skriver nu som / You now write as {speaking.name}, {where}. /som utan namn: tillbaka till dig själv.)")
    return speaking


def _clicked(said: str, buttons: list[tuple[str, dict]]) -> dict | None:
    return buttons[int(said) - 1][1] if said.isdigit() and 0 < int(said) <= len(buttons) else None


def _activity(speaking: Speaking, text: str | None, value: dict | None, reply_to: str | None = None) -> Activity:
    conversation = ConversationAccount(id=GROUP_CHAT, conversation_type="groupChat") if speaking.group else \
        ConversationAccount(id=speaking.user_id, conversation_type="personal")
    return Activity(
        type=ActivityTypes.message, channel_id="terminal", service_url="http://localhost",
        text=text, value=value, locale="sv-SE", reply_to_id=reply_to,
        from_property=ChannelAccount(id=speaking.user_id, name=speaking.name),
        recipient=ChannelAccount(id="dalabot", name="Dalabot"),
        conversation=conversation,
    )


def main() -> None:
    asyncio.run(chat(Settings.from_env(), getpass.getuser()))


if __name__ == "__main__":
    sys.exit(main())
