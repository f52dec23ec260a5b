import re

import pytest

from bot.runtime import build_bot
from model import load_model
from tests.conversation import Chat, create_organisation

MODEL = load_model()


@pytest.fixture
def bot(sqlite_database):
    return build_bot(MODEL, sqlite_database)


async def test_first_contact_greets_and_creates_an_organisation(bot, sqlite_database):
    chat = Chat(bot)
    reply = await chat.say("hej")
    assert "Hej!" in reply and "35 frågor" in reply and "sparas direkt" in reply
    assert "Vad heter organisationen?" in reply
    assert "Vilken sorts organisation är Falu kommun?" in await chat.say("Falu kommun")
    reply = await chat.say("1")
    assert "Klart! Falu kommun är skapad och du är administratör." in reply
    assert "Starta en bedömning" in reply
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    assert (organisation.name, organisation.kind) == ("Falu kommun", "kommun")


async def test_a_colleague_joins_the_existing_organisation_with_a_code(bot):
    anna = Chat(bot)
    await create_organisation(anna)
    code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await anna.say("medlemmar bjud in")).group(1)
    colleague = Chat(bot, user_id="bo", name="Bo Ek")
    reply = await colleague.say("hej")
    assert "Falu kommun" not in reply and "gå med och koden" in reply
    assert "Välkommen! Du är nu medlem i Falu kommun" in await colleague.say(f"gå med {code}")
    assert "Resultat för Falu kommun" in await colleague.say("status")


async def test_a_whole_assessment_typed_as_digits_gives_the_right_levels(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    assert "Vad vill ni gå igenom?" in await chat.say("start")
    reply = await chat.say("1")
    assert "Steg 1 · Styrning · fråga 1 av 35" in reply
    planned = {row.key: 2 for row in MODEL.rows}
    planned.update({"1.S.1": 1, "2.R.2": 3, "3.V.1": 3, "4.M.1": 3})
    for row in MODEL.rows:
        reply = await chat.say(str(planned[row.key]))
    assert "Klart! Ni har gått igenom alla frågor i Hela modellen" in reply
    # Worked out by hand: 1.S.1 at 1 is the lowest cell, so the total is 1; 31 rows at 2, one at 1 and three
    # at 3 climb 72 of the 105 rungs to Excellent.
    assert "Totalt: ★ Tillfredsställande · 68,6 % av vägen till Excellent" in reply
    assert ("Steg 1 · Strategisk inriktning\nHela steget | ★ Tillfredsställande\nStyrning | ★ Tillfredsställande\n"
            "Verksamhet | ★★ Mycket tillfredsställande") in reply
    assert "**1. Mål för upphandling:**" in reply  # the lowest row leads the next steps, named by its question
    assert "Var vill ni vara?" in reply
    reply = await chat.say("3")
    assert "Ert mål: ★★★ Excellent" in reply
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    current = await sqlite_database.answers.current(organisation.id)
    assert {key: a.value for key, a in current.items()} == planned
    assert organisation.target == {"overall": 3}


async def only_organisation(database):
    [organisation] = await database.organisations.list("tenant-a")
    return organisation


async def test_pause_keeps_answers_and_continue_resumes_at_the_next_row(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    await chat.say("1")
    for answer in ("2", "1 policy antagen 2023", "3"):
        await chat.say(answer)
    assert "Pausat. Alla svar är sparade." in await chat.say("paus")
    organisation = await only_organisation(sqlite_database)
    current = await sqlite_database.answers.current(organisation.id)
    assert {key: a.value for key, a in current.items()} == {"1.S.1": 2, "1.S.2": 1, "1.S.3": 3}
    assert current["1.S.2"].comment == "policy antagen 2023"
    assert current["1.S.2"].user_name == "Anna Berg"
    reply = await chat.say("fortsätt")
    assert "fråga 4 av 35" in reply and MODEL.row("1.S.4").question("sv") in reply


async def test_back_changes_the_previous_answer_and_keeps_the_history(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    await chat.say("1")
    await chat.say("2")
    reply = await chat.say("tillbaka")
    assert "fråga 1 av 35" in reply and "Ert nuvarande svar: ★★ Mycket tillfredsställande." in reply
    assert "fråga 2 av 35" in await chat.say("3")
    organisation = await only_organisation(sqlite_database)
    assert [a.value for a in await sqlite_database.answers.history(organisation.id, "1.S.1")] == [2, 3]
    assert "första frågan" in (await chat.say("tillbaka") and await chat.say("tillbaka"))


async def test_not_relevant_is_saved_and_skip_leaves_the_row_open(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start steg 1")
    await chat.say("ej relevant: vi har ingen egen upphandling")
    reply = await chat.click("Hoppa över", comment="")
    assert "fråga 3 av 12" in reply
    organisation = await only_organisation(sqlite_database)
    current = await sqlite_database.answers.current(organisation.id)
    assert current["1.S.1"].value == "na" and current["1.S.1"].comment == "vi har ingen egen upphandling"
    assert "1.S.2" not in current
    await chat.say("paus")
    assert "fråga 2 av 12" in await chat.say("fortsätt")


async def test_bad_answers_get_a_friendly_reprompt_and_save_nothing(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    await chat.say("1")
    assert "Det svaret förstod jag inte. Svara 0, 1, 2 eller 3" in await chat.say("kanske")
    assert "Kommentaren är för lång" in await chat.say("2 " + "x" * 501)
    assert "Välj den nivå som stämmer bäst" in await chat.say("hjälp")
    organisation = await only_organisation(sqlite_database)
    assert await sqlite_database.answers.current(organisation.id) == {}
    assert "fråga 2 av 35" in await chat.click("Nivå 2", comment="x" * 500)


async def test_status_mid_assessment_shows_the_grid_and_repeats_the_question(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    await chat.say("1")
    await chat.say("0")
    reply = await chat.say("status")
    assert "Resultat för Falu kommun" in reply and "under nivå 1" in reply
    assert "fråga 2 av 35" in reply


async def test_english_locale_gets_english(sqlite_database):
    chat = Chat(build_bot(MODEL, sqlite_database), locale="en-GB")
    reply = await chat.say("hello")
    assert "Hi!" in reply and "What is the organisation called?" in reply
    await chat.say("Borlänge Energi")
    reply = await chat.say("3")
    assert "Done! Borlänge Energi is created" in reply


async def test_language_command_switches_and_is_remembered(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    assert "I will write in English from now on." in await chat.say("språk")
    assert "What would you like to go through?" in await chat.say("start")


async def test_typing_a_language_chooses_it_also_between_questions(bot):
    """The menu button's words typed ("In English", "På svenska") choose that language; typed again, they
    keep it instead of switching back."""
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    await chat.say("1")
    for _ in range(2):
        reply = await chat.say("in english")
        assert "I will write in English from now on." in reply and "Step 1 · Governance · question 1 of 35" in reply
    assert "Nu skriver jag på svenska." in await chat.say("På svenska")


async def test_a_team_conversation_is_bound_to_one_organisation(bot):
    anna = Chat(bot, conversation_id="team-1", conversation_type="channel")
    await create_organisation(anna)
    bo = Chat(bot, user_id="bo", name="Bo Ek", conversation_id="team-1", conversation_type="channel")
    reply = await bo.say("status")
    assert "Resultat för Falu kommun" in reply


async def test_unknown_text_gets_help_and_the_menu(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    reply = await chat.say("statusrapport tack")
    assert "Det förstod jag inte." in reply and "Starta en bedömning" in reply
    assert "Snabbkoll inför en upphandling" in reply and "Rapport att dela" in reply


async def test_adding_the_bot_greets_once_and_the_first_message_goes_straight_on(bot):
    chat = Chat(bot)
    assert "Hej!" in await chat.add_bot()
    reply = await chat.say("hej")
    assert "Hej!" not in reply and "Vad heter organisationen?" in reply


async def answer_step(chat: Chat, words: str, level: str = "2") -> str:
    """Runs `start <words>` to its end, answering every question with `level`."""
    reply = await chat.say(f"start {words}")
    while "Klart! Ni har gått igenom" not in reply:
        reply = await chat.say(level)
    return reply


async def test_no_target_gets_an_answer_and_a_set_target_is_not_asked_for_again(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    assert "Var vill ni vara?" in await answer_step(chat, "steg 4")
    assert "Okej, inget mål just nu" in await chat.click("Inget mål nu")
    assert "Var vill ni vara?" in await answer_step(chat, "steg 3")
    assert "Ert mål: ★★★ Excellent" in await chat.click("★★★ Excellent")
    reply = await answer_step(chat, "steg 2")
    assert "Resultat för Falu kommun" in reply and "Var vill ni vara?" not in reply
    assert (await only_organisation(sqlite_database)).target == {"overall": 3}


async def test_next_steps_name_the_question_they_come_from_not_its_key(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    await answer_step(chat, "steg 1", level="1")
    reply = await chat.click("★★ Mycket tillfredsställande")
    assert f"**1. {MODEL.row('1.S.1').topic('sv')}:** {MODEL.row('1.S.1').rung(2).action('sv')}" in reply
    assert not re.search(r"\d\.[SVRM]\.\d", reply + await chat.say("status"))


async def test_a_choice_that_is_not_understood_points_to_the_buttons(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("start")
    reply = await chat.say("kanske")
    assert "Jag förstod inte valet. Klicka på en av knapparna." in reply and "nummer" not in reply
