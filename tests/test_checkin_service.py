"""The check-ins service on SQLite and PostgreSQL: a quick check described a piece at a time, its answers,
the preparedness answers and the follow-up reminders people ask for."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from model import load_model
from services.checkins import BEFORE_ANNOUNCEMENT, Checkins
from tests.conversation import FakeClock

MODEL = load_model()
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
REFERENCE = {"conversation": {"id": "personal-anna"}, "serviceUrl": "https://connector.invalid"}


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
async def falun(database):
    return await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", NOW)


@pytest.fixture
def checkins(database, clock):
    return Checkins(database, MODEL, clock)


async def test_a_quick_check_is_described_a_piece_at_a_time_and_keeps_what_it_was_told(checkins, falun):
    checkin = await checkins.create(falun.id, "Skolmat 2027", "anna", "Anna Berg")
    await checkins.describe(checkin.id, category="livsmedel")
    await checkins.describe(checkin.id, value_sek=2_000_000)
    await checkins.describe(checkin.id, announce_on=date(2027, 3, 15), critical=False)
    await checkins.answer(checkin.id, "needs", "no", "anna")
    await checkins.answer(checkin.id, "needs", "partly", "bo")  # answered again: replaced
    found = await checkins.get(falun.id, checkin.id)
    assert (found.name, found.category, found.value_sek, found.announce_on, found.critical) == (
        "Skolmat 2027", "livsmedel", 2_000_000, date(2027, 3, 15), False)
    assert dict(found.answers) == {"needs": "partly"} and found.created_at == NOW
    assert [c.id for c in await checkins.list(falun.id)] == [checkin.id]
    assert await checkins.get("another-organisation", checkin.id) is None


async def test_the_latest_preparedness_answer_counts(checkins, falun, clock):
    await checkins.answer_preparedness(falun.id, "preparedness_plans", "no", "anna")
    clock.now = NOW + timedelta(days=1)
    await checkins.answer_preparedness(falun.id, "preparedness_plans", "yes", "bo")
    await checkins.answer_preparedness(falun.id, "preparedness_stock", "no", "bo")
    assert await checkins.preparedness(falun.id) == {"preparedness_plans": "yes", "preparedness_stock": "no"}


async def test_follow_up_wishes_are_kept_for_the_reminder_sweep(checkins, database, falun):
    checkin = await checkins.create(falun.id, "Bilar", "anna", "Anna Berg")
    due = datetime(2027, 3, 1, 7, tzinfo=timezone.utc)
    await checkins.wish_follow_up(falun.id, checkin.id, BEFORE_ANNOUNCEMENT, due, REFERENCE, "anna")
    with pytest.raises(ValueError, match="no such follow-up"):
        await checkins.wish_follow_up(falun.id, checkin.id, "someday", due, REFERENCE, "anna")
    [wish] = await database.follow_up_wishes.pending(due)
    assert (wish.kind, wish.due_at, wish.checkin_id, wish.conversation_reference) == (
        BEFORE_ANNOUNCEMENT, due, checkin.id, REFERENCE)
