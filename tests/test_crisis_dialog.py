"""`beredskap`: the crisis rows asked like the main assessment, then the preparedness topics."""
from datetime import datetime, timezone

import pytest

from bot.runtime import build_bot
from model import load_model
from model.checks import load_checks
from tests.conversation import Chat, create_organisation

MODEL = load_model()
CHECKS = load_checks(MODEL)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def bot(sqlite_database):
    return build_bot(MODEL, sqlite_database, clock=lambda: NOW)


async def organisation_id(database) -> str:
    [organisation] = await database.organisations.list("tenant-a")
    return organisation.id


async def test_crisis_rows_give_the_crisis_level_then_preparedness_ends_in_next_steps(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    reply = await chat.say("beredskap")
    assert "Kris och beredskap · fråga 1 av 2" in reply and MODEL.row("K.1").question.sv in reply
    assert "Kris och beredskap · fråga 2 av 2" in await chat.say("2")
    reply = await chat.say("1")
    assert "Klart! Ni har gått igenom alla frågor i Kris och beredskap" in reply
    assert "Kris och beredskap: ★ Tillfredsställande" in reply
    reply = await chat.say("4")  # no target now
    assert "Till sist 5 frågor om er beredskap i stort" in reply and "Beredskap i stort · fråga 1 av 5" in reply
    assert CHECKS.preparedness[0].question.sv in reply and "[2] Nej" in reply
    assert "Svara ja eller nej" in await chat.say("kanske")
    await chat.say("ja")
    await chat.say("nej")
    await chat.say("ja")
    await chat.click("Nej")
    reply = await chat.say("ja")
    assert "Beredskap i stort" in reply and "Klart\n- Upphandling i akuta lägen" in reply
    assert f"**Lokal beredskapsplan:** {CHECKS.item('preparedness_plans').action.sv}" in reply
    assert f"**Krisplanering med leverantörer:** {CHECKS.item('preparedness_suppliers').action.sv}" in reply
    organisation = await organisation_id(sqlite_database)
    assert {key: a.value for key, a in (await sqlite_database.answers.current(organisation)).items()} == {
        "K.1": 2, "K.2": 1}
    assert await sqlite_database.preparedness.current(organisation) == {
        "preparedness_competence": "yes", "preparedness_plans": "no", "preparedness_stock": "yes",
        "preparedness_suppliers": "no", "preparedness_contracts": "yes"}
    assert "Kris och beredskap: ★ Tillfredsställande" in await chat.say("status")


async def test_answered_crisis_rows_can_be_kept_and_preparedness_answers_updated(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("beredskap")
    await chat.say("3")
    await chat.say("3")
    await chat.say("4")
    for answer in ("nej",) * 5:
        await chat.say(answer)
    reply = await chat.say("beredskap")
    assert "Ni har redan svarat på 2 av 2 frågor här" in reply
    reply = await chat.say("1")
    assert "Alla frågor i Kris och beredskap är redan besvarade" in reply and "Beredskap i stort · fråga 1 av 5" in reply
    for answer in ("ja",) * 4:
        await chat.say(answer)
    reply = await chat.say("ja")
    assert "Att göra" not in reply and "Krisplanering med leverantörer" in reply
    organisation = await organisation_id(sqlite_database)
    assert set((await sqlite_database.preparedness.current(organisation)).values()) == {"yes"}
    assert "Kris och beredskap: ★★★ Excellent" in await chat.say("status")
