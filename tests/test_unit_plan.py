"""A unit's action plan, over HTTP as Teams delivers it, on SQLite and PostgreSQL: `plan enhet X` shows the unit's
items and the next steps from its answers, an item added there is the unit's, the organisation's plan lists it
under the unit's name with a number shared by all, and when it is done its question is asked again for the
unit. Removing the unit takes its items and their reminders with it."""
from __future__ import annotations

import csv
import io
import re

from app import DATABASE
from bot.export import run
from bot.settings import Settings
from model import load_model
from tests.teams import TeamsUser, buttons, teams

MODEL = load_model()
STEP_1 = [row.key for row in MODEL.rows if row.step == "1"]
SOCIAL = "Socialförvaltningen"


async def begin(anna: TeamsUser) -> None:
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)


async def unit_with_answers(anna: TeamsUser, name: str, start: str, pause: str) -> None:
    """The unit, with the first four questions of step 1 answered for it."""
    await anna.say(f"{start} {name} {'steg' if start.startswith('start enhet') else 'step'} 1")
    for level in ("1", "1", "2", "1"):
        await anna.say(level)
    await anna.say(pause)


async def database_and_organisation(client):
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    return database, organisation


async def current(client, unit: str | None = None) -> dict:
    database, organisation = await database_and_organisation(client)
    unit_id = None if unit is None else (await database.units.find(organisation.id, unit)).id
    return {key: a.value for key, a in (await database.answers.current(organisation.id, unit_id=unit_id)).items()}


def numbered_steps(reply: str) -> list[str]:
    """"**1. Mål för upphandling:** Formulera …": the next steps as both the status and the plan number them."""
    return re.findall(r"^\*\*\d\. [^*]+:\*\* .+$", reply, re.MULTILINE)


async def test_a_units_next_step_goes_into_its_plan_and_done_asks_its_question_again(database_url, capsys):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        await anna.say("ny enhet Kultur")
        await unit_with_answers(anna, SOCIAL, "start enhet", "paus")
        await anna.say("start steg 1")
        await anna.say("1")  # the organisation's own first answer, which the unit's must not touch
        await anna.say("paus")
        status = await anna.say(f"status enhet {SOCIAL.lower()}")
        assert f"Enhetens handlingsplan: skriv **plan enhet {SOCIAL}**" in status

        reply = await anna.say(f"plan enhet {SOCIAL.lower()}")
        assert f"Handlingsplan för {SOCIAL} (Falu kommun)" in reply
        assert f"{SOCIAL} har inga åtgärder i planen ännu." in reply and "Nästa steg enligt enhetens bedömning" in reply
        assert numbered_steps(reply) == numbered_steps(status) and numbered_steps(reply)
        card = anna.card_with("Lägg till i planen")
        database, organisation = await database_and_organisation(client)
        social = await database.units.find(organisation.id, SOCIAL)
        assert all(data.get("unit") == social.id for title, data in buttons(card) if data.get("action") == "add")

        reply = await anna.click("Lägg till i planen")  # the unit's next step 1
        assert "Så här lyder steget" in reply
        assert "Vem är ansvarig?" in await anna.click("Nästa", what="Ta fram en inköpsanalys för socialtjänsten")
        assert "När ska det vara klart?" in await anna.say("Anna Berg")
        reply = await anna.say("15 mars 2030")
        assert (f"Sparat som åtgärd 1 för {SOCIAL}: Ta fram en inköpsanalys för socialtjänsten. Ansvarig: Anna Berg. "
                "Klart senast 15 mars 2030.") in reply
        [item] = await database.action_items.list(organisation.id)
        assert (item.unit_id, item.number) == (social.id, 1)
        unit_row = item.row_key
        assert unit_row in STEP_1[:4]

        reply = await anna.say("plan 1")  # the organisation's own next step 1 takes the next number
        await anna.click("Nästa", what="Besluta om mål för upphandlingen")
        await anna.say("jag")
        assert "Sparat som åtgärd 2: Besluta om mål" in await anna.say("15 april 2030")

        reply = await anna.say("plan")
        assert "Handlingsplan för Falu kommun" in reply
        assert (f"**1.** ({SOCIAL}) Ta fram en inköpsanalys för socialtjänsten  \n"
                "Ansvarig: Anna Berg · Klart senast: 15 mars 2030 · Pågår") in reply
        assert "**2.** Besluta om mål för upphandlingen" in reply
        reply = await anna.say(f"plan enhet {SOCIAL}")
        assert "**1.** Ta fram en inköpsanalys" in reply and "Besluta om mål" not in reply
        assert "Kultur har inga åtgärder" in await anna.say("plan enhet kultur")
        # Typed while Kultur's plan is shown, "plan 1" is Kultur's step 1 (it has none), not the organisation's.
        assert "Kultur har inget nästa steg nummer 1" in await anna.say("plan 1")

        own_before = await current(client)
        await anna.say("plan")
        reply = await anna.say("klar 1")
        topic = MODEL.row(unit_row).topic("sv")
        assert "Bra jobbat! Åtgärd 1 är klar." in reply
        assert f"Åtgärden hör till frågan ”{topic}” för {SOCIAL}. Svara på den igen för {SOCIAL}" in reply
        assert f"{SOCIAL} · Steg 1 · " in reply
        await anna.say("3")
        assert (await current(client, SOCIAL))[unit_row] == 3
        assert await current(client) == own_before and await current(client, "Kultur") == {}
        [done] = [i for i in await database.action_items.list(organisation.id) if i.number == 1]
        assert done.status == "done"
        address = re.search(r"/report/[^)\s]+", await anna.say("rapport")).group()
        html = await (await client.get(address)).text()
    assert f"<td>({SOCIAL}) Ta fram en inköpsanalys för socialtjänsten</td>" in html
    assert await run("Falu kommun", "plan", "csv", ";", "sv", Settings(database_url=database_url)) == 0
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff")), delimiter=";"))
    assert [(line["number"], line["unit"], line["status"]) for line in lines] == [
        ("1", SOCIAL, "done"), ("2", "", "open")]
    assert await run("Falu kommun", "plan", "json", ",", "sv", Settings(database_url=database_url), SOCIAL) == 0
    assert '"number": 2' not in capsys.readouterr().out


async def test_plan_unit_with_a_number_adds_that_step_in_english_and_buttons_work_from_the_organisations_plan(
        database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector, locale="en-US")
        await begin(anna)
        await anna.say("new unit Social services")
        await unit_with_answers(anna, "Social services", "start unit", "pause")
        status = await anna.say("status unit social services")
        assert "The unit's action plan: type **plan unit Social services**" in status
        second = numbered_steps(status)[1]
        assert "has no next step number 9" in await anna.say("plan unit social services 9")
        assert "has no unit called Miljö" in await anna.say("plan unit Miljö")
        reply = await anna.say("plan unit social services 2")
        assert "This is the step" in reply
        await anna.click("Next", what=MODEL.row(STEP_1[0]).rung(1).action("en"))  # as suggested
        await anna.say("me")
        reply = await anna.say("30 June 2030")
        assert "Saved as action 1 for Social services:" in reply
        database, organisation = await database_and_organisation(client)
        [item] = await database.action_items.list(organisation.id)
        assert MODEL.row(item.row_key).topic("en") in second and item.unit_id is not None

        reply = await anna.say("plan")
        assert "**1.** (Social services) " in reply and "Action plan for Falu kommun" in reply
        reply = await anna.click("Done")  # the item's button on the organisation's plan
        assert "Well done! Action 1 is done." in reply
        assert "for Social services. Answer it again for Social services" in reply
        assert "Social services · Step 1" in reply
        await anna.say("2")
        assert (await current(client, "Social services"))[item.row_key] == 2 and await current(client) == {}


async def test_removing_a_unit_removes_its_actions_and_their_reminders_and_keeps_the_others(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        await unit_with_answers(anna, SOCIAL, "start enhet", "paus")
        await anna.say(f"plan enhet {SOCIAL}")
        unit_card = anna.card_with("Lägg till i planen")
        assert "Vad ska göras?" in await anna.click("Lägg till en åtgärd")  # the unit's own, typed
        await anna.say("Utbilda beställarna")
        await anna.say("jag")
        assert f"Sparat som åtgärd 1 för {SOCIAL}: Utbilda beställarna" in await anna.say("1 mars 2030")
        await anna.say(f"plan enhet {SOCIAL} 1")
        await anna.click("Nästa", what="Ta fram mål för socialtjänsten")
        await anna.say("jag")
        await anna.say("15 mars 2030")
        await anna.say("plan")
        await anna.click("Lägg till en åtgärd")  # the organisation's own, not the unit's
        await anna.say("Kartlägg inköpen")
        await anna.say("jag")
        await anna.say("1 april 2030")
        database, organisation = await database_and_organisation(client)
        typed_item, unit_item, own_item = sorted(await database.action_items.list(organisation.id),
                                                 key=lambda i: i.number)
        assert typed_item.unit_id == unit_item.unit_id is not None and own_item.unit_id is None
        assert await database.nudges.find(subject=str(unit_item.id), status="pending")

        await anna.say(f"ta bort enhet {SOCIAL}")
        assert f"Enheten {SOCIAL} är borttagen" in await anna.click("Ja, ta bort")
        assert [i.id for i in await database.action_items.list(organisation.id)] == [own_item.id]
        assert await database.nudges.find(subject=str(unit_item.id), status="pending") == []
        assert await database.nudges.find(subject=str(own_item.id), status="pending")
        reply = await anna.say("plan")
        assert SOCIAL not in reply and "**3.** Kartlägg inköpen" in reply
        assert "Det finns ingen åtgärd 2 i planen" in await anna.say("klar 2")
        assert "Den enheten finns inte längre" in await anna.click("Lägg till i planen", on=unit_card)
