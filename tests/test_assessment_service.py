"""The assessments service's rules, on SQLite and PostgreSQL: which rows a round asks, what an answer says
back, and what completing an assessment keeps."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from model import load_model
from services.assessments import CRISIS, FINISHED, OTHER, PAUSED, Assessments
from tests.conversation import FakeClock

MODEL = load_model()
NOW = datetime(2025, 3, 14, 9, 0, tzinfo=timezone.utc)
STEP_4 = [row.key for row in MODEL.rows if row.step == "4"]  # 4.S.1, 4.V.1, 4.R.1, 4.R.2, 4.M.1


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
async def falun(database):
    return await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", NOW)


@pytest.fixture
def assessments(database, clock):
    return Assessments(database, MODEL, clock)


async def answer(assessments: Assessments, organisation_id: str, answers: dict, assessment_id: int | None = None):
    for key, value in answers.items():
        await assessments.record_answer(organisation_id, key, value, None, "anna", "Anna Berg",
                                        assessment_id=assessment_id)


async def test_a_round_skips_what_is_answered_and_a_redo_asks_it_again(assessments, falun):
    await answer(assessments, falun.id, {"4.S.1": 2, "4.V.1": 1})
    remaining = await assessments.begin(falun.id, "step:4", "anna")
    assert remaining.rows == tuple(STEP_4) and remaining.skip == ("4.S.1", "4.V.1")
    assert await assessments.answered(falun.id, "step:4") == (2, 5)
    again = await assessments.begin(falun.id, "step:4", "anna", redo=True)
    assert again.skip == () and again.assessment_id != remaining.assessment_id


async def test_continuing_a_paused_redo_asks_only_what_it_has_not_asked_yet(assessments, falun):
    await answer(assessments, falun.id, dict.fromkeys(STEP_4, 1))
    redo = await assessments.begin(falun.id, "step:4", "anna", redo=True)
    await answer(assessments, falun.id, {"4.S.1": 3}, redo.assessment_id)
    assert await assessments.resume_scope(falun.id) == ("step:4", None)
    resumed = await assessments.begin(falun.id, "step:4", "anna", resume=True)
    assert resumed.assessment_id == redo.assessment_id and resumed.skip == ("4.S.1",)


async def test_nothing_is_started_when_every_row_of_the_scope_is_answered(assessments, database, falun):
    await answer(assessments, falun.id, {"K.1": 2, "K.2": "na"})
    assert await assessments.begin(falun.id, CRISIS, "anna") is None
    assert await database.assessments.latest(falun.id) is None
    assert await assessments.resume_scope(falun.id) == ("all", None)


async def test_an_answer_gives_the_cells_standing_only_when_the_cell_is_passed(assessments, falun):
    said = await assessments.record_answer(falun.id, "4.R.1", 3, "plan antagen", "anna", "Anna Berg")
    assert said is None
    skipped = await assessments.record_answer(falun.id, "4.R.2", None, None, "anna", "Anna Berg", cell_passed=True)
    assert (skipped.level, skipped.complete) == (3, False)  # from the row answered; the skipped one stays open
    assert await assessments.answer(falun.id, "4.R.2") is None
    assert await assessments.record_answer(falun.id, "K.1", 3, None, "anna", "Anna Berg") is None
    crisis = await assessments.record_answer(falun.id, "K.2", 1, None, "anna", "Anna Berg", cell_passed=True)
    assert (crisis.level, crisis.complete) == (1, True)
    assert await assessments.answers(falun.id) == {"4.R.1": 3, "K.1": 3, "K.2": 1}


async def test_completing_an_assessment_takes_a_snapshot_and_gives_the_status(assessments, database, falun, clock):
    first = await assessments.begin(falun.id, "step:4", "anna")
    await answer(assessments, falun.id, dict.fromkeys(STEP_4, 1), first.assessment_id)
    status = await assessments.complete("tenant-a", falun.id, first.assessment_id)
    assert status.organisation == falun and status.result.steps["4"].level == 1
    assert status.trend == [] and status.changes == {}  # nothing earlier to compare with
    clock.now = NOW + timedelta(days=90)
    second = await assessments.begin(falun.id, "step:4", "anna", redo=True)
    await answer(assessments, falun.id, dict.fromkeys(STEP_4, 2), second.assessment_id)
    status = await assessments.complete("tenant-a", falun.id, second.assessment_id)
    snapshots = await database.snapshots.list(falun.id)
    assert [s.assessment_id for s in snapshots] == [first.assessment_id, second.assessment_id]
    assert snapshots[1].taken_at == clock.now and snapshots[1].answers == dict.fromkeys(STEP_4, 2)
    assert len(status.trend) == 2 and status.trend[0] < status.trend[1]
    assert status.changes["4.S"] == "↑"
    assert (await database.assessments.get(falun.id, second.assessment_id)).completed_at == clock.now


async def test_a_card_of_an_assessment_is_finished_paused_or_another(assessments, falun):
    done = await assessments.begin(falun.id, "step:4", "anna")
    await assessments.complete("tenant-a", falun.id, done.assessment_id)
    left = await assessments.begin(falun.id, "step:3", "anna")
    paused = await assessments.begin(falun.id, "step:2", "anna")
    assert await assessments.state(falun.id, done.assessment_id) == FINISHED
    assert await assessments.state(falun.id, paused.assessment_id) == PAUSED
    assert await assessments.state(falun.id, left.assessment_id) == OTHER
    assert await assessments.state("another-organisation", paused.assessment_id) == OTHER
