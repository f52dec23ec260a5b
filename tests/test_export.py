"""`python -m bot.export`: answers, snapshots, the action plan and quick checks, as JSON or Excel-ready CSV."""
from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import date, datetime, timezone

import pytest

from storage import Database, NewActionItem, Outcome, Owner, Vote
from bot.export import main
from services.reports import take_snapshot
from model import load_model

MODEL = load_model()
NOW = datetime(2025, 3, 14, 9, 0, tzinfo=timezone.utc)


async def seed(url: str) -> None:
    database = await Database.open(url)
    try:
        falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", NOW)
        await database.answers.record(falun.id, "1.S.1", 2, "Mål beslutade; följs upp", "anna", "Anna Berg", NOW)
        await database.answers.record(falun.id, "K.1", "na", None, "anna", "Anna Berg", NOW)
        assessment = await database.assessments.start(falun.id, "all", "anna", NOW)
        await database.assessments.complete(assessment.id, NOW)
        await take_snapshot(database, MODEL, falun.id, assessment.id, NOW)
        await database.action_items.add(NewActionItem(falun.id, "Skriv en inköpsstrategi", "1.S.6",
                                                      Owner("Åsa Öberg"), date(2025, 9, 30), "tenant-a", "team-1",
                                                      "sv", "anna"), NOW)
        checkin = await database.checkins.create(falun.id, "Skolmat 2026", "anna", "Anna Berg", NOW)
        await database.checkins.update(checkin.id, category="livsmedel", critical=True)
        await database.checkins.answer(checkin.id, "environment", "yes", "anna", NOW)
        await database.checkins.answer(checkin.id, "crisis_availability", "no", "anna", NOW)
        workshop = await database.workshops.start(falun.id, "tenant-a", "team-1", "step:1", False, "anna",
                                                  "Anna Berg", "sv", ["1.S.1", "1.S.2"], "card-1", NOW)
        for user_id, name, role, level, comment in (("anna", "Anna Berg", "upphandling", 1, "=Ingen plan"),
                                                    ("bo", "Bo Ek", "politiker", 3, None)):
            await database.workshops.vote(Vote(workshop.id, "1.S.1", user_id, falun.id, name, role, level, comment,
                                               NOW))
        await database.workshops.decide(Outcome(workshop.id, "1.S.1", falun.id, 2, "Vi landar i 2", "anna", NOW))
        await database.workshops.vote(Vote(workshop.id, "1.S.2", "bo", falun.id, "Bo Ek", "politiker", "na", None,
                                           NOW))
    finally:
        await database.close()


@pytest.fixture
def exporting(sqlite_url, monkeypatch, capsysbinary):
    asyncio.run(seed(sqlite_url))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)

    def run(*args: str) -> bytes:
        assert main(["--org", "Falu kommun", *args]) == 0
        return capsysbinary.readouterr().out

    return run


def rows(raw: bytes, delimiter: str = ",") -> list[dict]:
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_answers_as_json_keep_their_shape(exporting):
    body = json.loads(exporting())
    assert body["organisation"]["name"] == "Falu kommun"
    assert [(a["row"], a["level"], a["who"]) for a in body["answers"]] == [("1.S.1", 2, "Anna Berg"),
                                                                            ("K.1", "na", "Anna Berg")]
    assert body["result"]["cells"]["1.S"]["level"] == 2


def test_answers_as_csv_for_swedish_excel(exporting):
    raw = exporting("--format", "csv", "--delimiter", ";")
    assert raw.splitlines()[0] == b"\xef\xbb\xbfunit;row;level;comment;who;user_id;when"
    [first, crisis] = rows(raw, ";")
    assert (first["row"], first["level"], first["comment"]) == ("1.S.1", "2", "Mål beslutade; följs upp")
    assert (crisis["row"], crisis["level"]) == ("K.1", "na")
    assert rows(exporting("--format", "csv"))[0]["comment"] == "Mål beslutade; följs upp"  # comma by default


def test_snapshots_as_one_line_per_completed_assessment(exporting):
    [line] = rows(exporting("--what", "snapshots", "--format", "csv"))
    assert (line["overall_level"], line["overall_progress"], line["1.S"], line["1.V"], line["K"]) == (
        "2", "66.7", "2", "", "")
    [snapshot] = json.loads(exporting("--what", "snapshots"))["snapshots"]
    assert snapshot["answers"] == {"1.S.1": 2, "K.1": "na"} and snapshot["taken_at"] == NOW.isoformat()


def test_the_action_plan(exporting):
    [item] = rows(exporting("--what", "plan", "--format", "csv", "--delimiter", ";"), ";")
    assert (item["number"], item["what"], item["row"], item["owner"], item["due"], item["status"]) == (
        "1", "Skriv en inköpsstrategi", "1.S.6", "Åsa Öberg", "2025-09-30", "open")


def test_quick_checks_with_one_column_per_check(exporting):
    [checkin] = rows(exporting("--what", "checkins", "--format", "csv"))
    assert (checkin["name"], checkin["category"], checkin["critical"]) == ("Skolmat 2026", "livsmedel", "True")
    assert (checkin["environment"], checkin["crisis_availability"], checkin["social"]) == ("yes", "no", "")
    [kept] = json.loads(exporting("--what", "checkins"))["checkins"]
    assert kept["answers"] == {"environment": "yes", "crisis_availability": "no"}


def test_workshop_votes_beside_the_agreed_answer(exporting):
    raw = exporting("--what", "votes", "--format", "csv", "--delimiter", ";")
    assert raw.splitlines()[0] == (b"\xef\xbb\xbfrow;unit;workshop;who;user_id;role;level;comment;when;agreed_level;"
                                   b"agreed_comment;agreed_at")
    anna, bo, open_question = rows(raw, ";")
    assert (anna["row"], anna["who"], anna["role"], anna["level"], anna["comment"], anna["agreed_level"]) == (
        "1.S.1", "Anna Berg", "upphandling", "1", "'=Ingen plan", "2")
    assert (bo["who"], bo["level"], bo["agreed_comment"], bo["when"]) == ("Bo Ek", "3", "Vi landar i 2",
                                                                          NOW.isoformat())
    assert (open_question["row"], open_question["level"], open_question["agreed_level"]) == ("1.S.2", "na", "")
    votes = json.loads(exporting("--what", "votes"))["votes"]
    assert [(v["who"], v["level"], v["agreed_level"], v["unit"]) for v in votes] == [
        ("Anna Berg", 1, 2, None), ("Bo Ek", 3, 2, None), ("Bo Ek", "na", None, None)]


async def seed_unit_workshop(url: str) -> None:
    database = await Database.open(url)
    try:
        [falun] = await database.organisations.find_in_all_tenants("Falu kommun")
        social = await database.units.create(falun.id, "Socialförvaltningen", NOW)
        workshop = await database.workshops.start(falun.id, "tenant-a", "team-2", "crisis", True, "bo", "Bo Ek", "sv",
                                                  ["K.1", "K.2"], "card-2", NOW, social.id)
        await database.workshops.vote(Vote(workshop.id, "K.1", "cecilia", falun.id, "Cecilia Dahl", None, 3, None,
                                           NOW))
        await database.workshops.decide(Outcome(workshop.id, "K.1", falun.id, 3, None, "bo", NOW))
    finally:
        await database.close()


def test_workshop_votes_name_the_unit_the_workshop_was_for(exporting, sqlite_url):
    asyncio.run(seed_unit_workshop(sqlite_url))
    found = rows(exporting("--what", "votes", "--format", "csv"))
    assert [(v["row"], v["unit"], v["who"], v["agreed_level"]) for v in found] == [
        ("1.S.1", "", "Anna Berg", "2"), ("1.S.1", "", "Bo Ek", "2"), ("1.S.2", "", "Bo Ek", ""),
        ("K.1", "Socialförvaltningen", "Cecilia Dahl", "3")]
    only = json.loads(exporting("--what", "votes", "--unit", "Socialförvaltningen"))["votes"]
    assert [(v["row"], v["unit"], v["who"]) for v in only] == [("K.1", "Socialförvaltningen", "Cecilia Dahl")]


def test_an_unknown_organisation_is_an_error(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["--org", "Ingen kommun", "--what", "plan"]) == 2
    assert "no organisation named 'Ingen kommun'" in capsys.readouterr().err


async def seed_collaboration(url: str) -> None:
    """Falu kommun (tenant A, seeded above) administers Upphandlingscenter Dalarna; Mora kommun (tenant B) joined."""
    from storage.collaborations import Actor
    database = await Database.open(url)
    try:
        [falun] = await database.organisations.find_in_all_tenants("Falu kommun")
        mora = await database.organisations.create("tenant-b", "Mora kommun", "kommun", "bo", "Bo Ek", NOW)
        created = await database.collaborations.create("Upphandlingscenter Dalarna", falun,
                                                       Actor("tenant-a", falun.id, "anna", "Anna Berg"), NOW)
        await database.collaborations.add_member(created.id, mora, Actor("tenant-b", mora.id, "bo", "Bo Ek"), NOW)
    finally:
        await database.close()


def test_a_collaboration_as_analysts_get_it_without_names_or_texts(exporting, sqlite_url, capsysbinary):
    asyncio.run(seed_collaboration(sqlite_url))
    assert main(["--collaboration", "Upphandlingscenter Dalarna"]) == 0
    raw = capsysbinary.readouterr().out
    body = json.loads(raw)
    assert [(m["organisation"], m["administrator"]) for m in body["members"]] == [("Falu kommun", True),
                                                                                  ("Mora kommun", False)]
    falun = body["members"][0]
    assert falun["cells"]["1.S"]["level"] == 2 and falun["completion"] > 0 and falun["plan"]["overdue"] == 1 and len(falun["trend"]) == 1
    assert [(i["indicator"], i["count"], i["total"]) for i in body["indicators"]] == [
        ("environmental_requirements", 1, 1), ("crisis_terms", 0, 1)]
    for private in (b"Anna Berg", "Mål beslutade".encode(), "Skriv en inköpsstrategi".encode(),
                    "Åsa Öberg".encode(), b"Skolmat", b"Bo Ek"):
        assert private not in raw
    assert main(["--collaboration", "Upphandlingscenter Dalarna", "--format", "csv", "--delimiter", ";"]) == 0
    lines = rows(capsysbinary.readouterr().out, ";")
    assert [(line["organisation"], line["1.S"], line["plan_overdue"]) for line in lines] == [
        ("Falu kommun", "2", "1"), ("Mora kommun", "", "0")]
    assert main(["--collaboration", "Ingen samverkan"]) == 2
