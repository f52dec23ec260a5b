"""Units inside an organisation, over HTTP as Teams delivers them, on SQLite and PostgreSQL: an administrator
creates them, a unit is assessed on its own, the organisation's own grid stays as it was, status, the report and
the export show each unit, and what people typed shows as typed."""
from __future__ import annotations

import csv
import io
import json
import re

from app import DATABASE
from bot.export import run
from bot.settings import Settings
from model import load_model
from tests.teams import TeamsUser, buttons, teams

MODEL = load_model()
STEP_1 = [row.key for row in MODEL.rows if row.step == "1"]
SOCIAL = "Socialförvaltningen"
MARKUP = "Vård **Fet** <b>x</b>"


async def begin(anna: TeamsUser) -> None:
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)


async def answer_step_1(user: TeamsUser, level: str) -> str:
    replies = [await user.say(level) for _ in STEP_1]
    return "\n".join(replies)


async def current(client, unit: str | None = None) -> dict:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    unit_id = None if unit is None else (await database.units.find(organisation.id, unit)).id
    return {key: a.value for key, a in (await database.answers.current(organisation.id, unit_id=unit_id)).items()}


async def test_an_administrator_creates_units_and_sees_a_button_to_assess_each(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        assert "Falu kommun har inga enheter ännu" in await anna.say("enheter")
        reply = await anna.say(f"ny enhet {SOCIAL}")
        assert f"Nu finns enheten {SOCIAL} i Falu kommun" in reply and f"Bedöm {SOCIAL}" in reply
        await anna.say("ny enhet Kultur och fritid")
        assert f"redan en enhet som heter {SOCIAL}" in await anna.say("ny enhet SOCIALFÖRVALTNINGEN")
        assert "Skriv enhetens namn efter kommandot" in await anna.say("ny enhet")
        reply = await anna.say("enheter")
        assert "Enheter i Falu kommun" in reply and f"- {SOCIAL}" in reply
        assert [title for title, _ in buttons(anna.card_with(f"Bedöm {SOCIAL}"))] == [
            "Bedöm Kultur och fritid", f"Bedöm {SOCIAL}"]
        assert "ta bort med **ta bort enhet**" in reply


async def test_more_units_than_a_row_of_buttons_are_named_by_typing(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        for number in range(7):
            await anna.say(f"ny enhet Enhet {number}")
        reply = await anna.say("enheter")
        assert "- Enhet 6" in reply and "Bedöm en enhet: skriv **start enhet**" in reply
        assert buttons(anna.received[-1]) == []
        reply = await anna.say("start")
        assert "Bedömningen gäller Falu kommun som helhet" in reply and "Vad vill ni gå igenom?" in reply
        for number in range(7, 40):
            await anna.say(f"ny enhet Enhet {number}")
        await anna.say("avbryt")
        reply = await anna.say("status")
        assert "**Enhet 0**" in reply and "… och 25 enheter till. Rapporten visar alla." in reply
        assert len(json.dumps(connector.to("personal-anna")[-1].activity).encode("utf-8")) < 28 * 1024


async def test_a_unit_is_assessed_on_its_own_and_the_organisation_grid_stays_as_it_was(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        await anna.say("start steg 1")
        await answer_step_1(anna, "1")
        own = await current(client)
        reply = await anna.say("start")
        assert "Vem gäller bedömningen?" in reply and "Falu kommun som helhet" in reply
        reply = await anna.click(SOCIAL)
        assert f"Bedömning för {SOCIAL} i Falu kommun" in reply and "Vad vill ni gå igenom?" in reply
        reply = await anna.say("2")  # steg 1
        assert f"{SOCIAL} · Steg 1 · " in reply and "fråga 1 av 12" in reply
        reply = await answer_step_1(anna, "2")
        assert f"Resultat för {SOCIAL} (Falu kommun)" in reply and "Styrning | ★★ " in reply
        assert "Vilken nivå" not in reply  # the target is the organisation's
        assert await current(client) == own == dict.fromkeys(STEP_1, 1)
        assert await current(client, SOCIAL) == dict.fromkeys(STEP_1, 2)

        status = await anna.say("status")
        assert "Resultat för Falu kommun" in status and "Styrning | ★ Tillfredsställande" in status
        assert "★★" not in status.split("Enheter")[0]
        assert f"**{SOCIAL}**: ★★ Mycket tillfredsställande · 12 av 35 besvarade" in status
        assert "Steg 1: 2 | Steg 2: – | Steg 3: – | Steg 4: –" in status
        unit_status = await anna.say(f"status enhet {SOCIAL.lower()}")
        assert f"Resultat för {SOCIAL} (Falu kommun)" in unit_status and "Styrning | ★★ " in unit_status
        assert "Nästa steg" in unit_status and "Enheter" not in unit_status
        assert "**1. " in unit_status and f"skriv **plan enhet {SOCIAL}**" in unit_status  # as that plan numbers them
        assert "ingen enhet som heter Miljö" in await anna.say("status enhet Miljö")


async def test_a_unit_and_a_step_named_together_start_that_step_for_the_unit(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        reply = await anna.say(f"start enhet {SOCIAL.lower()} steg 2")
        assert f"Bedömning för {SOCIAL} i Falu kommun" in reply and "Vad vill ni gå igenom?" not in reply
        assert f"{SOCIAL} · Steg 2 · " in reply and "fråga 1 av" in reply
        await anna.say("3")
        step_2 = [row.key for row in MODEL.rows if row.step == "2"]
        assert await current(client, SOCIAL) == {step_2[0]: 3} and await current(client) == {}
        reply = await anna.say("start unit social services step 9")  # no such unit: the whole words are its name
        assert "social services step 9" in reply


async def test_continue_goes_on_with_the_units_assessment(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        assert f"Bedömning för {SOCIAL}" in await anna.say(f"start enhet {SOCIAL}")
        await anna.say("2")
        await anna.say("2")
        await anna.say("paus")
        reply = await anna.say("fortsätt")
        assert f"{SOCIAL} · Steg 1 · " in reply and "fråga 2 av 12" in reply
        await anna.say("1")
        assert await current(client, SOCIAL) == {STEP_1[0]: 2, STEP_1[1]: 1}
        assert await current(client) == {}


async def test_the_report_and_the_export_show_each_unit(database_url, monkeypatch, capsys):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        await anna.say(f"ny enhet {MARKUP}")
        await anna.say("start enhet socialförvaltningen")
        await anna.say("2")
        await answer_step_1(anna, "2")
        address = re.search(r"/report/[^)\s]+", await anna.say("rapport")).group()
        html = await (await client.get(address)).text()
    assert f"<h3>{SOCIAL}</h3>" in html and 'id="units"' in html and f"Nästa steg för {SOCIAL}" in html
    assert "Inga svar ännu" in html.split(f"<h3>{SOCIAL}</h3>")[1]  # the unit without answers, after it
    assert 'data-unit-cell="1.S"' in html and "Vård **Fet** &lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert await run("Falu kommun", "answers", "csv", ";", "sv", Settings(database_url=database_url), SOCIAL) == 0
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff")), delimiter=";"))
    assert [(line["unit"], line["row"], line["level"]) for line in lines] == [(SOCIAL, key, "2") for key in STEP_1]
    assert await run("Falu kommun", "answers", "json", ",", "sv", Settings(database_url=database_url)) == 0
    body = json.loads(capsys.readouterr().out)
    assert {answer["unit"] for answer in body["answers"]} == {SOCIAL}
    assert body["result"]["overall"]["level"] is None and body["unit_results"][SOCIAL]["cells"]["1.S"]["level"] == 2
    assert await run("Falu kommun", "answers", "csv", ",", "sv", Settings(database_url=database_url), "Miljö") == 2


async def test_others_are_refused_kindly_and_names_show_as_typed(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        reply = await anna.say(f"ny enhet {MARKUP}")
        assert r"Vård \*\*Fet\*\* \<b\>x\</b\>" in reply
        assert buttons(anna.received[-1])[0][0] == f"Bedöm {MARKUP}"
        code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await anna.say("medlemmar bjud in")).group(1)
        bo = TeamsUser(client, connector, user_id="bo", name="Bo Ek")
        await bo.say("hej")
        await bo.say(f"gå med {code}")
        for command in ("ny enhet Miljö", "ta bort enhet vård fet b x b"):
            assert "Enheter läggs till och tas bort av en administratör. Fråga Anna Berg." in await bo.say(command)
        reply = await bo.say("enheter")
        assert r"- Vård \*\*Fet\*\* \<b\>x\</b\>" in reply and "ta bort enhet" not in reply
        assert [title for title, _ in buttons(bo.received[-1])] == [f"Bedöm {MARKUP}"]


async def test_removing_a_unit_asks_first_and_leaves_the_organisation_own_answers(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say(f"ny enhet {SOCIAL}")
        await anna.say("start steg 1")
        await anna.say("1")
        assert f"Bedömning för {SOCIAL}" in await anna.say(f"start enhet {SOCIAL}")
        await anna.say("2")
        await anna.say("3")
        assert "ingen enhet som heter Miljö" in await anna.say("ta bort enhet Miljö")  # in the middle of questions
        reply = await anna.say(f"ta bort enhet {SOCIAL}")
        assert f"Ta bort {SOCIAL}? Enhetens 1 svar" in reply
        assert "Inget är borttaget" in await anna.click("Nej, behåll")
        await anna.say(f"ta bort enhet {SOCIAL}")
        assert f"Enheten {SOCIAL} är borttagen" in await anna.click("Ja, ta bort")
        assert await current(client) == {STEP_1[0]: 1}
        assert "Enheter" not in await anna.say("status")
        reply = await anna.click(f"Bedöm {SOCIAL}")  # the button on the card that announced the unit
        assert "Den enheten finns inte längre" in reply


async def test_units_in_english_and_a_units_status_in_the_middle_of_its_questions(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector, locale="en-US")
        await begin(anna)
        assert "Falu kommun now has the unit Social services" in await anna.say("new unit Social services")
        reply = await anna.say("start unit social services")
        assert "Assessment for Social services of Falu kommun" in reply
        await anna.say("2")
        await anna.say("1")
        reply = await anna.say("status unit Social services")
        assert "Result for Social services (Falu kommun)" in reply and "question 2 of 12" in reply
        assert await current(client, "Social services") == {STEP_1[0]: 1}
        assert "Only an administrator" not in await anna.say("remove unit Social services")
        assert "The unit Social services is removed" in await anna.click("Yes, remove")
        assert "Falu kommun has no units yet" in await anna.say("units")


async def test_an_administrator_renames_a_unit_and_it_keeps_its_answers(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        await begin(anna)
        await anna.say("ny enhet Stöd till företag")
        await anna.say("ny enhet Kultur")
        await anna.say("start enhet stöd till företag")
        await anna.say("2")
        await anna.say("2")
        reply = await anna.say("byt namn på enhet stöd till företag till Näringsliv & <i>tillväxt</i>")
        assert r"Stöd till företag heter nu Näringsliv & \<i\>tillväxt\</i\>" in reply
        assert await current(client, "Näringsliv & <i>tillväxt</i>") == {STEP_1[0]: 2}
        reply = await anna.say("byt namn på enhet Näringsliv & <i>tillväxt</i> till kultur")
        assert "redan en enhet som heter Kultur" in reply
        assert "Skriv det gamla och det nya namnet" in await anna.say("byt namn på enhet Miljö till Natur")
        assert "Skriv det gamla och det nya namnet" in await anna.say("rename unit kultur")
        reply = await anna.say("status")
        assert r"**Näringsliv & \<i\>tillväxt\</i\>**: " in reply and "1 av 35 besvarade" in reply
