"""The report: the link from the chat, the page behind it through aiohttp's test client, its downloads,
indicators from quick checks and the opt-in comparison."""
from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import DATABASE, create_app
from storage import Database, NewActionItem, Organisation, Owner
from reports.pages import InvalidToken, ReportTokens
from services.reports import indicators, take_snapshot
from bot.runtime import build_bot, utc_now
from bot.settings import Settings
from model import load_model
from tests.conversation import Chat

MODEL = load_model()
SECRET = "a test secret"
BASE_URL = "https://kompassen.example"
EARLIER = datetime(2025, 3, 14, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
async def client(sqlite_url):
    settings = Settings(database_url=sqlite_url, report_secret=SECRET,
                        public_base_url=BASE_URL)
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


def database_of(client: TestClient) -> Database:
    return client.server.app[DATABASE]


def link(organisation: Organisation, lang: str = "sv", now: datetime | None = None, made_by: str = "anna",
         generation: int = 0) -> str:
    return "/report/" + ReportTokens(SECRET, BASE_URL).issue(organisation, lang, now or utc_now(), made_by=made_by,
                                                             generation=generation)


async def completed(database: Database, organisation: Organisation, answers: dict, at: datetime,
                    comment: str | None = None, who: str = "Anna Berg") -> None:
    for key, value in answers.items():
        await database.answers.record(organisation.id, key, value, comment, "anna", who, at)
    assessment = await database.assessments.start(organisation.id, "all", "anna", at)
    await database.assessments.complete(assessment.id, at)
    await take_snapshot(database, MODEL, organisation.id, assessment.id, at)


async def falun_with_two_assessments(database: Database) -> Organisation:
    """Everything at level 1 a year ago; now step 1 governance at 2 and step 4 governance not relevant."""
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", EARLIER)
    await completed(database, falun, {row.key: 1 for row in MODEL.all_rows}, EARLIER)
    raised = {row.key: 2 for row in MODEL.cells["1.S"]} | {row.key: "na" for row in MODEL.cells["4.S"]}
    await completed(database, falun, raised, EARLIER + timedelta(days=365), comment="Beslutat i KF <2025>",
                    who="Bo Ek")
    await database.action_items.add(NewActionItem(
        falun.id, "Ta fram en inköpsanalys", "1.V.1", Owner("Cecilia Lund", "cecilia"), date(2026, 6, 1),
        "tenant-a", "team-1", "sv", "anna"), EARLIER)
    return falun


def cell(html: str, key: str) -> str:
    return re.search(rf'<td class="cell [^"]*" data-cell="{re.escape(key)}">(.*?)</td>', html, re.S).group(1)


def test_links_are_signed_with_the_configured_secret_or_one_that_dies_with_a_restart(caplog):
    falun = Organisation("f" * 32, "tenant-a", "Falu kommun", "kommun", EARLIER, None)
    configured = Settings.from_env({"REPORT_SECRET": "s3cret", "PUBLIC_BASE_URL": "https://kompassen.example/"})
    url = ReportTokens.configured(configured.report_secret, configured.base_url).url(falun, "sv", EARLIER, made_by="anna", generation=0)
    assert url.startswith("https://kompassen.example/report/") and not caplog.records
    after_restart = ReportTokens.configured(configured.report_secret, configured.base_url)
    assert after_restart.read(url.rsplit("/", 1)[1], EARLIER).organisation_id == falun.id
    unset = Settings.from_env({"PORT": "8080"})
    first = ReportTokens.configured(unset.report_secret, unset.base_url)
    assert first.url(falun, "sv", EARLIER, made_by="anna", generation=0).startswith("http://127.0.0.1:8080/report/")
    assert "REPORT_SECRET is not set" in caplog.text
    with pytest.raises(InvalidToken):
        ReportTokens.configured(unset.report_secret, unset.base_url).read(first.issue(falun, "sv", EARLIER, made_by="anna", generation=0), EARLIER)


async def test_the_report_command_answers_with_a_link_that_opens_the_report(client):
    database = database_of(client)
    chat = Chat(build_bot(MODEL, database, report_tokens=ReportTokens(SECRET, BASE_URL)))
    await chat.say("hej")
    await chat.say("Falu kommun")
    await chat.say("1")
    reply = await chat.say("rapport")
    assert "Länken gäller i 7 dagar" in reply
    url = re.search(rf"\(({re.escape(BASE_URL)}/report/[^)\s]+)\)", reply).group(1)
    page = await client.get(url.removeprefix(BASE_URL))
    assert page.status == 200 and "Rapport för Falu kommun" in await page.text()


async def test_the_report_shows_the_grid_changes_plan_answers_and_crisis_level(client):
    falun = await falun_with_two_assessments(database_of(client))
    page = await client.get(link(falun))
    assert page.status == 200 and page.content_type == "text/html"
    html = await page.text()
    assert html.count('<td class="cell ') == 16
    assert "Mycket tillfredsställande" in cell(html, "1.S") and "↑" in cell(html, "1.S")
    assert "→" in cell(html, "2.V") and "ej relevant" in cell(html, "4.S")
    assert "Pilarna visar förändringen sedan bedömningen 2025-03-14" in html
    assert "Andel av vägen till Excellent vid varje avslutad bedömning: 33 % → 39 %" in html
    assert html.count('<svg class="radar"') == 4 and '<polyline points=' in html
    crisis = re.search(r"<span>Kris och beredskap</span>\s*<strong>(.*?)</strong>", html, re.S).group(1)
    assert "★ Tillfredsställande" in crisis and "→" in crisis
    assert "Ta fram en inköpsanalys" in html and "Cecilia Lund" in html and "2026-06-01" in html
    assert "Beslutat i KF &lt;2025&gt;" in html and "<2025>" not in html  # comments are escaped
    assert "<td>Bo Ek</td>" in html and "2026-03-14" in html
    english = await (await client.get(link(falun) + "?lang=en")).text()
    assert "Report for Falu kommun" in english and "Whole step" in english and "Very satisfactory" in english


async def test_the_language_of_the_link_is_used_unless_the_page_asks_for_another(client):
    falun = await database_of(client).organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", EARLIER)
    assert "Report for Falu kommun" in await (await client.get(link(falun, "en"))).text()
    assert "Rapport för Falu kommun" in await (await client.get(link(falun, "en") + "?lang=sv")).text()
    assert "Inga svar än" in await (await client.get(link(falun))).text()


async def test_a_tampered_expired_or_garbled_link_is_refused_kindly(client):
    falun = await database_of(client).organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", EARLIER)
    mora = await database_of(client).organisations.create("tenant-a", "Mora kommun", "kommun", "anna", "Anna", EARLIER)
    good = link(falun)
    body, signature = good.removeprefix("/report/").split(".")
    other_body = link(mora).removeprefix("/report/").split(".")[0]
    refused = [
        f"/report/{other_body}.{signature}",  # someone else's organisation under Falun's signature
        f"/report/{body}.{signature[:-2]}xx",
        link(falun, now=utc_now() - timedelta(days=7, minutes=1)),
        "/report/not-a-token", "/report/%F0%9F%98%80.%C3%A5", f"/report/{body}.{signature[::-1]}/export.csv",
    ]
    for url in refused:
        response = await client.get(url)
        assert response.status == 403, url
        text = await response.text()
        assert "Länken fungerar inte längre" in text and "This link no longer works" in text
    assert (await client.get(link(falun, now=utc_now() - timedelta(days=6, hours=23)))).status == 200
    stranger = Organisation("0" * 32, "tenant-a", "Borttagen", "kommun", EARLIER, None)
    gone = await client.get(link(stranger))
    assert gone.status == 404 and "Organisationen i länken finns inte längre" in await gone.text()


async def test_the_downloads_are_excel_friendly_csv_and_json(client):
    falun = await falun_with_two_assessments(database_of(client))
    page = link(falun)  # once: a token issued a second later would differ in its expiry
    html = await (await client.get(page)).text()
    token = page.removeprefix("/report/")
    assert f'href="{token}/export.csv?what=plan&amp;delimiter=%3B"' in html
    response = await client.get(f"/report/{token}/export.csv", params={"what": "answers", "delimiter": ";"})
    assert response.status == 200 and response.content_type == "text/csv" and response.charset == "utf-8"
    assert 'filename="answers.csv"' in response.headers["Content-Disposition"]
    raw = await response.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "unit;row;level;comment;who;user_id;when" and len(lines) == 1 + len(MODEL.all_rows)
    assert lines[1].startswith(";1.S.1;2;Beslutat i KF <2025>;Bo Ek;anna;")
    plan = (await (await client.get(f"/report/{token}/export.csv?what=plan")).read()).decode("utf-8-sig").splitlines()
    assert plan[0] == "number,unit,what,row,owner,owner_id,due,status,created_at,updated_at"
    assert plan[1].startswith("1,,Ta fram en inköpsanalys,1.V.1,Cecilia Lund,cecilia,2026-06-01,open,")
    snapshots = await (await client.get(f"/report/{token}/export.json?what=snapshots")).json()
    assert [s["score"]["overall"]["progress"] for s in snapshots["snapshots"]] == [33.3, 39.2]
    bad = await client.get(f"/report/{token}/export.csv?what=passwords")
    assert bad.status == 400 and "Den filen finns inte" in await bad.text()


async def quick_check(database: Database, organisation: Organisation, at: datetime, critical: bool,
                      **answers: str) -> None:
    checkin = await database.checkins.create(organisation.id, "Upphandling", "anna", "Anna Berg", at)
    await database.checkins.update(checkin.id, category="livsmedel", critical=critical)
    for key, answer in answers.items():
        await database.checkins.answer(checkin.id, key, answer, "anna", at)


async def test_indicators_count_only_what_the_quick_checks_asked(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", EARLIER)
    this_year = datetime(2025, 5, 1, tzinfo=timezone.utc)
    await quick_check(database, falun, this_year, True, environment="yes", social="yes", crisis_availability="yes")
    await quick_check(database, falun, this_year, True, environment="yes", social="no", crisis_availability="no")
    await quick_check(database, falun, this_year, False, environment="partly", social="na")
    await quick_check(database, falun, this_year, False, environment="na")
    await quick_check(database, falun, this_year, False, needs="yes")  # stopped before the environment check
    await quick_check(database, falun, datetime(2024, 12, 31, 23, 30, tzinfo=timezone.utc), False,
                      environment="yes")  # new year's day in Sweden
    figures = {(f.spec.key, f.year): (f.count, f.total, f.share, f.target)
               for f in indicators(await database.checkins.list(falun.id, limit=None), MODEL.annexes)}
    assert figures == {
        ("environmental_requirements", 2025): (3, 4, 75.0, 98),
        ("social_considerations", 2025): (1, 2, 50.0, None),
        ("crisis_terms", 2025): (1, 2, 50.0, None),
    }


async def test_the_report_shows_indicators_beside_the_annex_target(client):
    database = database_of(client)
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", EARLIER)
    await quick_check(database, falun, EARLIER, False, environment="yes", social="no")
    await quick_check(database, falun, EARLIER, False, environment="no", social="yes")
    await quick_check(database, falun, EARLIER, False, environment="yes")
    html = await (await client.get(link(falun))).text()
    row = re.search(r"<td>Upphandlingar med något miljökrav</td>(.*?)</tr>", html, re.S).group(1)
    assert "2025" in row and "67 %" in row and "2 av 3" in row and "minst 98 %" in row and "missed" in row
    assert "50 %" in html and "1 av 2" in html


async def kommun_taking_part(database: Database, name: str, level: int) -> Organisation:
    organisation = await database.organisations.create("tenant-b", name, "kommun", "bo", "Bo", EARLIER)
    await completed(database, organisation, {row.key: level for row in MODEL.rows}, EARLIER)
    await database.snapshots.set_comparison(organisation.id, True, "bo", EARLIER)
    return organisation


async def test_the_comparison_is_hidden_under_five_and_shown_at_five(client):
    database = database_of(client)
    falun = await falun_with_two_assessments(database)
    assert "Skriv rapport jämför på i chatten" in await (await client.get(link(falun))).text()
    await database.snapshots.set_comparison(falun.id, True, "anna", EARLIER)
    region = await database.organisations.create("tenant-b", "Region Dalarna", "region", "bo", "Bo", EARLIER)
    await completed(database, region, {row.key: 3 for row in MODEL.rows}, EARLIER)
    await database.snapshots.set_comparison(region.id, True, "bo", EARLIER)  # another kind: not counted
    for name, level in (("Mora kommun", 2), ("Leksands kommun", 3), ("Rättviks kommun", 3)):
        await kommun_taking_part(database, name, level)
    html = await (await client.get(link(falun))).text()
    assert "Jämförelsen visas när minst 5 organisationer av samma slag är med. Nu är 4 med." in html
    assert "median" not in cell(html, "1.S")
    await kommun_taking_part(database, "Orsa kommun", 1)
    html = await (await client.get(link(falun))).text()
    assert "de 5 organisationerna av slaget kommun" in html
    assert "median 2" in cell(html, "1.S")  # 2 (Falun), 2, 3, 3, 1
    assert "median 2" in cell(html, "1.V")  # 1 (Falun), 2, 3, 3, 1


async def test_only_an_admin_opts_in_to_the_comparison(sqlite_database):
    bot = build_bot(MODEL, sqlite_database)
    anna = Chat(bot)
    await anna.say("hej")
    await anna.say("Falu kommun")
    await anna.say("1")
    [falun] = await sqlite_database.organisations.list("tenant-a")
    assert "Vill ni jämföras anonymt" in await anna.say("rapport jämför")
    assert "Klart! Falu kommun är med i den anonyma jämförelsen" in await anna.say("1")
    assert await sqlite_database.snapshots.compares(falun.id)
    assert "Klart! Falu kommun är inte med i jämförelsen" in await anna.say("rapport jämför av")
    assert not await sqlite_database.snapshots.compares(falun.id)
    assert "Skriv rapport för länken" in await anna.say("rapport jämför kanske")
    await sqlite_database.organisations.add_member(falun.id, "bo", "Bo Ek")
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say("hej")
    await bo.say("1")
    assert "Bara en administratör för Falu kommun" in await bo.say("report compare on")
    assert not await sqlite_database.snapshots.compares(falun.id)


def signed(payload: dict) -> str:
    """A token with any payload, signed as the bot signs: base64url JSON, a dot, its HMAC-SHA256."""
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    signature = base64.urlsafe_b64encode(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())
    return f"/report/{body}.{signature.rstrip(b'=').decode()}"


async def test_a_signed_link_with_an_absurd_expiry_or_fields_is_refused(client):
    falun = await database_of(client).organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", EARLIER)
    good = {"o": falun.id, "t": "tenant-a", "l": "sv", "e": int(utc_now().timestamp()) + 60, "u": "anna", "g": 0}
    assert (await client.get(signed(good))).status == 200
    for changes in ({"e": 1e20}, {"e": -1e20}, {"e": "soon"}, {"g": "x"}, {"g": None}, {"u": None}):
        response = await client.get(signed({**good, **changes}))
        assert response.status == 403, changes
    legacy = {key: value for key, value in good.items() if key not in ("u", "g")}  # made before links named their maker
    assert (await client.get(signed(legacy))).status == 403


async def test_a_link_stops_working_when_its_maker_leaves_or_an_admin_revokes_all(client):
    database = database_of(client)
    bot = build_bot(MODEL, database, report_tokens=ReportTokens(SECRET, BASE_URL))
    anna, bo = Chat(bot), Chat(bot, user_id="bo", name="Bo Ek")
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)
    [falun] = await database.organisations.list("tenant-a")
    await database.organisations.add_member(falun.id, "bo", "Bo Ek")
    await bo.say("hej")
    await bo.say("1")

    def url_in(reply: str) -> str:
        return re.search(rf"\(({re.escape(BASE_URL)}/report/[^)\s]+)\)", reply).group(1).removeprefix(BASE_URL)

    annas, bos = url_in(await anna.say("rapport")), url_in(await bo.say("rapport"))
    assert [(await client.get(url)).status for url in (annas, bos)] == [200, 200]
    await anna.say("medlemmar ta bort Bo Ek")
    refused = await client.get(bos)
    assert refused.status == 403 and "Den som skapade den är inte längre med" in await refused.text()
    assert (await client.get(f"{bos}/export.csv")).status == 403
    assert (await client.get(annas)).status == 200

    await database.organisations.add_member(falun.id, "bo", "Bo Ek")
    assert "Bara en administratör för Falu kommun kan återkalla" in await bo.say("report revoke")
    assert (await client.get(annas)).status == 200
    assert "Alla länkar till rapporten för Falu kommun slutar fungera nu" in await anna.say("rapport återkalla")
    assert (await client.get(annas)).status == 403
    assert (await client.get(url_in(await anna.say("rapport")))).status == 200


async def test_pages_and_downloads_are_protected_and_downloads_never_cached(client):
    falun = await falun_with_two_assessments(database_of(client))
    page = link(falun)
    responses = {"page": await client.get(page), "refusal": await client.get("/report/not.valid"),
                 "csv": await client.get(f"{page}/export.csv"), "json": await client.get(f"{page}/export.json"),
                 "bad export": await client.get(f"{page}/export.csv?what=x")}
    for name, response in responses.items():
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Frame-Options"] == "DENY", name
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], name
        assert "script-src" not in headers["Content-Security-Policy"], name  # default-src 'none' forbids scripts
        assert headers["Cache-Control"] == "no-store", name
    html = await responses["page"].text()
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    assert f"style-src 'nonce-{nonce}'" in responses["page"].headers["Content-Security-Policy"]


async def test_a_csv_cell_that_would_be_a_formula_stays_text(client):
    database = database_of(client)
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "=Anna", EARLIER)
    typed = ['=HYPERLINK("http://evil.example","klicka")', "+46 70 123", "-1 i budget", "@SUM(A1)", "\tflik",
             "\rretur", "helt vanligt, = mitt i"]
    for row, comment in zip(MODEL.all_rows, typed):
        await database.answers.record(falun.id, row.key, 2, comment, "anna", "=Anna", EARLIER)
    raw = await (await client.get(f"{link(falun)}/export.csv")).read()
    lines = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [line["comment"] for line in lines] == ["'" + text for text in typed[:-1]] + [typed[-1]]
    assert {line["who"] for line in lines} == {"'=Anna"} and {line["level"] for line in lines} == {"2"}


async def test_the_medians_follow_a_new_assessment_or_an_opt_out_at_the_next_page_view(client):
    database = database_of(client)
    falun = await falun_with_two_assessments(database)
    await database.snapshots.set_comparison(falun.id, True, "anna", EARLIER)
    others = [await kommun_taking_part(database, name, level)
              for name, level in (("Mora kommun", 1), ("Leksands kommun", 1), ("Orsa kommun", 3), ("Rättviks kommun", 3))]
    assert "median 2" in cell(await (await client.get(link(falun))).text(), "1.S")  # 2 (Falun), 1, 1, 3, 3
    await completed(database, others[2], {row.key: 1 for row in MODEL.rows}, EARLIER + timedelta(days=400))
    assert "median 1" in cell(await (await client.get(link(falun))).text(), "1.S")  # Orsa now at 1
    await database.snapshots.set_comparison(others[0].id, False, "bo", EARLIER)  # the same moment as before
    html = await (await client.get(link(falun))).text()
    assert "Nu är 4 med." in html and "median" not in cell(html, "1.S")


async def test_a_browser_gets_the_report_page_gzipped_and_a_client_that_asks_for_none_gets_it_plain(client):
    falun = await falun_with_two_assessments(database_of(client))
    browser = await client.get(link(falun), headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert browser.headers["Content-Encoding"] == "gzip"
    page = await browser.text()  # the client unpacks it as a browser would
    assert "Falu kommun" in page
    plain = await client.get(link(falun), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert cell(await plain.text(), "1.S") == cell(page, "1.S")
