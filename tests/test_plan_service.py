"""The action plan's rules, through the service, on SQLite and PostgreSQL: every change to an item plans its
reminders again; changes name the item by id; next steps aim at the organisation's target; reminder
preferences are the speaker's own or their conversation's."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from model import load_model
from model.schedule import OfficeHours
from services.plan import CONVERSATION, DONE, POSTPONED, USER, ActionItem, ActionPlan, Owner, Period, Speaker
from services.reminders import (
    ITEM_DUE, ITEM_HEADS_UP, REASSESSMENT, UNFINISHED, assessment_nudge_wanted, item_nudge_wanted, send_time,
)
from storage import Assessment, Database
from storage.reminders import Preference
from tests.conversation import FakeClock

MODEL = load_model()
NOW = datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc)  # a Monday morning
STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANNA = Speaker("tenant-a", "anna", "Anna Berg", "team-1", personal=False)


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def plan(database, clock):
    return ActionPlan(database, MODEL, clock)


async def falun(database: Database, tenant: str = "tenant-a") -> str:
    return (await database.organisations.create(tenant, "Falu kommun", "kommun", "anna", "Anna Berg", NOW)).id


async def pending(database: Database, item_id: int) -> list[tuple[str, datetime, str | None]]:
    found = await database.nudges.find(subject=str(item_id), status="pending")
    return sorted((n.kind, n.due_at.astimezone(STOCKHOLM), n.user_id) for n in found)


def nine(*day: int) -> datetime:
    return datetime(*day, 9, tzinfo=STOCKHOLM)


async def test_an_added_item_is_its_authors_for_a_month_and_reminded_ahead_and_on_the_day(database, plan):
    item = await plan.add(await falun(database), "Besluta om mål", "1.S.1", ANNA)
    assert (item.number, item.owner, item.due_on, item.conversation_id) == (
        1, Owner("Anna Berg", "anna"), date(2025, 4, 2), "team-1")
    assert await pending(database, item.id) == [
        (ITEM_DUE, nine(2025, 4, 2), "anna"), (ITEM_HEADS_UP, nine(2025, 3, 26), "anna")]


async def test_postponing_an_item_moves_its_pending_reminders(database, plan):
    organisation_id = await falun(database)
    item = await plan.add(organisation_id, "Besluta om mål", None, ANNA, due_on=date(2025, 3, 17))
    moved = await plan.postpone(organisation_id, item.id, date(2025, 4, 14))
    assert (moved.status, moved.due_on) == (POSTPONED, date(2025, 4, 14))
    assert await pending(database, item.id) == [
        (ITEM_DUE, nine(2025, 4, 14), "anna"), (ITEM_HEADS_UP, nine(2025, 4, 7), "anna")]


async def test_postponing_by_a_period_counts_from_the_due_date_or_from_today_once_it_has_passed(database, plan, clock):
    organisation_id = await falun(database)
    ahead = await plan.add(organisation_id, "Besluta om mål", None, ANNA, due_on=date(2025, 4, 2))
    late = await plan.add(organisation_id, "Kartlägg leverantörer", None, ANNA, due_on=date(2025, 3, 10))
    assert (await plan.postpone_by(organisation_id, ahead.id, Period.MONTH)).due_on == date(2025, 5, 2)
    clock.now = datetime(2025, 3, 20, 10, tzinfo=timezone.utc)
    assert (await plan.postpone_by(organisation_id, late.id, Period.WEEK)).due_on == date(2025, 3, 27)
    assert await pending(database, late.id) == [(ITEM_DUE, nine(2025, 3, 27), "anna")]  # the heads-up has passed
    assert await plan.postpone_by("another-organisation", late.id, Period.WEEK) is None


async def test_a_new_owner_gets_the_reminders_and_a_typed_name_leaves_them_with_the_author(database, plan):
    organisation_id = await falun(database)
    item = await plan.add(organisation_id, "Besluta om mål", None, ANNA, due_on=date(2025, 3, 17))
    await plan.reassign(organisation_id, item.id, Owner("Bo Ek", "bo"))
    assert {user for _, _, user in await pending(database, item.id)} == {"bo"}
    await plan.reassign(organisation_id, item.id, Owner("Cecilia"))
    assert {user for _, _, user in await pending(database, item.id)} == {"anna"}


async def test_a_new_due_date_moves_the_reminders_and_keeps_the_status(database, plan):
    organisation_id = await falun(database)
    item = await plan.add(organisation_id, "Besluta om mål", None, ANNA)
    changed = await plan.set_due(organisation_id, item.id, date(2025, 3, 5))
    assert changed.status == "open"
    assert await pending(database, item.id) == [(ITEM_DUE, nine(2025, 3, 5), "anna")]


async def test_done_and_deleted_items_keep_no_pending_reminders_and_others_keep_theirs(database, plan):
    organisation_id = await falun(database)
    done = await plan.add(organisation_id, "Besluta om mål", None, ANNA)
    deleted = await plan.add(organisation_id, "Kartlägg leverantörer", None, ANNA)
    kept = await plan.add(organisation_id, "Ta fram inköpsanalys", None, ANNA)
    assert (await plan.done(organisation_id, done.id)).status == DONE
    assert (await plan.delete(organisation_id, deleted.id)).what == "Kartlägg leverantörer"
    assert await pending(database, done.id) == [] and await pending(database, deleted.id) == []
    assert len(await pending(database, kept.id)) == 2
    assert [i.what for i in await plan.items(organisation_id)] == ["Besluta om mål", "Ta fram inköpsanalys"]


async def test_a_change_to_a_deleted_item_leaves_the_item_that_took_its_number_alone(database, plan):
    organisation_id = await falun(database)
    old = await plan.add(organisation_id, "Besluta om mål", None, ANNA)
    await plan.delete(organisation_id, old.id)
    new = await plan.add(organisation_id, "Kartlägg leverantörer", None, ANNA)
    assert new.number == old.number
    assert await plan.done(organisation_id, old.id) is None
    assert await plan.reassign(organisation_id, old.id, Owner("Bo Ek")) is None
    assert (await plan.item(organisation_id, new.number)).status == "open"
    assert len(await pending(database, new.id)) == 2


async def test_next_steps_aim_at_the_target_and_a_button_names_its_step_by_row_and_level(database, plan):
    organisation_id = await falun(database)
    for key, level in {"1.S.1": 0, "1.S.2": 1, "1.S.3": 3}.items():
        await database.answers.record(organisation_id, key, level, None, "anna", "Anna Berg", NOW)
    await database.organisations.set_target(organisation_id, {"overall": 2})
    found = [(s.row.key, s.level) for s in await plan.next_steps("tenant-a", organisation_id)]
    assert found == [("1.S.1", 1), ("1.S.2", 2)]  # a row still at 0 first; 1.S.3 is past the target
    view = await plan.view("tenant-a", organisation_id)
    assert view.organisation.name == "Falu kommun" and [s.row.key for s in view.next_steps] == ["1.S.1", "1.S.2"]
    assert await plan.next_steps("tenant-b", organisation_id) == [] and await plan.view("tenant-b", organisation_id) is None
    assert (plan.step("2.V.1", 3).row.key, plan.step("2.V.1", 3).level) == ("2.V.1", 3)
    assert plan.step("9.X.9", 1) is None and plan.step("2.V.1", 4) is None and plan.step(None, None) is None


async def test_reminders_are_paused_until_the_morning_of_a_date_stopped_and_resumed_per_person_or_chat(database, plan):
    preferences = database.reminder_preferences
    mine, chat = ("tenant-a", USER, "anna"), ("tenant-a", CONVERSATION, "team-1")
    await plan.pause_reminders(ANNA, USER, date(2025, 4, 1))
    await plan.stop_reminders(ANNA, CONVERSATION)
    found = await preferences.get_many({mine, chat})
    assert found[mine].paused_until == datetime(2025, 4, 1, tzinfo=STOCKHOLM) and found[chat].stopped
    await plan.resume_reminders(ANNA, CONVERSATION)
    assert (await preferences.get_many({chat}))[chat].blocks_until(NOW) is None
    with pytest.raises(ValueError):
        await plan.stop_reminders(ANNA, "team")


@pytest.mark.parametrize("kind, status, due_on, wanted", [
    (ITEM_HEADS_UP, "open", date(2025, 3, 10), True),
    (ITEM_HEADS_UP, "open", date(2025, 3, 3), False),  # so late that the due-day nudge says it all
    (ITEM_DUE, "open", date(2025, 3, 3), True),
    (ITEM_DUE, POSTPONED, date(2025, 3, 3), True),
    (ITEM_DUE, DONE, date(2025, 3, 3), False),
    (ITEM_DUE, None, date(2025, 3, 3), False),  # deleted
])
def test_an_item_nudge_is_sent_only_while_it_still_says_something(kind, status, due_on, wanted):
    item = status and ActionItem(1, "org-1", 1, "Besluta om mål", None, "anna", "Anna Berg", due_on, status,
                                 "tenant-a", "team-1", "sv", "anna", NOW, NOW)
    assert item_nudge_wanted(kind, item, date(2025, 3, 3)) is wanted


@pytest.mark.parametrize("kind, latest, wanted", [
    (UNFINISHED, Assessment(4, "org-1", "all", "anna", NOW, None), True),
    (UNFINISHED, Assessment(4, "org-1", "all", "anna", NOW, NOW), False),  # finished since
    (UNFINISHED, Assessment(5, "org-1", "all", "anna", NOW, None), False),  # started anew
    (REASSESSMENT, Assessment(4, "org-1", "all", "anna", NOW, NOW), True),
    (REASSESSMENT, Assessment(5, "org-1", "all", "anna", NOW, None), False),
    (REASSESSMENT, None, False),  # the organisation's assessments were deleted
])
def test_an_assessment_nudge_is_sent_only_while_its_assessment_is_where_it_was(kind, latest, wanted):
    assert assessment_nudge_wanted(kind, "4", latest) is wanted


@pytest.mark.parametrize("preferences, expected", [
    ([None, None], (False, False, NOW)),
    ([Preference(None, True), None], (True, False, NOW)),
    ([None, Preference(datetime(2025, 3, 5, tzinfo=STOCKHOLM), False)], (False, True, nine(2025, 3, 5))),
    ([Preference(datetime(2025, 3, 5, tzinfo=STOCKHOLM), False), Preference(datetime(2025, 3, 7, tzinfo=STOCKHOLM),
                                                                            False)], (False, True, nine(2025, 3, 7))),
    ([Preference(datetime(2025, 3, 1, tzinfo=STOCKHOLM), False)], (False, False, NOW)),  # a pause that has ended
])
def test_a_stop_wins_then_the_latest_pause_then_office_hours(preferences, expected):
    found = send_time(preferences, NOW, OfficeHours())
    assert (found.stopped, found.paused, found.at) == expected
