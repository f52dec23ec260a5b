"""A workshop for one unit, in a Teams channel over HTTP on SQLite and PostgreSQL: the levels the group agrees on
become the unit's answers, never the organisation's own; the cards, the end, status, the votes export and the
report name the unit."""
from __future__ import annotations

import re

from app import DATABASE
from model import load_model
from reports.exports import export
from tests.teams import TeamsUser, teams

MODEL = load_model()
CHANNEL = "19:unitworkshop@thread.tacv2"
SOCIAL = "Socialförvaltningen"


def person(client, connector, user_id: str, name: str) -> TeamsUser:
    return TeamsUser(client, connector, user_id=user_id, name=name, conversation_id=CHANNEL,
                     conversation_type="channel")


async def answers_of(client, unit_name: str | None = None) -> dict:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    unit = unit_name and await database.units.find(organisation.id, unit_name)
    return {key: a.value for key, a in (await database.answers.current(organisation.id,
                                                                      unit_id=unit and unit.id)).items()}


async def setup(client, connector) -> dict[str, TeamsUser]:
    """Anna binds the channel to Falu kommun, answers one question for the organisation itself in a workshop of
    its own, and adds two units."""
    people = {user_id: person(client, connector, user_id, name)
              for user_id, name in (("anna", "Anna Berg"), ("bo", "Bo Ek"), ("cecilia", "Cecilia Dahl"))}
    anna = people["anna"]
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)
    await anna.say("workshop kris")
    await anna.click("Upphandling")
    await anna.click("Ja, visa namnen")
    await anna.click("Nivå 1")
    await anna.click("Visa svaren")
    await anna.click("Nivå 1")
    await anna.say("avsluta workshop")
    for name in (SOCIAL, "Kultur och fritid"):
        await anna.say(f"ny enhet {name}")
    return people


async def test_a_workshop_of_three_for_a_unit_answers_for_the_unit_only(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        anna, bo, cecilia = people["anna"], people["bo"], people["cecilia"]
        own = await answers_of(client)
        assert own == {"K.1": 1}
        before = await anna.say("status")

        started = await bo.say("workshop enhet socialförvaltningen kris")
        assert "vilken roll har du?" in started
        await bo.click("Politiker")
        started = await bo.click("Ja, visa namnen")
        assert "Workshopen gäller Socialförvaltningen i Falu kommun." in started
        assert f"Workshop · {SOCIAL} · " in started and "fråga 1 av 2" in started

        for level, agreed in (("Nivå 2", "Nivå 3"), ("Nivå 3", "Nivå 2")):
            for name in ("anna", "bo", "cecilia"):
                await people[name].click(level)
            assert f"Workshop · {SOCIAL}" in connector.shown(bo.card_with("Visa svaren")).text
            if level == "Nivå 2":  # half way: status names the open workshop for the unit, not the organisation
                assert "En workshop pågår: fråga 1 av 2, samtalsledare Bo Ek." in await cecilia.say(
                    f"status enhet {SOCIAL}")
                assert "En workshop pågår" not in await cecilia.say("status")
            await bo.click("Visa svaren")
            ended = await bo.click(agreed)
        assert "Ni enades om 2 av 2 frågor. Svaren gäller nu för Socialförvaltningen" in ended
        assert "Vad workshopen visade för Socialförvaltningen" in ended

        assert await answers_of(client) == own
        assert await answers_of(client, SOCIAL) == {"K.1": 3, "K.2": 2}
        assert await answers_of(client, "Kultur och fritid") == {}
        after = await anna.say("status")
        assert after.split("Enheter")[0] == before.split("Enheter")[0]  # the organisation's own grid, unchanged
        unit_status = await anna.say(f"status enhet {SOCIAL}")
        assert f"Resultat för {SOCIAL} (Falu kommun)" in unit_status
        assert "Kris och beredskap: ★★ Mycket tillfredsställande" in unit_status
        assert "Kris och beredskap: ★ Tillfredsställande" in after
        assert "En workshop pågår" not in unit_status

        database = client.server.app[DATABASE]
        [organisation] = await database.organisations.list("tenant-a")
        votes = (await export(database, MODEL, organisation, "sv", "votes"))["votes"]
        assert [(v["row"], v["unit"], v["level"], v["agreed_level"]) for v in votes if v["who"] == "Bo Ek"] == [
            ("K.1", SOCIAL, 2, 3), ("K.2", SOCIAL, 3, 2)]
        assert [(v["row"], v["unit"]) for v in votes if v["who"] == "Anna Berg"][0] == ("K.1", None)
        unit = await database.units.find(organisation.id, SOCIAL)
        only = (await export(database, MODEL, organisation, "sv", "votes", unit))["votes"]
        assert {v["unit"] for v in only} == {SOCIAL} and len(only) == 6
        snapshots = (await export(database, MODEL, organisation, "sv", "snapshots"))["snapshots"]
        assert [s["unit"] for s in snapshots] == [None, SOCIAL]  # each workshop left a round for its own

        reply = await anna.say("rapport")
        page = re.search(r"(/report/[^)\s]+)\)", reply).group(1)
        html = (await (await client.get(page)).text()).replace("&nbsp;", " ")
        assert f"Antal workshoppar: Falu kommun som helhet 1, {SOCIAL} 1." in html


async def test_a_plain_workshop_asks_whom_it_is_for(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        bo = people["bo"]
        await bo.say("workshop")
        asked = await bo.click("Upphandling")
        assert "Vem gäller workshopen?" in asked
        assert "Falu kommun som helhet" in asked and "Kultur och fritid" in asked
        assert "Vad ska ni bedöma tillsammans?" in await bo.click("Kultur och fritid")
        await bo.say("kris")
        started = await bo.click("Nej, bara antal och roller")
        assert "Workshopen gäller Kultur och fritid i Falu kommun." in started
        assert "Workshop · Kultur och fritid · " in started
        await bo.say("avsluta workshop")

        assert "ingen enhet som heter Okänd" in await bo.say("workshop enhet Okänd")
        assert "Vilken enhet?" in await bo.say("workshop enhet")
        await bo.say("workshop")
        await bo.click("Falu kommun som helhet")
        await bo.say("kris")
        started = await bo.click("Nej, bara antal och roller")
        assert "Workshopen gäller" not in started and "Workshop · Kris och beredskap" in started
        await bo.say("avsluta workshop")

        for number in range(4):  # six units: more than fit beside the organisation, so they are named by typing
            await people["anna"].say(f"ny enhet Enhet {number}")
        await bo.say("workshop")
        asked = connector.shown(connector.received[-1]).text
        assert "Workshopen gäller Falu kommun som helhet. För en enhet: skriv **workshop enhet**" in asked
        assert "Vad ska ni bedöma tillsammans?" in asked


async def test_removing_a_unit_ends_its_workshop(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        bo, anna = people["bo"], people["anna"]
        await bo.say(f"workshop enhet {SOCIAL} kris")
        await bo.click("Politiker")
        await bo.click("Ja, visa namnen")
        card = bo.card_with("Visa svaren")
        await anna.say(f"ta bort enhet {SOCIAL}")
        await anna.say("1")
        assert "Det kortet gäller inte längre, så jag gjorde inget." in await bo.click("Nivå 2", on=card)
        assert "Här pågår ingen workshop" in await bo.say("fortsätt workshop")
        assert await answers_of(client) == {"K.1": 1}


async def test_in_english_a_unit_and_a_step_named_together(database_url):
    async with teams(database_url) as (client, connector):
        people = await setup(client, connector)
        await people["anna"].say("ny enhet Social services")
        eve = TeamsUser(client, connector, user_id="eve", name="Eve Hill", conversation_id=CHANNEL,
                        conversation_type="channel", locale="en-US")
        assert "what is your role" in await eve.say("workshop unit social services step 1")
        await eve.click("Procurement")
        started = await eve.click("Yes, show names")
        assert "The workshop is for Social services of Falu kommun." in started
        assert "Workshop · Social services · " in started and "question 1 of 12" in started
        await eve.click("Level 2")
        await eve.click("Show answers")
        await eve.click("Level 2", comment="Agreed in the meeting")
        ended = await eve.say("end workshop")
        assert "You agreed on 1 of 12 questions. The answers now count for Social services" in ended
        assert await answers_of(client, "Social services") == {"1.S.1": 2}
        assert await answers_of(client) == {"K.1": 1}
