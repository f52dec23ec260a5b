"""Clicks as Teams delivers them, over HTTP on SQLite and PostgreSQL: every click lands on the question its
card shows, counts once, and the answered card is replaced in place."""
from __future__ import annotations

from app import DATABASE
from model import load_model
from tests.teams import TeamsUser, buttons, teams

MODEL = load_model()
ERROR = "Något gick fel"


def topic(key: str) -> str:
    return MODEL.row(key).topic("sv")


async def answers(client) -> dict:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    return {key: a.value for key, a in (await database.answers.current(organisation.id)).items()}


async def history(client) -> list:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    return await database.answers.history(organisation.id)


async def begin(anna: TeamsUser, scope: str = "start steg 1") -> None:
    for text in ("hej", "Falu kommun", "1", scope):
        await anna.say(text)


async def test_a_click_on_an_older_card_changes_that_row_and_shows_the_open_question_again(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        first = anna.card_with("Nivå 1")
        await anna.click("Nivå 1")
        await anna.click("Nivå 2")
        reply = await anna.click("Ej relevant", on=first)
        assert f"Ändrat: {topic('1.S.1')} → ej relevant" in reply
        assert "fråga 3 av 12" in reply and ERROR not in reply
        assert await answers(client) == {"1.S.1": "na", "1.S.2": 2}


async def test_an_answered_card_is_replaced_by_its_answer_without_buttons(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        question = anna.card_with("Nivå 2")
        await anna.click("Nivå 2", comment="Beslutat i KF 2024")
        shown = connector.shown(question)
        assert shown is not question and shown.text.splitlines() == [
            topic("1.S.1"), "Ert svar: ★★ Mycket tillfredsställande", "Beslutat i KF 2024"]
        assert buttons(shown) == []


async def test_a_double_click_is_recorded_once_and_answered_once(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        question = anna.card_with("Nivå 2")
        first = await anna.click("Nivå 2", on=question)
        again = await anna.click("Nivå 2", on=question)
        assert "fråga 2 av 12" in first and again == ""
        assert [(a.row_key, a.value) for a in await history(client)] == [("1.S.1", 2)]


async def test_a_card_of_a_finished_assessment_writes_nothing_and_says_why(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna, "start kris")
        first = anna.card_with("Nivå 1")
        await anna.click("Nivå 1")
        await anna.click("Nivå 2")  # the last crisis row: the assessment is finished
        reply = await anna.click("Nivå 3", on=first)
        assert "Den bedömningen är redan avslutad, så jag sparade inget." in reply
        assert await answers(client) == {"K.1": 1, "K.2": 2}


async def test_a_card_of_a_paused_assessment_writes_nothing_and_tells_how_to_go_on(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        first = anna.card_with("Nivå 1")
        await anna.say("paus")
        reply = await anna.click("Nivå 1", on=first)
        assert "Den bedömningen är pausad, så jag sparade inget. Skriv **fortsätt**" in reply
        assert await answers(client) == {}
        assert "fråga 1 av 12" in await anna.say("fortsätt")


async def test_a_choice_card_that_was_answered_cannot_answer_again(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await anna.say("hej")
        await anna.say("Falu kommun")
        kinds = anna.card_with("Kommun")
        assert "Falu kommun" in await anna.click("Kommun")
        reply = await anna.click("Region", on=kinds)
        assert "Det kortet gäller inte längre, så jag gjorde inget." in reply
        database = client.server.app[DATABASE]
        [organisation] = await database.organisations.list("tenant-a")
        assert organisation.kind == "kommun"


async def test_typed_answers_still_answer_the_open_question(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.click("Nivå 1")
        assert "fråga 3 av 12" in await anna.say("ej relevant")
        assert await answers(client) == {"1.S.1": 1, "1.S.2": "na"}
