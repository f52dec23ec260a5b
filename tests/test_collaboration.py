"""Samverkan over HTTP, as Teams delivers it, on SQLite and PostgreSQL: two organisations in different tenants
join one collaboration through the chat; its board and report show both and nothing beyond what is shared;
leaving or being removed takes effect on the next request, report links included."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from app import DATABASE
from bot.export import run_collaboration
from bot.settings import Settings
from storage import NewActionItem, Owner
from tests.teams import TeamsUser, buttons, teams

# What must never reach another member: a person's name, a comment, a plan text, a procurement's name.
SECRETS = ("Anna Berg", "hemlig kommentar om nämnden", "Hemlig planpunkt om skolmaten", "Hemlig upphandling")


async def falun_with_data(client, connector) -> TeamsUser:
    """Anna (tenant A) administers Falu kommun: answers with a comment, a plan item and a quick check."""
    anna = TeamsUser(client, connector, tenant_id="tenant-a")
    for text in ("hej", "Falu kommun", "1", "start steg 1", "2 hemlig kommentar om nämnden", "paus"):
        await anna.say(text)
    database = client.server.app[DATABASE]
    [falun] = await database.organisations.list("tenant-a")
    now = datetime.now(timezone.utc)
    await database.action_items.add(NewActionItem(falun.id, SECRETS[2], "1.S.1", Owner("Anna Berg", "anna"),
                                                  date(2099, 6, 1), "tenant-a", "personal-anna", "sv", "anna"), now)
    checkin = await database.checkins.create(falun.id, SECRETS[3], "anna", "Anna Berg", now)
    await database.checkins.answer(checkin.id, "environment", "yes", "anna", now)
    return anna


async def mora(client, connector) -> TeamsUser:
    bo = TeamsUser(client, connector, user_id="bo", name="Bo Ek", tenant_id="tenant-b")
    for text in ("hej", "Mora kommun", "1"):
        await bo.say(text)
    return bo


async def code_from(admin: TeamsUser) -> str:
    return re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await admin.say("samverkan bjud in")).group(1)


def report_path(reply: str) -> str:
    return urlsplit(re.search(r"\((http[^)]+/samverkan/[^)]+)\)", reply).group(1)).path


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


async def test_two_tenants_join_one_collaboration_see_only_what_is_shared_and_leaving_ends_it(database_url):
    async with teams(database_url) as (client, connector):
        anna = await falun_with_data(client, connector)
        assert "Falu kommun är inte med i någon samverkan" in await anna.say("samverkan")
        assert "Upphandlingscenter Dalarna är skapad, med Falu kommun som administratör" in await anna.say(
            "samverkan ny Upphandlingscenter Dalarna")
        code = await code_from(anna)

        bo = await mora(client, connector)
        consent = await bo.say(f"samverkan gå med {code}")
        assert "Ska Mora kommun gå med i Upphandlingscenter Dalarna?" in consent
        assert "Falu kommun administrerar samverkan" in consent
        assert "nivåerna i dag" in consent and "Det delas inte: namn på personer, kommentarer" in consent
        assert "Mora kommun är inte med i någon samverkan" in await bo.say("samverkan")  # nothing before consent
        cancelled = bo.card_with("Avbryt")
        assert "Okej, inget ändrades" in await bo.click("Avbryt")
        assert buttons(connector.shown(cancelled)) == [] and "Ert val: Avbryt" in connector.shown(cancelled).text
        assert "Mora kommun är inte med i någon samverkan" in await bo.say("samverkan")
        await bo.say(f"samverkan gå med {code}")
        card = bo.card_with("Gå med och dela")
        assert "Mora kommun är nu med i Upphandlingscenter Dalarna" in await bo.click("Gå med och dela")
        assert buttons(connector.shown(card)) == []  # the answered card is replaced in place

        for person in (anna, bo):
            board = await person.say("samverkan")
            assert "Samverkan: Upphandlingscenter Dalarna" in board and "Medlemmar: 2" in board
            # A line per member over its 16 cells by step: Falun answered 1.S.1 only, Mora nothing.
            assert "**Falu kommun** · totalt **2** · kris – · 3 % besvarat\n1: 2 – – – · 2: – – – –" in board
            assert "**Mora kommun** · totalt **–** · kris – · 0 % besvarat\n1: – – – – · 2: – – – –" in board
            assert "med något miljökrav: 100 % (1 av 1), mål ≥ 98 %. Falu kommun 1/1" in board
            assert leaks(board) == []

        path = report_path(await bo.say("samverkan rapport"))
        page = await client.get(path)
        html = await page.text()
        assert page.status == 200 and "Upphandlingscenter Dalarna" in html
        assert "Falu kommun" in html and "Mora kommun" in html and 'data-cell="1.S"' in html
        assert leaks(html) == [] and "Bo Ek" not in html

        assert "Ska Mora kommun lämna" in await bo.say("samverkan lämna")
        assert "Okej, inget ändrades" in await bo.click("Avbryt")
        assert "Medlemmar: 2" in await bo.say("samverkan")
        leaving = await bo.say("samverkan lämna")
        assert "Ska Mora kommun lämna Upphandlingscenter Dalarna?" in leaving
        assert "Mora kommun är inte längre med i Upphandlingscenter Dalarna" in await bo.click("Lämna")
        board = await anna.say("samverkan")
        assert "Falu kommun" in board and "Mora kommun" not in board and "Medlemmar: 1" in board
        assert "Mora kommun är inte med i någon samverkan" in await bo.say("samverkan")
        gone = await client.get(path)
        assert gone.status == 403 and "Mora kommun" not in await gone.text()

        log = await anna.say("samverkan medlemmar")
        assert "Falu kommun skapade samverkan (Anna Berg)" in log
        assert "Mora kommun gick med (en administratör i Mora kommun)" in log
        assert "Mora kommun lämnade (en administratör i Mora kommun)" in log and "Bo Ek" not in log


async def test_only_administrators_change_a_collaboration_and_the_board_removes_a_member(database_url):
    async with teams(database_url) as (client, connector):
        anna = await falun_with_data(client, connector)
        await anna.say("samverkan ny Upphandlingscenter Dalarna")
        bo = await mora(client, connector)
        await bo.say(f"samverkan gå med {await code_from(anna)}")
        await bo.click("Gå med och dela")
        path = report_path(await bo.say("samverkan rapport"))

        assert "Det kan bara en administratör i Falu kommun, som administrerar" in await bo.say("samverkan bjud in")
        assert "Det kan bara en administratör i Falu kommun" in await bo.say("samverkan ta bort Falu kommun")
        assert "kan inte lämna medan andra är med" in await anna.say("samverkan lämna")
        # A member of Mora kommun who is no administrator may look, not join or leave.
        code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await bo.say("medlemmar bjud in")).group(1)
        cilla = TeamsUser(client, connector, user_id="cilla", name="Cilla Ek", tenant_id="tenant-b")
        await cilla.say(f"gå med {code}")
        assert "Mora kommun" in await cilla.say("samverkan")
        assert "Det kan bara en administratör i Mora kommun" in await cilla.say("samverkan lämna")
        assert "Det kan bara en administratör i Mora kommun" in await cilla.say("samverkan ny Annan")

        assert (await client.get(path)).status == 200
        members = await anna.say("samverkan medlemmar")
        assert "Mora kommun · med sedan" in members
        assert "Mora kommun är inte längre med i Upphandlingscenter Dalarna" in await anna.click("Ta bort Mora kommun")
        assert "Mora kommun är inte med i någon samverkan" in await cilla.say("samverkan")
        assert (await client.get(path)).status == 403
        assert "Mora kommun togs bort (Anna Berg)" in await anna.say("samverkan medlemmar")


async def test_wrong_codes_are_refused_and_counted(database_url):
    async with teams(database_url) as (client, connector):
        anna = await falun_with_data(client, connector)
        await anna.say("samverkan ny Upphandlingscenter Dalarna")
        code = await code_from(anna)
        bo = await mora(client, connector)
        assert "Skriv samverkan gå med och koden" in await bo.say("samverkan gå med")
        for _ in range(10):
            assert "Den koden fungerar inte" in await bo.say("samverkan gå med ABCD-EFGH")
        assert "för många gånger" in await bo.say(f"samverkan gå med {code}")


async def test_in_english_and_with_several_collaborations_the_one_meant_is_named(database_url):
    async with teams(database_url) as (client, connector):
        anna = await falun_with_data(client, connector)
        await anna.say("samverkan ny Upphandlingscenter Dalarna")
        await anna.say("samverkan ny Kris i Dalarna")
        which = await anna.say("samverkan")
        assert "Falu kommun är med i flera samverkan: Kris i Dalarna, Upphandlingscenter Dalarna" in which
        assert "Samverkan: Kris i Dalarna" in await anna.say("samverkan kris i dalarna")
        invite = await anna.say("samverkan bjud in Upphandlingscenter Dalarna")
        code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", invite).group(1)

        ben = TeamsUser(client, connector, user_id="ben", name="Ben Ash", tenant_id="tenant-b", locale="en-GB")
        for text in ("hi", "Leksand Municipality", "1"):
            await ben.say(text)
        consent = await ben.say(f"collaboration join {code.lower()}")
        assert "Should Leksand Municipality join Upphandlingscenter Dalarna?" in consent
        assert "Not shared: people's names, comments, plan texts" in consent
        assert "Leksand Municipality is now in Upphandlingscenter Dalarna" in await ben.click("Join and share")
        board = await ben.say("collaboration")
        assert "Collaboration: Upphandlingscenter Dalarna" in board and "Members: 2" in board
        assert "**Falu kommun** · overall **2**" in board and "1: 2 – – –" in board and leaks(board) == []
        assert "Leksand Municipality" not in await anna.say("samverkan Kris i Dalarna")
        assert "**Leksand Municipality**" in await anna.say("samverkan Upphandlingscenter Dalarna")
        details = await ben.say("collaboration share details")
        assert "Should Leksand Municipality share details with Upphandlingscenter Dalarna?" in details
        assert "the comment and the name of the person who answered" in details
        assert "OK, nothing changed" in await ben.click("Cancel")
        assert "Leksand Municipality shares no details in" in await ben.say("collaboration stop sharing details")


MORA_SECRET = "Moras egen kommentar om skolan"


async def test_a_member_shares_its_details_only_once_its_administrator_turns_it_on_and_stops_at_once(
        database_url, capsys):
    """Falun's comment, plan text and names reach Bo's report page and the export only while Anna has turned
    sharing details on; Mora's own never, as Mora did not; Avbryt, a non-administrator and leaving change
    nothing or end it."""
    async with teams(database_url) as (client, connector):
        anna = await falun_with_data(client, connector)
        await anna.say("samverkan ny Upphandlingscenter Dalarna")
        bo = await mora(client, connector)
        for text in ("start steg 1", f"1 {MORA_SECRET}", "paus"):
            await bo.say(text)
        await bo.say(f"samverkan gå med {await code_from(anna)}")
        await bo.click("Gå med och dela")
        path = report_path(await bo.say("samverkan rapport"))
        settings = Settings(database_url=database_url)

        async def shown() -> tuple[str, dict, str]:
            """Bo's report page, the export as JSON and as its raw text."""
            page = await client.get(path)
            assert page.status == 200
            capsys.readouterr()
            assert await run_collaboration("Upphandlingscenter Dalarna", "json", ",", settings) == 0
            raw = capsys.readouterr().out
            return await page.text(), json.loads(raw), raw

        def hidden(html: str, raw: str) -> bool:
            return leaks(html) == [] and leaks(raw) == [] and MORA_SECRET not in html + raw and "Bo Ek" not in html

        html, body, raw = await shown()
        assert hidden(html, raw) and [m["details"] for m in body["members"]] == [None, None]

        card = await anna.say("samverkan dela detaljer")
        assert "Ska Falu kommun dela detaljer med Upphandlingscenter Dalarna?" in card
        assert "nivån, kommentaren och namnet på den som svarade" in card
        assert "vad, vem som är ansvarig, när den ska vara klar och läget" in card
        assert "samverkan sluta dela detaljer" in card
        cancelled = anna.card_with("Avbryt")
        assert "Okej, inget ändrades" in await anna.click("Avbryt")
        assert buttons(connector.shown(cancelled)) == [] and "Ert val: Avbryt" in connector.shown(cancelled).text
        html, body, raw = await shown()
        assert hidden(html, raw) and "delar detaljer" not in await bo.say("samverkan")

        # A member of Mora kommun who is no administrator can neither turn it on nor off.
        code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await bo.say("medlemmar bjud in")).group(1)
        cilla = TeamsUser(client, connector, user_id="cilla", name="Cilla Ek", tenant_id="tenant-b")
        await cilla.say(f"gå med {code}")
        assert "Det kan bara en administratör i Mora kommun" in await cilla.say("samverkan dela detaljer")
        assert "Det kan bara en administratör i Mora kommun" in await cilla.say("samverkan dela detaljer bekräfta")
        assert "Det kan bara en administratör i Mora kommun" in await cilla.say("samverkan sluta dela detaljer")
        html, body, raw = await shown()
        assert hidden(html, raw)

        await anna.say("samverkan dela detaljer")
        card = anna.card_with("Dela detaljer")
        assert "Falu kommun delar nu detaljer i Upphandlingscenter Dalarna" in await anna.click("Dela detaljer")
        assert buttons(connector.shown(card)) == []  # the answered card is replaced in place
        assert "Falu kommun delar redan detaljer" in await anna.say("samverkan dela detaljer")
        html, body, raw = await shown()
        assert SECRETS[1] in html and SECRETS[2] in html and "Anna Berg" in html
        assert 'data-details="Falu kommun"' in html and 'data-details="Mora kommun"' not in html
        assert MORA_SECRET not in html + raw and SECRETS[3] not in html + raw  # procurement names: never
        falun, mora_kommun = body["members"]
        assert [(a["row"], a["level"], a["comment"], a["who"]) for a in falun["details"]["answers"]] == [
            ("1.S.1", 2, SECRETS[1], "Anna Berg")]
        assert [(i["what"], i["owner"], i["due"], i["status"]) for i in falun["details"]["plan"]] == [
            (SECRETS[2], "Anna Berg", "2099-06-01", "open")]
        assert mora_kommun["details"] is None
        board = await bo.say("samverkan")
        assert board.count("delar detaljer i rapporten") == 1 and leaks(board) == []  # the card shows levels only
        members = await bo.say("samverkan medlemmar")
        assert "Falu kommun · administratör · med sedan" in members and "· delar detaljer" in members
        assert "Falu kommun delar detaljer (en administratör i Falu kommun)" in members and "Anna Berg" not in members
        assert "Falu kommun delar detaljer (Anna Berg)" in await anna.say("samverkan medlemmar")

        assert "Falu kommun delar inte längre detaljer" in await anna.say("samverkan sluta dela detaljer")
        html, body, raw = await shown()
        assert hidden(html, raw) and body["members"][0]["details"] is None
        assert "Falu kommun delar inga detaljer" in await anna.say("samverkan sluta dela detaljer")
        members = await anna.say("samverkan medlemmar")
        assert "Falu kommun slutade dela detaljer (Anna Berg)" in members and "· delar detaljer" not in members

        # Leaving ends it: Mora shares, leaves and joins again, and shares nothing beyond its levels.
        await bo.say("samverkan dela detaljer")
        assert "Mora kommun delar nu detaljer" in await bo.click("Dela detaljer")
        html, body, raw = await shown()
        assert MORA_SECRET in html and body["members"][1]["details"] is not None
        await bo.say("samverkan lämna")
        await bo.click("Lämna")
        await bo.say(f"samverkan gå med {await code_from(anna)}")
        await bo.click("Gå med och dela")
        path = report_path(await bo.say("samverkan rapport"))
        html, body, raw = await shown()
        assert hidden(html, raw) and [m["details"] for m in body["members"]] == [None, None]


def test_what_is_shared_is_exactly_the_listed_fields():
    """Sharing more is a decision: the consent card (texts/collaboration.yaml) must say so before a field joins;
    the details only after their own card (dialogs/collaboration/details.py)."""
    from dataclasses import fields

    from services.shared import (Board, BoardIndicator, IndicatorCount, SharedAnswer, SharedDetails, SharedLevel,
                                 SharedMember, SharedPlanItem, TrendPoint)
    shared = {kind.__name__: [f.name for f in fields(kind)]
              for kind in (Board, SharedMember, SharedLevel, TrendPoint, IndicatorCount, BoardIndicator,
                           SharedDetails, SharedAnswer, SharedPlanItem)}
    assert shared == {
        "Board": ["collaboration", "members", "indicators"],
        "SharedMember": ["organisation_id", "name", "kind", "joined_on", "administrator", "overall", "crisis", "steps",
                         "perspectives", "cells", "completion", "trend", "plan", "indicators", "details"],
        "SharedLevel": ["level", "progress", "complete"],
        "TrendPoint": ["day", "level", "progress"],
        "IndicatorCount": ["key", "year", "count", "total"],
        "BoardIndicator": ["key", "year", "count", "total", "target", "shares"],
        "SharedDetails": ["since", "answers", "plan"],
        "SharedAnswer": ["row_key", "level", "comment", "who", "day"],
        "SharedPlanItem": ["what", "row_key", "owner", "due_on", "status"],
    }
