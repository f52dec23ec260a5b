"""Members, invitation codes, roles and settings, as people in personal and team chats meet them."""
import logging
import re
from datetime import datetime, time, timedelta, timezone

import pytest

from storage import ReminderSettings
from bot.runtime import build_bot
from model import load_model
from tests.conversation import Chat, FakeClock, create_organisation

MODEL = load_model()
START = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def bot(sqlite_database, clock):
    return build_bot(MODEL, sqlite_database, clock=clock)


async def invitation_code(admin: Chat) -> str:
    return re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await admin.say("medlemmar bjud in")).group(1)


async def test_members_shows_roles_and_an_admin_gets_buttons(bot):
    anna = Chat(bot)
    await create_organisation(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say(f"gå med {await invitation_code(anna)}")
    reply = await anna.say("medlemmar")
    assert "Medlemmar i Falu kommun" in reply
    assert "Anna Berg · administratör" in reply and "Bo Ek · medlem" in reply
    assert "[1] Bjud in en kollega" in reply and "[2] Ta bort Bo Ek" in reply
    reply = await bo.say("medlemmar")
    assert "Bo Ek · medlem" in reply and "Ta bort" not in reply and "Bjud in" not in reply


async def test_a_code_is_typed_loosely_and_stops_working_after_seven_days(bot, clock):
    anna = Chat(bot)
    await create_organisation(anna)
    code = await invitation_code(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say("hej")
    assert "Välkommen! Du är nu medlem i Falu kommun" in await bo.say(f"join {code.lower().replace('-', ' ')}")
    clock.now = START + timedelta(days=7, seconds=1)
    cecilia = Chat(bot, user_id="cecilia", name="Cecilia Ek")
    reply = await cecilia.say(f"gå med {code}")
    assert "Den koden fungerar inte" in reply and "Falu kommun" not in reply
    assert "Den koden fungerar inte" in await cecilia.say("ABCD-EFGH")
    assert "Välkommen! Du är nu medlem i Falu kommun" in await cecilia.say(await invitation_code(anna))


async def test_a_user_sees_only_their_own_organisations(bot):
    anna = Chat(bot)
    await create_organisation(anna, "Falu kommun")
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await create_organisation(bo, "Mora kommun")
    reply = await bo.say("byt organisation")
    assert "[1] Mora kommun" in reply and "Falu kommun" not in reply
    assert "[2] Skapa ny organisation" in reply and "[3] Gå med i en organisation med en kod" in reply
    assert "Skriv koden du har fått" in await bo.say("3")
    assert "Välkommen! Du är nu medlem i Falu kommun" in await bo.say(await invitation_code(anna))
    reply = await bo.say("byt organisation")
    assert "[1] Falu kommun" in reply and "[2] Mora kommun" in reply


async def test_non_admins_get_a_friendly_no(bot):
    anna = Chat(bot)
    await create_organisation(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say(f"gå med {await invitation_code(anna)}")
    for command in ("medlemmar bjud in", "medlemmar ta bort Anna Berg"):
        assert "Det kan bara en administratör göra. Fråga Anna Berg." in await bo.say(command)
    assert "Inställningarna kan bara en administratör ändra" in await bo.say("inställningar")


async def test_a_removed_member_loses_the_organisation_also_mid_assessment(bot, sqlite_database):
    anna = Chat(bot)
    await create_organisation(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say(f"gå med {await invitation_code(anna)}")
    await bo.say("start")
    assert "fråga 1 av 35" in await bo.say("1")
    reply = await anna.say(value={"command": "medlemmar ta bort", "member": "bo"})
    assert "Bo Ek är inte längre med i Falu kommun." in reply
    reply = await bo.say("2")
    assert "Falu kommun" not in reply and "Vad heter organisationen?" in reply
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    assert await sqlite_database.answers.current(organisation.id) == {}


async def test_the_last_admin_cannot_be_removed(bot):
    anna = Chat(bot)
    await create_organisation(anna)
    reply = await anna.say("medlemmar ta bort Anna Berg")
    assert "Anna Berg är den enda administratören och kan inte tas bort." in reply
    assert "Anna Berg · administratör" in await anna.say("medlemmar")


async def test_in_a_team_anyone_answers_and_admins_add_and_remove_by_mention(bot, sqlite_database):
    anna = Chat(bot, conversation_id="team-1", conversation_type="channel")
    await create_organisation(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek", conversation_id="team-1", conversation_type="channel")
    assert "Bo Ek · medlem" in await bo.say("medlemmar")
    reply = await anna.say("medlemmar lägg till <at>Cecilia Ek</at>", mentions={"cecilia": "Cecilia Ek"})
    assert "Cecilia Ek är nu med i Falu kommun." in reply
    cecilia_alone = Chat(bot, user_id="cecilia", name="Cecilia Ek")
    assert "Du svarar nu för Falu kommun." in (await cecilia_alone.say("hej") and await cecilia_alone.say("1"))
    reply = await anna.say("medlemmar ta bort <at>Cecilia Ek</at>", mentions={"cecilia": "Cecilia Ek"})
    assert "Cecilia Ek är inte längre med i Falu kommun." in reply
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    assert [m.user_id for m in await sqlite_database.organisations.members(organisation.id)] == ["anna", "bo"]


async def test_adding_by_mention_is_for_team_chats(bot):
    anna = Chat(bot)
    await create_organisation(anna)
    assert "bjuder du in med en kod" in await anna.say("medlemmar lägg till Bo")


async def test_an_admin_sets_target_reminder_hours_and_interval(bot, sqlite_database):
    anna = Chat(bot)
    await create_organisation(anna)
    reply = await anna.say("inställningar")
    assert "Mål: –" in reply and "mellan 09:00 och 16:00" in reply and "var 12:e månad" in reply
    assert "Vilken nivå är ert mål?" in await anna.say("1")
    assert "Sparat." in await anna.say("2")
    await anna.say("inställningar")
    assert "Skriv till exempel 9-16" in await anna.say("2")
    assert "första är tidigast" in await anna.say("16-9")
    assert "Sparat." in await anna.say("8.30-15")
    await anna.say("inställningar")
    await anna.say("3")
    assert "Sparat." in await anna.click("Var 6:e månad")
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    assert organisation.target == {"overall": 2}
    settings = (await sqlite_database.organisation_reminders.settings({organisation.id}))[organisation.id]
    assert settings == ReminderSettings(office_start=time(8, 30), office_end=time(15, 0), reassess_months=6)
    assert "Mål: ★★ Mycket tillfredsställande" in await anna.say("inställningar")


async def test_joining_in_an_unbound_team_chat_binds_it_and_a_bound_one_stays(bot):
    anna = Chat(bot)
    await create_organisation(anna, "Falu kommun")
    code = await invitation_code(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek", conversation_id="team-1", conversation_type="channel")
    assert "Välkommen! Du är nu medlem i Falu kommun" in await bo.say(f"gå med {code}")
    cecilia = Chat(bot, user_id="cecilia", name="Cecilia Ek", conversation_id="team-1", conversation_type="channel")
    assert "Resultat för Falu kommun" in await cecilia.say("status")
    mora_admin = Chat(bot, user_id="dan", name="Dan Ek")
    await create_organisation(mora_admin, "Mora kommun")
    reply = await bo.say(f"gå med {await invitation_code(mora_admin)}")
    assert "Du är nu medlem i Mora kommun. Här i chatten svarar ni fortfarande för Falu kommun." in reply
    assert "Resultat för Falu kommun" in await cecilia.say("status")


async def test_too_many_wrong_codes_make_a_person_wait_ten_minutes(bot, clock, caplog):
    caplog.set_level(logging.INFO)
    anna = Chat(bot)
    await create_organisation(anna)
    code = await invitation_code(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    assert "Den koden fungerar inte" in await bo.say("gå med AAAA-AAAA")
    for attempt in range(9):
        assert "Den koden fungerar inte" in await bo.say(f"BBBB-{attempt + 2:04d}".replace("0", "C"))
    refused = await bo.say(code)  # the right code, but one try too many
    assert "Du har skrivit fel kod för många gånger. Vänta tio minuter" in refused and "Välkommen" not in refused
    assert "Du har skrivit fel kod för många gånger" in await bo.say(f"gå med {code}")
    english = Chat(bot, user_id="bo", name="Bo Ek", conversation_id="bo-en", locale="en-US")
    assert "You have typed a wrong code too many times" in await english.say(f"join {code}")
    clock.now += timedelta(minutes=10, seconds=1)
    assert "Välkommen! Du är nu medlem i Falu kommun" in await bo.say(f"gå med {code}")
    assert code not in caplog.text and "user bo " not in caplog.text  # no codes, no raw user ids in the log
    assert sum("Wrong invitation code in tenant tenant-a" in r.getMessage() for r in caplog.records) == 10


async def test_a_tenant_full_of_wrong_codes_makes_everyone_in_it_wait(bot, clock):
    anna = Chat(bot)
    await create_organisation(anna)
    code = await invitation_code(anna)
    for person in range(10):
        guesser = Chat(bot, user_id=f"guesser-{person}", name="Gissare")
        for attempt in range(5):
            await guesser.say(f"gå med ZZZZ-ZZ{person}{attempt}".replace("0", "Q").replace("1", "R"))
    cecilia = Chat(bot, user_id="cecilia", name="Cecilia Ek")
    assert "Du har skrivit fel kod för många gånger" in await cecilia.say(f"gå med {code}")
    other_tenant = Chat(bot, user_id="dan", name="Dan", tenant_id="tenant-b")
    assert "Den koden fungerar inte" in await other_tenant.say(f"gå med {code}")
