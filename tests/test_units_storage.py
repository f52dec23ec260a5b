"""Units in storage, on SQLite and PostgreSQL: names unique per organisation whatever their case, a unit's answers
and snapshots kept apart from the organisation's own, and removing a unit takes what belongs to it and nothing else."""
from datetime import date, datetime, timedelta, timezone

import pytest

from model import load_model
from services.reports import take_snapshot
from storage import DuplicateUnit, NewActionItem, Owner

MODEL = load_model()
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


async def test_names_are_unique_within_an_organisation_whatever_their_case(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", NOW)
    mora = await database.organisations.create("tenant-a", "Mora kommun", "kommun", "bo", "Bo", NOW)
    social = await database.units.create(falun.id, "Socialförvaltningen", NOW)
    with pytest.raises(DuplicateUnit):
        await database.units.create(falun.id, "SOCIALFÖRVALTNINGEN", NOW)
    assert (await database.units.create(mora.id, "Socialförvaltningen", NOW)).id != social.id
    await database.units.create(falun.id, "Barn och utbildning", NOW)
    assert [u.name for u in await database.units.list(falun.id)] == ["Barn och utbildning", "Socialförvaltningen"]
    assert await database.units.find(falun.id, "socialförvaltningen") == social
    assert await database.units.get(mora.id, social.id) is None  # another organisation's unit
    with pytest.raises(DuplicateUnit):
        await database.units.rename(falun.id, social.id, "barn och utbildning")
    assert await database.units.rename(falun.id, social.id, "Vård och omsorg")
    assert (await database.units.get(falun.id, social.id)).name == "Vård och omsorg"


async def test_a_units_answers_stay_apart_and_go_with_it_when_it_is_removed(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", NOW)
    social = await database.units.create(falun.id, "Socialförvaltningen", NOW)
    await database.answers.record(falun.id, "1.S.1", 1, None, "anna", "Anna", NOW)
    assessment = await database.assessments.start(falun.id, "all", "anna", NOW, unit_id=social.id)
    await database.answers.record(falun.id, "1.S.1", 3, "Beslutat", "anna", "Anna", NOW, assessment.id, social.id)
    await database.answers.record(falun.id, "1.S.2", 2, None, "anna", "Anna", NOW, assessment.id, social.id)
    await take_snapshot(database, MODEL, falun.id, assessment.id, NOW, social.id)
    await database.action_items.add(NewActionItem(falun.id, "Ta fram mål", "1.S.1", Owner("Anna"), date(2025, 6, 1),
                                                  "tenant-a", "personal-anna", "sv", "anna", unit_id=social.id), NOW)
    assert {k: a.value for k, a in (await database.answers.current(falun.id)).items()} == {"1.S.1": 1}
    assert {k: a.value for k, a in (await database.answers.current(falun.id, unit_id=social.id)).items()} == {
        "1.S.1": 3, "1.S.2": 2}
    assert [a.value for a in await database.answers.history(falun.id, "1.S.1")] == [1]
    assert await database.snapshots.list(falun.id) == []
    [snapshot] = await database.snapshots.list(falun.id, social.id)
    assert snapshot.answers == {"1.S.1": 3, "1.S.2": 2}
    assert await database.assessments.latest(falun.id) is None
    assert (await database.assessments.latest_of_any(falun.id)).unit_id == social.id

    assert await database.units.remove(falun.id, social.id)
    assert not await database.units.remove(falun.id, social.id)
    assert await database.answers.current(falun.id, unit_id=social.id) == {}
    assert await database.snapshots.list(falun.id, social.id) == []
    assert await database.action_items.list(falun.id) == []
    assert await database.assessments.latest_of_any(falun.id) is None
    assert {k: a.value for k, a in (await database.answers.current(falun.id)).items()} == {"1.S.1": 1}
    # A removed unit's id is never given out again: its old buttons must not reach a new unit.
    assert (await database.units.create(falun.id, "Socialförvaltningen", NOW)).id != social.id


async def test_reassessing_is_due_by_the_organisations_own_assessments_and_a_units_open_one_is_unfinished(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", NOW)
    social = await database.units.create(falun.id, "Socialförvaltningen", NOW)
    own = await database.assessments.start(falun.id, "all", "anna", NOW - timedelta(days=400))
    await database.assessments.complete(own.id, NOW - timedelta(days=380))
    unit = await database.assessments.start(falun.id, "all", "anna", NOW - timedelta(days=20), unit_id=social.id)
    [due] = await database.organisation_reminders.last_completed()
    assert due.assessment_id == own.id  # a unit's later assessment does not put off the organisation's own
    [idle] = await database.organisation_reminders.unfinished(idle_since=NOW - timedelta(days=7))
    assert idle.assessment_id == unit.id
