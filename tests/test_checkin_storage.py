"""Quick checks, preparedness answers and follow-up wishes, on SQLite and PostgreSQL alike."""
from datetime import date, datetime, timedelta, timezone

import pytest

from storage import FollowUpWish

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
REFERENCE = {"conversation": {"id": "personal-anna"}, "serviceUrl": "https://connector.invalid", "channelId": "msteams"}


async def organisation(database, name="Falu kommun"):
    return await database.organisations.create("tenant-a", name, "kommun", "anna", "Anna Berg", NOW)


async def test_a_check_in_keeps_its_details_and_answers(database):
    falun = await organisation(database)
    created = await database.checkins.create(falun.id, "Skolmat 2027", "anna", "Anna Berg", NOW)
    assert (created.name, created.category, created.critical, dict(created.answers)) == ("Skolmat 2027", None, None, {})
    await database.checkins.update(created.id, category="livsmedel", value_sek=2_000_000_000)
    await database.checkins.update(created.id, announce_on=date(2027, 3, 15), critical=True)
    await database.checkins.answer(created.id, "needs", "yes", "anna", NOW)
    await database.checkins.answer(created.id, "roles", "partly", "anna", NOW)
    await database.checkins.answer(created.id, "roles", "no", "bo", NOW + timedelta(days=1))  # changed later
    checkin = await database.checkins.get(falun.id, created.id)
    assert (checkin.category, checkin.value_sek, checkin.announce_on, checkin.critical) == (
        "livsmedel", 2_000_000_000, date(2027, 3, 15), True)
    assert (checkin.user_id, checkin.user_name, checkin.created_at) == ("anna", "Anna Berg", NOW)
    assert dict(checkin.answers) == {"needs": "yes", "roles": "no"}


async def test_only_the_details_of_a_check_in_can_be_updated(database):
    falun = await organisation(database)
    created = await database.checkins.create(falun.id, "Skolmat", "anna", "Anna Berg", NOW)
    with pytest.raises(ValueError, match="name"):
        await database.checkins.update(created.id, name="Annat namn")


async def test_check_ins_are_listed_newest_first_and_only_for_their_organisation(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    first = await database.checkins.create(falun.id, "Skolmat", "anna", "Anna Berg", NOW)
    second = await database.checkins.create(falun.id, "Fordon", "anna", "Anna Berg", NOW + timedelta(hours=1))
    await database.checkins.answer(first.id, "needs", "yes", "anna", NOW)
    await database.checkins.create(mora.id, "Städ", "bo", "Bo Ek", NOW)
    listed = await database.checkins.list(falun.id)
    assert [c.name for c in listed] == ["Fordon", "Skolmat"]
    assert [dict(c.answers) for c in listed] == [{}, {"needs": "yes"}]
    assert await database.checkins.get(mora.id, second.id) is None
    assert [c.name for c in await database.checkins.list(falun.id, limit=1)] == ["Fordon"]


async def test_preparedness_answers_belong_to_the_organisation_and_the_latest_counts(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    await database.preparedness.answer(falun.id, "preparedness_plans", "no", "anna", NOW)
    await database.preparedness.answer(falun.id, "preparedness_plans", "yes", "bo", NOW + timedelta(days=30))
    await database.preparedness.answer(falun.id, "preparedness_suppliers", "no", "anna", NOW)
    assert await database.preparedness.current(falun.id) == {"preparedness_plans": "yes", "preparedness_suppliers": "no"}
    assert await database.preparedness.current(mora.id) == {}


async def test_follow_up_wishes_are_pending_from_their_due_time_until_marked(database):
    falun = await organisation(database)
    checkin = await database.checkins.create(falun.id, "Skolmat", "anna", "Anna Berg", NOW)
    due = datetime(2027, 3, 1, 7, 0, tzinfo=timezone.utc)
    before = await database.follow_up_wishes.add(falun.id, checkin.id, "before_announcement", due, REFERENCE, "anna", NOW)
    later = await database.follow_up_wishes.add(
        falun.id, checkin.id, "contract_follow_up", due + timedelta(days=200), REFERENCE, "anna", NOW)
    assert before == FollowUpWish(before.id, falun.id, checkin.id, "before_announcement", due, REFERENCE, "anna", NOW,
                                  "pending")
    assert await database.follow_up_wishes.pending(due - timedelta(seconds=1)) == []
    assert await database.follow_up_wishes.pending(due) == [before]
    assert [w.id for w in await database.follow_up_wishes.pending(due + timedelta(days=365))] == [before.id, later.id]
    await database.follow_up_wishes.mark(before.id, "sent")
    assert [w.id for w in await database.follow_up_wishes.pending(due + timedelta(days=365))] == [later.id]


async def test_a_due_time_in_another_zone_is_compared_as_the_same_moment(database):
    falun = await organisation(database)
    checkin = await database.checkins.create(falun.id, "Skolmat", "anna", "Anna Berg", NOW)
    stockholm = timezone(timedelta(hours=1))
    due = datetime(2027, 3, 1, 8, 0, tzinfo=stockholm)
    await database.follow_up_wishes.add(falun.id, checkin.id, "before_announcement", due, REFERENCE, "anna", NOW)
    [wish] = await database.follow_up_wishes.pending(datetime(2027, 3, 1, 7, 0, tzinfo=timezone.utc))
    assert wish.due_at == datetime(2027, 3, 1, 7, 0, tzinfo=timezone.utc)
    assert await database.follow_up_wishes.pending(datetime(2027, 3, 1, 6, 59, tzinfo=timezone.utc)) == []
