"""Action items, the nudge queue and reminder settings, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta, timezone

import pytest

from storage import Database, NewActionItem, NewNudge, Owner, ReminderSettings
from storage.nudges import FAILED, PENDING, SENDING, SENT, SKIPPED
from storage.plans import ACTION, DONE, OPEN, OVERDUE, POSTPONED, STAY
from storage.reminders import CONVERSATION, USER

NOW = datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc)


async def organisation(database: Database, name: str = "Falu kommun", tenant: str = "tenant-a") -> str:
    return (await database.organisations.create(tenant, name, "kommun", "anna", "Anna Berg", NOW)).id


def new_item(organisation_id: str, what: str, due_on: date, owner: Owner = Owner("Bo Ek", "bo")) -> NewActionItem:
    return NewActionItem(organisation_id, what, "1.S.1", owner, due_on, "tenant-a", "team-1", "sv", "anna")


def nudge(key: str, due_at: datetime, conversation: str = "team-1", **changes) -> NewNudge:
    fields = dict(kind="item_due", subject="1", dedupe_key=key, organisation_id=None, tenant_id="tenant-a",
                  conversation_id=conversation, user_id="bo", lang="sv", due_at=due_at, payload=None)
    return NewNudge(**{**fields, **changes})


async def test_an_item_that_keeps_a_reached_target_is_of_its_own_kind(database):
    falun = await organisation(database)
    action = await database.action_items.add(new_item(falun, "Besluta om mål", date(2025, 6, 1)), NOW)
    keep = NewActionItem(falun, "Följ upp målen varje år", None, Owner("Bo Ek", "bo"), date(2025, 5, 1), "tenant-a",
                         "team-1", "sv", "anna", STAY, "3")
    kept = await database.action_items.add(keep, NOW)
    assert (action.kind, action.part, kept.kind, kept.part, kept.number) == (ACTION, None, STAY, "3", 2)
    listed = await database.action_items.list(falun)
    assert [(item.kind, item.part) for item in listed] == [(STAY, "3"), (ACTION, None)]


async def test_action_items_are_numbered_per_organisation_and_listed_by_due_date(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    late = await database.action_items.add(new_item(falun, "Besluta om mål", date(2025, 6, 1)), NOW)
    soon = await database.action_items.add(new_item(falun, "Ta fram inköpsanalys", date(2025, 4, 1)), NOW)
    other = await database.action_items.add(new_item(mora, "Annat", date(2025, 4, 1)), NOW)
    assert (late.number, soon.number, other.number) == (1, 2, 1)
    assert [i.what for i in await database.action_items.list(falun)] == ["Ta fram inköpsanalys", "Besluta om mål"]
    assert soon.owner == Owner("Bo Ek", "bo") and soon.row_key == "1.S.1" and soon.status == OPEN


async def test_concurrent_additions_get_distinct_numbers(database):
    falun = await organisation(database)
    items = await asyncio.gather(*(database.action_items.add(new_item(falun, f"Steg {n}", date(2025, 4, n + 1)), NOW)
                                   for n in range(5)))
    assert sorted(i.number for i in items) == [1, 2, 3, 4, 5]


async def test_items_are_done_postponed_reassigned_and_deleted(database):
    falun = await organisation(database)
    made = await database.action_items.add(new_item(falun, "Besluta om mål", date(2025, 4, 1)), NOW)
    postponed = await database.action_items.postpone(falun, made.id, date(2025, 5, 1), NOW)
    assert (postponed.status, postponed.due_on) == (POSTPONED, date(2025, 5, 1))
    assert postponed.status_on(date(2025, 5, 2)) == OVERDUE
    reassigned = await database.action_items.reassign(falun, made.id, Owner("Cecilia"), NOW)
    assert reassigned.owner == Owner("Cecilia", None)
    done = await database.action_items.mark_done(falun, made.id, NOW)
    assert done.status_on(date(2026, 1, 1)) == DONE
    assert (await database.action_items.delete(falun, made.id)).what == "Besluta om mål"
    assert await database.action_items.get(falun, 1) is None
    assert await database.action_items.mark_done(falun, made.id, NOW) is None


async def test_a_nudge_planned_twice_is_stored_once(database):
    await database.nudges.schedule([nudge("item:1:due", NOW)])
    await database.nudges.schedule([nudge("item:1:due", NOW + timedelta(days=1))])
    [stored] = await database.nudges.find(dedupe_key="item:1:due")
    assert (stored.due_at, stored.status, stored.attempts) == (NOW, PENDING, 0)


async def test_only_due_nudges_are_claimed_and_each_claim_counts_an_attempt(database):
    await database.nudges.schedule([nudge("due", NOW), nudge("later", NOW + timedelta(hours=1))])
    [claimed] = await database.nudges.claim("a", NOW, NOW + timedelta(minutes=2), limit=10)
    assert (claimed.dedupe_key, claimed.status, claimed.attempts, claimed.claim_token) == ("due", SENDING, 1, "a")
    assert await database.nudges.claim("b", NOW, NOW + timedelta(minutes=2), limit=10) == []
    assert await database.nudges.sent([claimed], NOW) == 1
    [stored] = await database.nudges.find(dedupe_key="due")
    assert (stored.status, stored.sent_at, stored.claim_token) == (SENT, NOW, None)


async def test_an_expired_lease_is_claimable_again_and_the_old_claim_cannot_settle(database):
    await database.nudges.schedule([nudge("due", NOW)])
    [first] = await database.nudges.claim("crashed", NOW, NOW + timedelta(minutes=2), limit=10)
    assert await database.nudges.claim("b", NOW + timedelta(minutes=1), NOW + timedelta(minutes=3), 10) == []
    [again] = await database.nudges.claim("b", NOW + timedelta(minutes=2), NOW + timedelta(minutes=4), 10)
    assert (again.id, again.attempts) == (first.id, 2)
    assert await database.nudges.sent([first], NOW) == 0
    assert await database.nudges.sent([again], NOW) == 1


async def test_two_claimers_at_once_never_share_a_nudge(database_url):
    first, second = await Database.open(database_url), await Database.open(database_url)
    try:
        await first.nudges.schedule([nudge(f"n{n}", NOW, conversation=f"c{n % 7}") for n in range(60)])
        lease = NOW + timedelta(minutes=2)
        rounds = await asyncio.gather(*(db.nudges.claim(token, NOW, lease, limit=7)
                                        for _ in range(6) for token, db in (("a", first), ("b", second))))
        ids = [n.id for claimed in rounds for n in claimed]
        assert len(ids) == len(set(ids)) == 60
    finally:
        await first.close()
        await second.close()


async def test_rescheduling_and_giving_up_settle_a_claim(database):
    await database.nudges.schedule([nudge("retry", NOW), nudge("stop", NOW)])
    retry, stop = await database.nudges.claim("a", NOW, NOW + timedelta(minutes=2), limit=10)
    assert await database.nudges.attempted(retry)
    assert await database.nudges.reschedule(retry, NOW + timedelta(minutes=5), "HTTP 500")
    assert await database.nudges.close(stop, SKIPPED, "reminders stopped")
    [retried] = await database.nudges.find(dedupe_key="retry")
    assert (retried.status, retried.attempts, retried.last_error, retried.due_at) == (
        PENDING, 2, "HTTP 500", NOW + timedelta(minutes=5))
    assert (await database.nudges.find(dedupe_key="stop"))[0].status == SKIPPED


async def test_a_removed_conversation_fails_what_waits_for_it_and_counts_as_back_when_it_writes(database):
    reference = {"conversation": {"id": "team-1"}, "serviceUrl": "https://smba.example/"}
    await database.conversation_references.remember("tenant-a", "team-1", reference, None, "sv", NOW)
    await database.nudges.schedule([nudge("a", NOW), nudge("b", NOW + timedelta(days=3)), nudge("c", NOW, "other")])
    await database.conversation_references.mark_removed("tenant-a", "team-1", NOW)
    assert await database.nudges.close_pending_to("tenant-a", "team-1", "bot removed") == 2
    assert [n.dedupe_key for n in await database.nudges.find(status=FAILED)] == ["a", "b"]
    key = ("tenant-a", "team-1")
    assert (await database.conversation_references.get_many({key}))[key].removed_at == NOW
    await database.conversation_references.remember("tenant-a", "team-1", reference, None, "en", NOW)
    stored = (await database.conversation_references.get_many({key}))[key]
    assert (stored.removed_at, stored.lang, stored.reference) == (None, "en", reference)


async def test_reminders_about_an_organisation_go_to_its_team_else_to_the_persons_own_chat(database):
    falun = await organisation(database)
    references = database.conversation_references
    await references.remember("tenant-a", "personal-anna", {"id": 1}, "anna", "sv", NOW)
    assert (await references.home_of("tenant-a", falun, "anna")).conversation_id == "personal-anna"
    await references.remember("tenant-a", "team-1", {"id": 2}, None, "sv", NOW)
    await database.organisations.bind_conversation("tenant-a", "team-1", falun, NOW)
    assert (await references.home_of("tenant-a", falun, "anna")).conversation_id == "team-1"
    assert await references.home_of("tenant-b", falun, "anna") is None


async def test_pauses_and_stops_are_kept_per_user_and_per_conversation(database):
    preferences = database.reminder_preferences
    until = datetime(2025, 4, 1, tzinfo=timezone.utc)
    await preferences.pause("tenant-a", USER, "anna", until, "anna", NOW)
    await preferences.stop("tenant-a", CONVERSATION, "team-1", "bo", NOW)
    keys = {("tenant-a", USER, "anna"), ("tenant-a", CONVERSATION, "team-1"), ("tenant-a", USER, "bo")}
    found = await preferences.get_many(keys)
    assert found[("tenant-a", USER, "anna")].blocks_until(NOW) == until
    assert found[("tenant-a", USER, "anna")].blocks_until(until) is None
    assert found[("tenant-a", CONVERSATION, "team-1")].stopped
    assert ("tenant-a", USER, "bo") not in found
    await preferences.resume("tenant-a", CONVERSATION, "team-1", "bo", NOW)
    assert (await preferences.get_many(keys))[("tenant-a", CONVERSATION, "team-1")].blocks_until(NOW) is None
    with pytest.raises(ValueError):
        await preferences.stop("tenant-a", "team", "x", "bo", NOW)


async def test_organisations_have_default_reminder_settings_until_they_set_their_own(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    custom = ReminderSettings(time(8, 0), time(12, 0), "Europe/Stockholm", heads_up_days=3, reassess_months=6)
    await database.organisation_reminders.set(mora, custom)
    assert await database.organisation_reminders.settings({falun, mora}) == {falun: ReminderSettings(), mora: custom}
    with pytest.raises(ValueError):
        await database.organisation_reminders.set(mora, ReminderSettings(time(16, 0), time(9, 0)))


async def test_idle_unfinished_and_completed_assessments_are_found(database):
    falun, mora = await organisation(database), await organisation(database, "Mora kommun")
    reminders = database.organisation_reminders
    old = await database.assessments.start(falun, "all", "anna", NOW - timedelta(days=400))
    await database.assessments.complete(old.id, NOW - timedelta(days=380))
    idle = await database.assessments.start(falun, "all", "anna", NOW - timedelta(days=20))
    await database.answers.record(falun, "1.S.1", 2, None, "anna", "Anna", NOW - timedelta(days=10))
    busy = await database.assessments.start(mora, "all", "bo", NOW - timedelta(days=20))
    await database.answers.record(mora, "1.S.1", 2, None, "bo", "Bo", NOW - timedelta(days=1))
    [found] = await reminders.unfinished(idle_since=NOW - timedelta(days=7))
    assert (found.assessment_id, found.last_activity, found.tenant_id, found.user_id) == (
        idle.id, NOW - timedelta(days=10), "tenant-a", "anna")
    assert [m.assessment_id for m in await reminders.unfinished(idle_since=NOW)] == sorted([idle.id, busy.id])
    assert await reminders.last_completed() == []  # Falun's latest assessment is the unfinished one
    await database.assessments.complete(idle.id, NOW)
    [completed] = await reminders.last_completed()
    assert (completed.assessment_id, completed.last_activity) == (idle.id, NOW)


async def test_of_instances_sweeping_together_one_plans_the_assessment_reminders_and_again_ten_minutes_later(database):
    reminders, every = database.organisation_reminders, timedelta(minutes=10)
    claims = await asyncio.gather(*(reminders.claim_planning("assessments", NOW, every) for _ in range(3)))
    assert sorted(claims) == [False, False, True]
    assert not await reminders.claim_planning("assessments", NOW + timedelta(minutes=9), every)
    assert await reminders.claim_planning("assessments", NOW + timedelta(minutes=10), every)
    assert await reminders.claim_planning("assessments", NOW, every)  # a clock set back does not stop planning
