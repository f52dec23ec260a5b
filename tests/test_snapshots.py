"""Snapshots of completed assessments and the comparison opt-in: storage on SQLite and PostgreSQL,
the change arrows and trend they give, and how the status card shows them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from storage import Snapshot
from services.reports import DOWN, SAME, UP, baseline, changes, compare, take_snapshot
from bot.runtime import build_bot
from model import load_model
from model.scoring import score
from tests.conversation import Chat

MODEL = load_model()
NOW = datetime(2025, 3, 14, 9, 0, tzinfo=timezone.utc)


async def organisation(database, name="Falu kommun", kind="kommun", tenant="tenant-a"):
    return await database.organisations.create(tenant, name, kind, "anna", "Anna Berg", NOW)


async def completed(database, organisation_id: str, answers: dict, at: datetime) -> Snapshot:
    """Answers recorded, an assessment completed and its snapshot taken, as the assessment dialog does."""
    for key, value in answers.items():
        await database.answers.record(organisation_id, key, value, None, "anna", "Anna Berg", at)
    assessment = await database.assessments.start(organisation_id, "all", "anna", at)
    await database.assessments.complete(assessment.id, at)
    return await take_snapshot(database, MODEL, organisation_id, assessment.id, at)


def snapshot(answers: dict, at: datetime = NOW, organisation_id: str = "o") -> Snapshot:
    return Snapshot(0, organisation_id, 1, at, answers, score(MODEL, answers).to_dict())


async def test_a_snapshot_keeps_the_answers_and_score_of_the_moment(database):
    falun = await organisation(database)
    first = await completed(database, falun.id, {"1.S.1": 1, "1.S.2": "na"}, NOW)
    await completed(database, falun.id, {"1.S.1": 3}, NOW + timedelta(days=30))
    kept = await database.snapshots.list(falun.id)
    assert [s.taken_at for s in kept] == [NOW, NOW + timedelta(days=30)]
    assert kept[0] == first
    assert kept[0].answers == {"1.S.1": 1, "1.S.2": "na"}
    assert kept[1].answers == {"1.S.1": 3, "1.S.2": "na"}  # the whole standing, not just what changed
    assert kept[1].score["cells"]["1.S"]["level"] == 3 and kept[0].score["cells"]["1.S"]["level"] == 1
    assert await database.snapshots.list((await organisation(database, "Mora kommun")).id) == []


async def test_comparison_is_opted_into_and_out_of_per_organisation(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    assert not await database.snapshots.compares(falun.id)
    await database.snapshots.set_comparison(falun.id, True, "anna", NOW)
    assert await database.snapshots.compares(falun.id) and not await database.snapshots.compares(mora.id)
    await database.snapshots.set_comparison(falun.id, False, "anna", NOW + timedelta(days=1))
    assert not await database.snapshots.compares(falun.id)


async def test_the_comparison_group_is_the_latest_snapshot_of_each_opted_in_organisation_of_the_kind(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    borlange = await organisation(database, "Borlänge kommun", tenant="tenant-b")
    region = await organisation(database, "Region Dalarna", kind="region")
    shy = await organisation(database, "Leksands kommun")
    for member in (falun, mora, borlange, region, shy):
        await completed(database, member.id, {"1.S.1": 1}, NOW)
    await completed(database, falun.id, {"1.S.1": 2}, NOW + timedelta(days=1))
    for member in (falun, mora, borlange, region):
        await database.snapshots.set_comparison(member.id, True, "anna", NOW)
    group = await database.snapshots.latest_of_comparison_group("kommun")
    assert sorted((s.organisation_id, s.answers["1.S.1"]) for s in group) == sorted(
        [(falun.id, 2), (mora.id, 1), (borlange.id, 1)])


def test_arrows_compare_with_the_snapshot_before_the_current_standing():
    earlier = snapshot({"1.S.1": 1, "1.V.1": 2, "1.V.2": 2, "1.R.1": 2, "1.R.2": 2, "1.R.3": 2})
    latest = {"1.S.1": 2, "1.V.1": 1, "1.V.2": 2, "1.R.1": 2, "1.R.2": 2, "1.R.3": 2}
    snapshots = [earlier, snapshot(latest, NOW + timedelta(days=90))]
    assert baseline(snapshots, latest) is earlier  # the latest snapshot is the standing itself
    assert baseline(snapshots, {**latest, "1.M.1": 3}) is snapshots[1]  # answered since: against the latest
    assert baseline(snapshots[1:], latest) is None
    arrows = changes(score(MODEL, latest), earlier)
    assert (arrows["1.S"], arrows["1.V"], arrows["1.R"]) == (UP, DOWN, SAME)
    assert "1.M" not in arrows and "2.S" not in arrows  # nothing to compare: no arrow


def test_within_a_level_more_progress_is_still_a_step_up():
    earlier = snapshot({"1.V.1": 1, "1.V.2": 1})
    assert changes(score(MODEL, {"1.V.1": 1, "1.V.2": 3}), earlier)["1.V"] == UP


@pytest.mark.parametrize("taking_part, shown", [(4, False), (5, True)])
def test_medians_are_shown_only_when_five_organisations_take_part(taking_part, shown):
    group = [snapshot({"1.S.1": level}, organisation_id=str(level)) for level in (1, 2, 2, 3, 3)[:taking_part]]
    comparison = compare(group, list(MODEL.cells))
    assert comparison.shown is shown and comparison.participants == taking_part
    assert comparison.medians == ({"1.S": 2} if shown else {})


async def answer_step_four(chat: Chat, level: str, again: bool) -> str:
    await chat.say("start steg 4")
    if again:
        await chat.say("2")  # all of them again
    for _ in MODEL.cells["4.S"] + MODEL.cells["4.V"] + MODEL.cells["4.R"] + MODEL.cells["4.M"]:
        reply = await chat.say(level)
    await chat.say("4")  # no target now
    return reply


async def test_the_status_card_shows_arrows_and_progress_after_two_assessments(sqlite_database):
    chat = Chat(build_bot(MODEL, sqlite_database, clock=lambda: NOW))
    await chat.say("hej")
    await chat.say("Falu kommun")
    await chat.say("1")
    first = await answer_step_four(chat, "1", again=False)
    assert "↑" not in first and "Utveckling" not in first
    second = await answer_step_four(chat, "2", again=True)
    assert ("Steg 4 · Uppföljning av kvalitet och effekt\nHela steget | ★★ Mycket tillfredsställande\n"
            "Styrning | ★★ Mycket tillfredsställande ↑") in second
    status = await chat.say("status")
    assert "Utveckling: 33 % → 67 %" in status
    assert "★★ Mycket tillfredsställande ↑" in status and "↓" not in status
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    assert len(await sqlite_database.snapshots.list(organisation.id)) == 2
