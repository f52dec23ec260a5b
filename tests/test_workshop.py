"""A workshop in a Teams channel, over HTTP on SQLite and PostgreSQL: one card per question, answered by
everyone on it and updated in place (PUT through the Bot Connector), revealed and agreed by the facilitator."""
from __future__ import annotations

import asyncio
import re

from app import DATABASE
from model import load_model
from tests.teams import TeamsUser, buttons, teams

MODEL = load_model()
CHANNEL = "19:workshop@thread.tacv2"


def topic(key: str) -> str:
    return MODEL.row(key).topic("sv")


def person(client, connector, user_id: str, name: str) -> TeamsUser:
    return TeamsUser(client, connector, user_id=user_id, name=name, conversation_id=CHANNEL,
                     conversation_type="channel")


async def organisation_answers(client) -> dict:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    return {key: a.value for key, a in (await database.answers.current(organisation.id)).items()}


async def setup(client, connector) -> dict[str, TeamsUser]:
    """Anna binds the channel to Falu kommun (she is its administrator); Bo starts a workshop on step 1."""
    people = {name.split()[0].lower(): person(client, connector, name.split()[0].lower(), name)
              for name in ("Anna Berg", "Bo Ek", "Cecilia Dahl", "David Holm", "Eva Lund")}
    for text in ("hej", "Falu kommun", "1"):
        await people["anna"].say(text)
    bo = people["bo"]
    assert "Innan vi börjar, Bo Ek: vilken roll har du?" in await bo.say("workshop steg 1")
    await bo.click("Upphandling")
    assert "Ska namnen synas" in connector.shown(connector.received[-1]).text
    started = await bo.click("Ja, visa namnen")
    assert "Workshopen börjar" in started and "fråga 1 av 12" in started and "[1] Nivå 1" in started
    return people


def question_cards(connector, key: str) -> list:
    return [r for r in connector.received if r.text.startswith("Workshop ·") and topic(key) in r.text]


async def test_five_answer_on_one_card_that_counts_then_reveals_and_the_agreed_level_counts(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        bo, card = people["bo"], people["bo"].card_with("Visa svaren")
        for n, (name, level) in enumerate((("anna", "Nivå 1"), ("bo", "Nivå 3"), ("cecilia", "Nivå 3"),
                                           ("david", "Nivå 2"), ("eva", "Nivå 3")), 1):
            said = await people[name].click(level, on=card if n == 1 else None)
            assert "Det kortet" not in said
            shown = connector.shown(card).text
            assert f"{n} av " in shown and "har svarat" in shown
        shown = connector.shown(card).text
        assert "5 av 5 har svarat." in shown and "Inte ännu" not in shown and "Nivå 3 (" not in shown
        assert len(question_cards(connector, "1.S.1")) == 1  # posted once, updated in place
        assert [u.id for u in connector.updates].count(card.id) >= 5

        refused = await people["cecilia"].click("Visa svaren")
        assert "Cecilia Dahl: bara samtalsledaren (Bo Ek) eller en administratör kan göra det." in refused
        assert "Svaren (" not in connector.shown(card).text

        await bo.click("Visa svaren")
        shown = connector.shown(card).text
        assert "Svaren (5):" in shown and "Anna Berg" in shown
        assert "Värt att prata om: svaren skiljer sig 2 nivåer." in shown
        assert "Per roll:" in shown and "Upphandling: 3" in shown

        late = await people["david"].click("Nivå 1", on=card)
        assert "David Holm: svaren på den frågan är redan visade" in late

        await bo.click("Nivå 3", comment="Policyn är beslutad")
        assert "Ni enades om: ★★★" in connector.shown(card).text
        assert buttons(connector.shown(card)) == []
        assert len(question_cards(connector, "1.S.2")) == 1
        assert await organisation_answers(client) == {"1.S.1": 3}


async def test_a_late_joiner_answers_and_is_counted(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        await people["anna"].click("Nivå 2")
        await people["bo"].click("Nivå 2")
        fia = person(client, connector, "fia", "Fia Olsson")
        card = fia.card_with("Visa svaren")
        assert "2 av 2 har svarat." in connector.shown(card).text
        await fia.click("Nivå 1")
        assert "3 av 3 har svarat." in connector.shown(card).text
        assert "Fia Olsson, vilken roll har du?" in connector.received[-1].text
        role_card = connector.received[-1]
        assert "Bo Ek: den frågan gäller någon annan" in await people["bo"].click("Politiker", on=role_card)
        assert "Fia Olsson: din roll är Politiker." in await fia.click("Politiker", on=role_card)
        await people["bo"].click("Visa svaren")
        assert "Politiker: 1" in connector.shown(card).text and "Upphandling: 2" in connector.shown(card).text


async def test_the_facilitator_skips_and_goes_back_and_earlier_answers_still_count(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        bo = people["bo"]
        first = bo.card_with("Visa svaren")
        await people["anna"].click("Nivå 2")
        assert "Cecilia Dahl: bara samtalsledaren" in await people["cecilia"].click("Hoppa över")
        await bo.click("Hoppa över")
        assert "Frågan hoppades över." in connector.shown(first).text
        second = bo.card_with("Tillbaka")
        assert "fråga 2 av 12" in second.text
        await bo.click("Tillbaka")
        assert "Ni gick tillbaka till frågan före." in connector.shown(second).text
        again = bo.card_with("Visa svaren")
        assert "fråga 1 av 12" in again.text and "1 av 2 har svarat." in again.text
        assert "det kortet gäller inte längre" in await people["anna"].click("Nivå 3", on=second)
        assert await organisation_answers(client) == {}


async def test_the_facilitator_leaves_and_an_administrator_takes_over(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        await people["cecilia"].click("Nivå 2")
        await client.post("/api/messages", json={
            "type": "conversationUpdate", "id": "left-1", "channelId": "msteams", "serviceUrl": connector.url,
            "from": {"id": "anna", "name": "Anna Berg"}, "recipient": {"id": "bot", "name": "Dalabot"},
            "conversation": {"id": CHANNEL, "conversationType": "channel", "tenantId": "tenant-a"},
            "channelData": {"tenant": {"id": "tenant-a"}}, "membersRemoved": [{"id": "bo", "name": "Bo Ek"}]})
        assert "Bo Ek har lämnat samtalet" in connector.received[-1].text
        refused = await people["cecilia"].say("ta över workshop")
        assert "Cecilia Dahl: bara en administratör kan ta över workshopen" in refused
        anna = people["anna"]
        taken = await anna.say("ta över workshop")
        assert "Anna Berg leder workshopen från och med nu." in taken and "För samtalsledaren (Anna Berg)" in taken
        assert "1 av 2 har svarat." in taken
        await anna.click("Nivå 2")
        await anna.click("Visa svaren")
        await anna.click("Nivå 2")
        assert await organisation_answers(client) == {"1.S.1": 2}


async def test_pause_and_resume_another_day_and_end_with_what_was_found(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        bo = people["bo"]
        await people["anna"].click("Nivå 1")
        await bo.click("Nivå 3")
        await bo.click("Visa svaren")
        await bo.click("Nivå 2")
        paused = await bo.click("Pausa")
        assert "Workshopen är pausad" in paused
        card = question_cards(connector, "1.S.2")[0]
        assert "Anna Berg: workshopen är pausad, så jag sparade inget." in await people["anna"].click("Nivå 1", on=card)
        assert "fråga 2 av 12" in await people["eva"].say("fortsätt workshop")
        status = await people["eva"].say("status")
        assert "En workshop pågår: fråga 2 av 12, samtalsledare Bo Ek." in status
        ended = await bo.say("avsluta workshop")
        assert "Ni enades om 1 av 12 frågor." in ended
        assert "Vad workshopen visade" in ended and "Svaren skilde sig två nivåer eller mer" in ended
        assert "Steg 1: Ledning" not in ended and "Upphandling 3" in ended
        assert "Här pågår ingen workshop" in await bo.say("fortsätt workshop")

        reply = await bo.say("rapport")
        page = re.search(r"(/report/[^)\s]+)\)", reply).group(1)
        html = (await (await client.get(page)).text()).replace("&nbsp;", " ")
        assert "Workshoppar: var gruppen var enig och inte" in html
        differed = html.split("Svaren skilde sig två nivåer eller mer")[1].split("</ul>")[0]
        assert f"1.S.1 {topic('1.S.1')}" in differed
        assert "<th>Upphandling</th>" in html and "?what=votes" not in html
        assert (await client.get(f"{page}/export.csv", params={"what": "votes"})).status == 400


async def test_answers_given_at_the_same_moment_are_all_counted_on_the_card(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        card = people["bo"].card_with("Visa svaren")
        await people["anna"].click("Nivå 1", on=card)  # the card's message is known from here on
        await asyncio.gather(*(people[name].click("Nivå 2", on=card) for name in ("bo", "cecilia", "david", "eva")))
        assert {status for person in people.values() for status in person.statuses} == {200}
        assert "5 av 5 har svarat." in connector.shown(card).text
