"""The report as a council member sees it: rendered by a real headless Chromium (Debian's package,
driven by Playwright; `.ci/run` installs it), with a screenshot kept in the test's folder."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestServer

from app import DATABASE, create_app
from bot.runtime import utc_now
from bot.settings import Settings
from model import load_model
from reports.pages import ReportTokens
from storage.collaborations import Actor
from tests.chromium import chromium, needs_chromium
from tests.test_report import BASE_URL, SECRET, falun_with_two_assessments, link

A4_CONTENT_WIDTH = 710  # px: 210 mm less the page margins of 11 mm each side, at 96 dpi
MODEL = load_model()

pytestmark = needs_chromium


@pytest.fixture
async def browser():
    async with chromium() as browser:
        yield browser


@pytest.fixture
async def server(sqlite_url):
    settings = Settings(database_url=sqlite_url, report_secret=SECRET,
                        public_base_url=BASE_URL)
    async with TestServer(create_app(settings), host="127.0.0.1") as server:
        yield server


async def test_the_report_renders_its_grid_and_fits_an_a4_page(server, browser, tmp_path):
    falun = await falun_with_two_assessments(server.app[DATABASE])
    page = await browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1100})
    response = await page.goto(str(server.make_url(link(falun))))
    assert response.status == 200
    await page.emulate_media(media="print")
    await page.screenshot(path=tmp_path / "report.png", full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000

    assert await page.locator("table.heatmap td.cell").count() == 16
    steps = await page.locator("table.heatmap tbody th.step").all_inner_texts()
    assert [s.split(". ", 1)[0] for s in steps] == ["1", "2", "3", "4"]
    assert steps[0] == "1. Strategisk inriktning"
    perspectives = await page.locator("table.heatmap thead th.perspective").all_inner_texts()
    assert perspectives[:4] == [p.name("sv") for p in MODEL.perspectives]
    governance = page.locator('td.cell[data-cell="1.S"]')
    assert "↑" in await governance.inner_text()
    # The level colours survive printing, and nothing sticks out beyond an A4 page.
    assert await governance.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(205, 232, 181)"
    assert await page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
    radars = page.locator("svg.radar")
    assert await radars.count() == 4 and (await radars.first.bounding_box())["width"] > 100
    assert await page.locator("#downloads").is_hidden()  # links are no use on paper


async def test_a_bad_link_shows_a_page_in_both_languages(server, browser):
    page = await browser.new_page()
    response = await page.goto(str(server.make_url("/report/not.valid")))
    assert response.status == 403
    assert "Länken fungerar inte längre" in await page.inner_text("body")
    assert "This link no longer works" in await page.inner_text("body")


async def test_a_collaborations_report_shows_every_member_and_fits_an_a4_page(server, browser, tmp_path):
    database = server.app[DATABASE]
    falun = await falun_with_two_assessments(database)
    mora = await database.organisations.create("tenant-b", "Mora kommun", "kommun", "bo", "Bo Ek", utc_now())
    board = await database.collaborations.create("Upphandlingscenter Dalarna", falun,
                                                 Actor("tenant-a", falun.id, "anna", "Anna Berg"), utc_now())
    await database.collaborations.add_member(board.id, mora, Actor("tenant-b", mora.id, "bo", "Bo Ek"), utc_now())
    url = ReportTokens(SECRET, BASE_URL).board_url(board.id, mora, "sv", utc_now(), made_by="bo", generation=0)
    page = await browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1100})
    response = await page.goto(str(server.make_url(url.removeprefix(BASE_URL))))
    assert response.status == 200
    await page.emulate_media(media="print")
    await page.screenshot(path=tmp_path / "collaboration.png", full_page=True)

    members = await page.locator("#overview tbody th.member").all_inner_texts()
    assert [m.splitlines()[0] for m in members] == ["Falu kommun", "Mora kommun"]
    assert await page.locator("#cells tbody tr").count() == 2
    assert await page.locator("#cells td.cell").count() == 32  # 16 cells per member
    governance = page.locator('#cells tr:first-child td[data-cell="1.S"]')
    assert await governance.inner_text() == "2"
    assert await governance.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(205, 232, 181)"
    assert await page.locator("#trend svg").count() == 1  # Falu kommun's two assessments; Mora has none
    assert "Ta fram en inköpsanalys" not in await page.inner_text("body")  # plans show as counts only
    assert "Bo Ek" not in await page.inner_text("body") and "Beslutat i KF" not in await page.inner_text("body")
    assert await page.evaluate("document.documentElement.scrollWidth") <= A4_CONTENT_WIDTH
