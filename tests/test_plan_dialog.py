"""The action plan and the reminder commands, as people use them in a chat."""
from __future__ import annotations

import json
from dataclasses import fields
import re
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from botbuilder.schema import ChannelAccount

from bot.adapter import create_adapter
from bot.cards import card_buttons
from bot.runtime import build_bot
from bot.settings import Settings
from bot.state_codec import decode, encode
from dialogs.plan.change_item import ChangeOptions
from dialogs.plan.add_item import AddItemOptions
from dialogs.plan.reminders import ReminderChange
from dialogs.plan.words import PlanAction, PlanRequest, typed_request
from dialogs.replies import Command
from services.plan import CONVERSATION, DONE, POSTPONED, USER
from texts import Texts
from model import load_model
from tests.conversation import Chat, FakeClock
from tests.fake_connector import ConnectorChat, FakeConnector, member

MODEL = load_model()
TEXTS = Texts.load()
NOW = datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc)  # a Monday morning
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def bot(sqlite_database, clock):
    return build_bot(MODEL, sqlite_database, clock=clock)


async def organisation_with_answers(chat: Chat, database) -> str:
    """Creates Falu kommun and answers a few rows, so that there are next steps."""
    await chat.say("hej")
    await chat.say("Falu kommun")
    await chat.say("1")
    [organisation] = await database.organisations.list("tenant-a")
    for key, level in {"1.S.1": 0, "1.S.2": 1, "1.S.3": 2, "2.V.1": 1}.items():
        await database.answers.record(organisation.id, key, level, None, "anna", "Anna Berg", NOW)
    await database.organisations.set_target(organisation.id, {"overall": 3})
    return organisation.id


def next_step_lines(reply: str) -> list[str]:
    """"**1. Mål för upphandling:** Formulera mätbara mål …": numbered, named by the question."""
    return re.findall(r"^\*\*\d\. [^*]+:\*\* .+$", reply, re.MULTILINE)


def item_buttons(chat: Chat) -> list[tuple[str, dict]]:
    """Buttons shown under the plan's items, which name the item they act on."""
    return [(title, data) for activity in chat.adapter.activity_buffer for title, data in card_buttons(activity)
            if "item" in data]


async def add_item(chat: Chat, what: str, owner: str, due: str) -> str:
    await chat.say(value={"command": "plan", "action": "add"})
    await chat.say(what)
    await chat.say(owner)
    return await chat.say(due)


async def test_the_plan_offers_the_same_next_steps_as_the_status_card(bot, sqlite_database):
    chat = Chat(bot)
    await organisation_with_answers(chat, sqlite_database)
    status = next_step_lines(await chat.say("status"))
    reply = await chat.say("plan")
    assert "Handlingsplan för Falu kommun" in reply and "Ni har inga åtgärder i planen ännu." in reply
    assert next_step_lines(reply) == status and len(status) == 4
    assert "[1] Lägg till i planen" in reply and "[5] Lägg till en åtgärd" in reply


async def test_plan_1_saves_the_first_next_step_with_owner_and_due_date(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    first = next_step_lines(await chat.say("status"))[0]
    reply = await chat.say("plan 1")
    suggested = MODEL.row("1.S.1").rung(1).action("sv")
    assert "Ändra texten om ni vill" in reply and first == f"**1. {MODEL.row('1.S.1').topic('sv')}:** {suggested}"
    assert "Vem är ansvarig? Skriv ett namn, eller **jag**" in await chat.say(value={"what": suggested})
    [saved] = await sqlite_database.action_items.list(organisation_id)  # kept from the first answer on
    assert (saved.what, saved.row_key, saved.owner_name) == (suggested, "1.S.1", "Anna Berg")
    assert "När ska det vara klart?" in await chat.say("jag")
    reply = await chat.say("15 april")
    assert f"Sparat som åtgärd 1: {suggested}. Ansvarig: Anna Berg. Klart senast 15 april 2025." in reply
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert (item.owner_id, item.due_on, item.conversation_id) == ("anna", date(2025, 4, 15), "personal-anna")
    planned = await sqlite_database.nudges.find(subject=str(item.id), status="pending")
    assert [(n.kind, n.due_at) for n in planned] == [
        ("item_heads_up", datetime(2025, 4, 8, 9, tzinfo=STOCKHOLM)),
        ("item_due", datetime(2025, 4, 15, 9, tzinfo=STOCKHOLM))]


async def test_a_free_text_item_reprompts_for_bad_input_and_keeps_what_was_said(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    assert "Vad ska göras?" in await chat.say(value={"command": "plan", "action": "add"})
    assert "3 till 300 tecken" in await chat.say("x")
    await chat.say("Ta fram en inköpsanalys för 2024")
    assert "2 till 100 tecken" in await chat.say("B")
    await chat.say("Bo Ek")
    assert "Jag förstod inte datumet" in await chat.say("snart")
    assert "Det datumet har redan varit" in await chat.say("1 januari 2025")
    reply = await chat.say("2025-06-30")
    assert "Sparat som åtgärd 1: Ta fram en inköpsanalys för 2024. Ansvarig: Bo Ek. Klart senast 30 juni 2025" in reply
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert (item.owner_name, item.owner_id, item.row_key) == ("Bo Ek", None, None)


async def test_the_list_shows_items_by_due_date_with_their_status_and_buttons(bot, sqlite_database, clock):
    chat = Chat(bot)
    await organisation_with_answers(chat, sqlite_database)
    await add_item(chat, "Besluta om mål", "Bo Ek", "30 juni 2025")
    await add_item(chat, "Kartlägg leverantörer", "Cecilia", "14 mars 2025")
    clock.now = datetime(2025, 3, 20, 10, tzinfo=timezone.utc)
    reply = await chat.say("handlingsplan")
    assert reply.index("Kartlägg leverantörer") < reply.index("Besluta om mål")
    assert "**2.** Kartlägg leverantörer  \nAnsvarig: Cecilia · Klart senast: 14 mars 2025 · Försenad" in reply
    assert "Ansvarig: Bo Ek · Klart senast: 30 juni 2025 · Pågår" in reply
    titles = [title for title, _ in item_buttons(chat)]
    assert titles == ["Klar", "Skjut upp en vecka", "Ny ansvarig", "Ta bort"] * 2
    assert {"command": "plan", "item": 2, "action": "done"}.items() <= item_buttons(chat)[0][1].items()


async def test_a_button_of_a_deleted_item_does_not_touch_the_item_that_took_its_number(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await add_item(chat, "Besluta om mål", "Bo Ek", "30 juni 2025")
    await chat.say("plan")
    old_plan = chat.replies
    await chat.say("plan ta bort 1")
    await chat.say("ja")
    await add_item(chat, "Kartlägg leverantörer", "Cecilia", "14 maj 2025")  # number 1 again
    reply = await chat.click("Klar", earlier=old_plan)
    assert "Åtgärden på det kortet finns inte längre i planen, så jag gjorde inget." in reply
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert (item.number, item.what, item.status) == (1, "Kartlägg leverantörer", "open")


async def test_typed_actions_postpone_reassign_and_delete(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await add_item(chat, "Besluta om mål", "Bo Ek", "30 april 2025")
    await add_item(chat, "Kartlägg leverantörer", "Cecilia", "14 mars 2025")
    await chat.say("plan")
    assert "Åtgärd 2 är uppskjuten till 1 juni 2025." in await chat.say("skjut upp 2 till 2025-06-01")
    assert "Vem är ansvarig?" in await chat.say("plan ny ansvarig 1")
    assert "Dan Ask är nu ansvarig för åtgärd 1." in await chat.say("Dan Ask")
    assert "Vill du ta bort åtgärd 2: Kartlägg leverantörer?" in await chat.say("plan ta bort 2")
    assert "Åtgärd 2 är borttagen." in await chat.say("1")
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert (item.number, item.owner_name) == (1, "Dan Ask")
    assert await sqlite_database.nudges.find(subject="2", status="pending") == []
    assert "Det finns ingen åtgärd 7" in await chat.say("plan klar 7")
    assert "till exempel **klar 2**" in await chat.say("plan klar")


async def test_postponing_without_a_date_asks_for_one(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await add_item(chat, "Besluta om mål", "Bo Ek", "30 april 2025")
    assert "Till när vill du skjuta upp åtgärd 1?" in await chat.say("plan skjut upp 1")
    assert "uppskjuten till 14 maj 2025" in await chat.say("14 maj")
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert (item.status, item.due_on) == (POSTPONED, date(2025, 5, 14))


async def test_buttons_from_a_nudge_postpone_by_a_week_or_a_month_and_replan_the_nudges(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await add_item(chat, "Besluta om mål", "Bo Ek", "30 april 2025")
    button = {"command": "plan", "action": "postpone", "item": 1, "organisation": organisation_id}
    assert "uppskjuten till 7 maj 2025" in await chat.say(value={**button, "by": "week"})
    assert "uppskjuten till 7 juni 2025" in await chat.say(value={**button, "by": "month"})
    [item] = await sqlite_database.action_items.list(organisation_id)
    due = await sqlite_database.nudges.find(subject=str(item.id), kind="item_due", status="pending")
    assert [n.due_at for n in due] == [datetime(2025, 6, 9, 9, tzinfo=STOCKHOLM)]  # 7 June is a Saturday
    other = await chat.say(value={**button, "by": "week", "organisation": "another"})
    assert "gäller en annan organisation" in other


async def test_marking_a_row_item_done_asks_the_row_again_and_updates_the_level(bot, sqlite_database):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await chat.say("plan 1")
    await chat.say(value={"what": "Sätt mätbara mål"})
    await chat.say("jag")
    await chat.say("15 april")
    reply = await chat.say(value={"command": "plan", "action": "done", "item": 1, "organisation": organisation_id})
    assert "Bra jobbat! Åtgärd 1 är klar." in reply and "Svara på den igen" in reply
    assert MODEL.row("1.S.1").question("sv") in reply
    await chat.say("1")
    current = await sqlite_database.answers.current(organisation_id)
    assert current["1.S.1"].value == 1
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert item.status == DONE
    assert await sqlite_database.nudges.find(subject=str(item.id), status="pending") == []
    assert "Åtgärd 1 är redan klar." in await chat.say("plan klar 1")


async def test_an_unrelated_reply_while_the_plan_is_shown_gets_a_hint(bot, sqlite_database):
    chat = Chat(bot)
    await organisation_with_answers(chat, sqlite_database)
    await chat.say("plan")
    assert "Jag förstod inte. Skriv till exempel **klar 2**" in await chat.say("klarhet")
    assert "Avbrutet" in await chat.say("avbryt")


async def test_a_half_added_item_continues_after_a_restart(sqlite_database, clock):
    chat = Chat(build_bot(MODEL, sqlite_database, clock=clock))
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    await chat.say(value={"command": "plan", "action": "add"})
    await chat.say("Besluta om mål")
    chat.bot = build_bot(MODEL, sqlite_database, clock=clock)
    await chat.say("Bo Ek")
    assert "Klart senast 30 april 2025" in await chat.say("30 april")
    assert len(await sqlite_database.action_items.list(organisation_id)) == 1


@pytest.mark.parametrize("options", [
    AddItemOptions("org-1", "1.S.1", "Sätt mål"),
    AddItemOptions("org-1", None, None, item_id=7),
    ChangeOptions("org-1", PlanRequest(PlanAction.POSTPONE, 2, "week", "org-1")),
    ChangeOptions("org-1", PlanRequest(PlanAction.ADD, None, None, None, 4, "1.S.2", 2), item_id=4),
    PlanRequest(PlanAction.DONE, 3),
    ReminderChange(Command.PAUSE_REMINDERS, "1 april", USER),
])
def test_plan_dialog_options_survive_json(options):
    restored = decode(json.loads(json.dumps(encode(options))))
    assert restored == options
    # Enums come back as enums, not as their values: a step compares them with `is`.
    assert [type(getattr(restored, f.name)) for f in fields(options)] == [
        type(getattr(options, f.name)) for f in fields(options)]


@pytest.mark.parametrize("text, expected", [
    ("klar 2", PlanRequest(PlanAction.DONE, 2)),
    ("Done 2", PlanRequest(PlanAction.DONE, 2)),
    ("skjut upp 3 till 2025-06-30", PlanRequest(PlanAction.POSTPONE, 3, "2025-06-30")),
    ("postpone 3 to next Friday", PlanRequest(PlanAction.POSTPONE, 3, "next Friday")),
    ("ta bort 1", PlanRequest(PlanAction.DELETE, 1)),
    ("byt ansvarig 4", PlanRequest(PlanAction.REASSIGN, 4)),
    ("2", PlanRequest(PlanAction.ADD, 2)),
    ("klarhet 2", None),
    ("ta 2", None),
])
def test_typed_plan_actions_are_read_by_whole_words(text, expected):
    assert typed_request(TEXTS, text, None) == expected


async def test_pause_stop_and_resume_in_a_personal_chat_apply_to_the_person(bot, sqlite_database):
    chat = Chat(bot)
    await organisation_with_answers(chat, sqlite_database)
    reply = await chat.say("pausa påminnelser till 1 april")
    assert "Du får inga påminnelser före 1 april 2025." in reply
    key = ("tenant-a", USER, "anna")
    [pause] = (await sqlite_database.reminder_preferences.get_many({key})).values()
    assert pause.paused_until == datetime(2025, 4, 1, tzinfo=STOCKHOLM)
    assert "Du får inga fler påminnelser." in await chat.say("stoppa påminnelser")
    assert (await sqlite_database.reminder_preferences.get_many({key}))[key].stopped
    assert "Du får påminnelser igen." in await chat.say("resume reminders")
    assert (await sqlite_database.reminder_preferences.get_many({key}))[key].blocks_until(NOW) is None


async def test_pausing_in_a_group_chat_asks_whether_for_oneself_or_everyone(bot, sqlite_database):
    chat = Chat(bot, conversation_id="group-1", conversation_type="groupChat")
    await organisation_with_answers(chat, sqlite_database)
    assert "Gäller det bara dig, eller alla i den här chatten?" in await chat.say("pausa påminnelser")
    assert "Till vilket datum vill du pausa påminnelserna?" in await chat.say("2")
    assert "Jag förstod inte datumet" in await chat.say("någon gång")
    assert "Den här chatten får inga påminnelser före 5 mars 2025" in await chat.say("5 mars")
    assert ("tenant-a", CONVERSATION, "group-1") in await sqlite_database.reminder_preferences.get_many(
        {("tenant-a", CONVERSATION, "group-1")})


async def test_in_a_group_chat_the_owner_is_picked_from_the_members_page_by_page_or_mentioned(sqlite_database, clock):
    bot = build_bot(MODEL, sqlite_database, clock=clock)
    async with FakeConnector() as connector:
        connector.members["group-1"] = [member(f"u{n}", f"Person {n}") for n in range(1, 8)]
        chat = ConnectorChat(bot, create_adapter(Settings()), connector, "group-1")
        await organisation_with_answers(chat, sqlite_database)
        await chat.say(value={"command": "plan", "action": "add"})
        reply = await chat.say("Besluta om mål")
        assert "Välj en person, nämn personen med @" in reply
        assert "[1] Person 1" in reply and "[5] Person 5" in reply and "[6] Fler personer" in reply
        reply = await chat.click("Fler personer")
        assert "[1] Person 6" in reply and "[2] Person 7" in reply and "Fler personer" not in reply
        await chat.click("Person 7")
        await chat.say("30 april")
        await chat.say("plan ny ansvarig 1")
        bo = ChannelAccount(id="bo-id", name="Bo Ek")
        assert "Bo Ek är nu ansvarig för åtgärd 1." in await chat.say("<at>Bo Ek</at> tar den", mentions=(bo,))
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    [item] = await sqlite_database.action_items.list(organisation.id)
    assert (item.owner_id, item.owner_name, item.conversation_id) == ("bo-id", "Bo Ek", "group-1")


async def test_help_names_the_plan_and_the_reminder_commands(bot, sqlite_database):
    chat = Chat(bot)
    await organisation_with_answers(chat, sqlite_database)
    reply = await chat.say("hjälp")
    assert "**plan** – er handlingsplan" in reply and "**pausa påminnelser till 1 augusti**" in reply
    assert "**stoppa påminnelser**" in reply


async def test_the_due_date_examples_lie_ahead_and_are_accepted_as_typed(bot, sqlite_database, clock):
    chat = Chat(bot)
    organisation_id = await organisation_with_answers(chat, sqlite_database)
    clock.now = datetime(2031, 10, 14, 9, tzinfo=timezone.utc)  # years after any date written into a text
    await chat.say(value={"command": "plan", "action": "add"})
    await chat.say("Ta fram en inköpsanalys")
    prompt = await chat.say("jag")
    words, digits = re.search(r"\*\*(\d+ \w+)\*\* eller \*\*(\d{4}-\d\d-\d\d)\*\*", prompt).groups()
    assert (words, digits) == ("31 januari", "2032-01-31")
    assert "Klart senast 31 januari 2032" in await chat.say(words)
    [item] = await sqlite_database.action_items.list(organisation_id)
    assert item.due_on == date(2032, 1, 31)
