"""Roles: each member says once what they do (politiker, ledning, verksamhet, upphandling, controller, annan),
changes it with `min roll`, and a workshop asks for it only when it is not known; on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.runtime import build_bot
from model import load_model
from tests.conversation import Chat, FakeClock, create_organisation

MODEL = load_model()
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


async def test_a_member_states_a_role_and_changes_it(database):
    bot = build_bot(MODEL, database, clock=FakeClock(NOW))
    anna = Chat(bot)
    await create_organisation(anna)
    asked = await anna.say("min roll")
    assert "Vilken roll har du?" in asked
    assert [line.strip() for line in asked.splitlines() if line.strip().startswith("[")] == [
        "[1] Politiker", "[2] Ledning", "[3] Verksamhet", "[4] Upphandling", "[5] Controller", "[6] Annan"]
    assert "Din roll: Politiker." in await anna.click("Politiker")
    assert "Din roll: Upphandling." in await anna.say("min roll upphandling")
    again = await anna.say("my role")
    assert "Din roll nu: Upphandling." in again
    assert "Din roll: Controller." in await anna.say("5")
    [falun] = await database.organisations.list("tenant-a")
    assert (await database.organisations.member(falun.id, "anna")).work_role == "controller"
    assert "Anna Berg · administratör · Controller" in await anna.say("medlemmar")


async def test_a_workshop_asks_for_the_role_only_when_it_is_not_known(database):
    bot = build_bot(MODEL, database, clock=FakeClock(NOW))
    anna = Chat(bot, conversation_id="team-1", conversation_type="channel")
    await create_organisation(anna)
    await anna.say("min roll ledning")
    assert "Vad ska ni bedöma tillsammans?" in await anna.say("workshop")
    await anna.say("avbryt")
    bo = Chat(bot, user_id="bo", name="Bo Ek", conversation_id="team-1", conversation_type="channel")
    assert "Innan vi börjar, Bo Ek: vilken roll har du?" in await bo.say("gruppbedömning")
    assert "Vad ska ni bedöma tillsammans?" in await bo.say("Verksamhet")


async def test_a_workshop_needs_a_team_or_group_chat(database):
    anna = Chat(build_bot(MODEL, database, clock=FakeClock(NOW)))
    await create_organisation(anna)
    assert "En workshop hålls i en kanal, gruppchatt eller möteschatt" in await anna.say("workshop")
    assert "Här pågår ingen workshop" in await anna.say("fortsätt workshop")
