"""Nudges leave the database for a local fake Bot Connector, on a fake clock: once each, at allowed
moments, within Teams' limits, retried when the service asks, and never twice across instances."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

from app import create_app
from bot.adapter import create_adapter
from bot.cards import card_actions
from storage import Database, NewActionItem, NewNudge, Owner
from storage.nudges import FAILED, PENDING, SENT
from storage.reminders import CONVERSATION, USER
from services.plan import ActionPlan, Speaker
from bot.reminders.sweep import sweeping
from bot.reminders.scheduler import NudgeScheduler, SendPolicy
from bot.reminders.rate_limit import RateLimiter, Window
from bot.runtime import build_bot
from bot.settings import Settings
from texts import Texts
from model import load_model
from tests.fake_connector import Answer, ConnectorChat, FakeConnector

MODEL = load_model()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2025, 3, 3, 8, 30, tzinfo=timezone.utc)  # Monday 09:30 in Stockholm
TEXTS = Texts.load()


class FakeTime:
    """One clock for the scheduler (datetime), the rate limiter and the fake connector (seconds); sleeping
    moves it on at once."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return (self.now - NOW).total_seconds()

    async def sleep(self, seconds: float) -> None:
        # Concurrent sleepers from one moment wake together: the clock moves to the latest wake-up, it does
        # not add up everyone's waits.
        self.slept.append(seconds)
        wake = self.now + timedelta(seconds=seconds)
        await asyncio.sleep(0)
        self.now = max(self.now, wake)

    def at(self, *local: int) -> None:
        self.now = datetime(*local, tzinfo=STOCKHOLM).astimezone(timezone.utc)


@pytest.fixture
def time():
    return FakeTime()


@pytest.fixture
async def connector(time):
    async with FakeConnector(clock=time.monotonic) as fake:
        yield fake


def scheduler(database: Database, time: FakeTime, **policy) -> NudgeScheduler:
    return NudgeScheduler(database, create_adapter(Settings()), "", TEXTS, clock=time,
                          limiter=RateLimiter(time.monotonic, time.sleep), sleep=time.sleep,
                          policy=SendPolicy(**policy), jitter=lambda: 1.0)


async def chat_in(database: Database, connector: FakeConnector, conversation: str, personal_user: str | None = None,
                  tenant: str = "tenant-a") -> None:
    """Stores the reference a turn in `conversation` would have stored, pointing at the fake connector."""
    reference = ConversationReference(
        channel_id="msteams", service_url=connector.url, bot=ChannelAccount(id="bot"),
        conversation=ConversationAccount(id=conversation, tenant_id=tenant,
                                         conversation_type="personal" if personal_user else "channel"),
        user=ChannelAccount(id=personal_user) if personal_user else None)
    await database.conversation_references.remember(tenant, conversation, reference.serialize(), personal_user,
                                                     "sv", NOW)


async def falun(database: Database) -> str:
    return (await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", NOW)).id


def plan(database: Database) -> ActionPlan:
    return ActionPlan(database, MODEL, lambda: NOW)


async def item(database: Database, organisation_id: str, due_on: date, conversation: str = "team-1",
               owner: Owner = Owner("Bo Ek", "bo")):
    anna = Speaker("tenant-a", "anna", "Anna Berg", conversation)
    return await plan(database).add(organisation_id, "Besluta om mål", "1.S.1", anna, owner, due_on)


async def due_items(database: Database, organisation_id: str, conversation: str, count: int,
                    due_at: datetime = NOW) -> None:
    """`count` items, each with a nudge due at `due_at`."""
    planned = []
    for n in range(count):
        made = await database.action_items.add(NewActionItem(
            organisation_id, f"Åtgärd {conversation} {n}", None, Owner("Bo Ek", "bo"), date(2025, 6, 30),
            "tenant-a", conversation, "sv", "anna"), NOW)
        planned.append(NewNudge(kind="item_due", subject=str(made.id), dedupe_key=f"now:{made.id}",
                                organisation_id=organisation_id, tenant_id="tenant-a", conversation_id=conversation,
                                user_id="bo", lang="sv", due_at=due_at, payload=None))
    await database.nudges.schedule(planned)


async def test_an_item_gets_a_heads_up_and_a_due_day_nudge_each_sent_once(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await item(database, await falun(database), date(2025, 3, 17))
    sending = scheduler(database, time)
    assert await sending.sweep() == {}
    time.at(2025, 3, 10, 9, 0)
    assert await sending.sweep() == {"sent": 1}
    [heads_up] = connector.to("team-1")
    assert "<at>Bo Ek</at>, påminnelse: om 7 dagar, 17 mars 2025, ska åtgärd 1 vara klar: Besluta om mål" in heads_up.text
    assert "[1] Klar" in heads_up.text and "[4] Visa planen" in heads_up.text
    card = heads_up.activity["attachments"][0]["content"]
    assert card["msteams"]["entities"] == [
        {"type": "mention", "text": "<at>Bo Ek</at>", "mentioned": {"id": "bo", "name": "Bo Ek"}}]
    assert await sending.sweep() == {}
    time.at(2025, 3, 17, 11, 0)
    assert await sending.sweep() == {"sent": 1} and await sending.sweep() == {}
    assert "i dag ska åtgärd 1 vara klar" in connector.to("team-1")[1].text
    assert len(connector.received) == 2


async def test_a_units_item_is_named_by_its_unit_in_the_reminder(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    organisation = await falun(database)
    social = await database.units.create(organisation, "Socialförvaltningen", NOW)
    anna = Speaker("tenant-a", "anna", "Anna Berg", "team-1")
    await plan(database).add(organisation, "Kartlägg inköpen", None, anna, Owner("Bo Ek", "bo"), date(2025, 3, 17),
                             unit_id=social.id)
    time.at(2025, 3, 10, 9, 0)
    assert await scheduler(database, time).sweep() == {"sent": 1}
    [heads_up] = connector.to("team-1")
    assert "om 7 dagar, 17 mars 2025, ska åtgärd 1 vara klar: (Socialförvaltningen) Kartlägg inköpen" in heads_up.text


async def test_nudges_fall_on_working_days_in_office_hours(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    organisation_id = await falun(database)
    midsummer = await item(database, organisation_id, date(2025, 6, 20))
    christmas = await item(database, organisation_id, date(2025, 12, 25))
    planned = {(n.subject, n.kind): n.due_at.astimezone(STOCKHOLM) for n in await database.nudges.find()}
    assert planned == {
        (str(midsummer.id), "item_heads_up"): datetime(2025, 6, 13, 9, tzinfo=STOCKHOLM),
        (str(midsummer.id), "item_due"): datetime(2025, 6, 23, 9, tzinfo=STOCKHOLM),
        (str(christmas.id), "item_heads_up"): datetime(2025, 12, 18, 9, tzinfo=STOCKHOLM),
        (str(christmas.id), "item_due"): datetime(2025, 12, 29, 9, tzinfo=STOCKHOLM),
    }
    # A sweep that runs late (a Friday evening) holds back what is due until Monday morning.
    await due_items(database, organisation_id, "team-1", 1, datetime(2025, 3, 7, 14, tzinfo=timezone.utc))
    time.at(2025, 3, 7, 17, 0)
    assert await scheduler(database, time).sweep() == {"postponed": 1} and connector.received == []
    [held] = await database.nudges.find(dedupe_key="now:3")
    assert held.due_at == datetime(2025, 3, 10, 9, tzinfo=STOCKHOLM)


async def test_postponing_an_item_moves_its_nudges(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    organisation_id = await falun(database)
    made = await item(database, organisation_id, date(2025, 3, 17))
    await plan(database).postpone(organisation_id, made.id, date(2025, 4, 14))
    sending = scheduler(database, time)
    time.at(2025, 3, 10, 10, 0)
    assert await sending.sweep() == {}
    time.at(2025, 3, 17, 10, 0)
    assert await sending.sweep() == {}
    time.at(2025, 4, 7, 10, 0)
    assert await sending.sweep() == {"sent": 1}
    time.at(2025, 4, 14, 10, 0)
    assert await sending.sweep() == {"sent": 1}
    heads_up, due = connector.to("team-1")
    assert "om 7 dagar, 14 april 2025, ska åtgärd 1 vara klar" in heads_up.text
    assert "i dag ska åtgärd 1 vara klar" in due.text


async def test_pause_holds_nudges_until_its_date_and_stop_drops_them(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await chat_in(database, connector, "personal-bo", personal_user="bo")
    organisation_id = await falun(database)
    await item(database, organisation_id, date(2025, 3, 17), "team-1")
    await item(database, organisation_id, date(2025, 3, 17), "personal-bo")
    preferences = database.reminder_preferences
    await preferences.pause("tenant-a", USER, "bo", datetime(2025, 3, 12, tzinfo=STOCKHOLM), "bo", NOW)
    await preferences.stop("tenant-a", CONVERSATION, "team-1", "anna", NOW)
    sending = scheduler(database, time)
    time.at(2025, 3, 10, 9, 0)
    assert await sending.sweep() == {"skipped": 1, "postponed": 1}
    assert connector.received == []
    [held] = await database.nudges.find(conversation_id="personal-bo", kind="item_heads_up")
    assert (held.due_at, held.attempts) == (datetime(2025, 3, 12, 9, tzinfo=STOCKHOLM), 0)
    time.at(2025, 3, 12, 9, 0)
    assert await sending.sweep() == {"sent": 1}
    assert "om 5 dagar, 17 mars 2025" in connector.to("personal-bo")[0].text
    await preferences.resume("tenant-a", CONVERSATION, "team-1", "anna", NOW)
    time.at(2025, 3, 17, 9, 0)
    assert await sending.sweep() == {"sent": 2}
    assert [len(connector.to(c)) for c in ("team-1", "personal-bo")] == [1, 2]
    # In a personal chat the owner is not @mentioned: the chat is theirs.
    assert "msteams" not in connector.to("personal-bo")[0].activity["attachments"][0]["content"]


async def test_a_claim_lost_in_a_crash_is_sent_after_its_lease(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await item(database, await falun(database), date(2025, 3, 17))
    time.at(2025, 3, 10, 9, 0)
    await database.nudges.claim("instance-that-died", time(), time() + timedelta(minutes=2), limit=10)
    restarted = scheduler(database, time)
    assert await restarted.sweep() == {} and connector.received == []
    time.now += timedelta(minutes=2)
    assert await restarted.sweep() == {"sent": 1}
    [sent] = await database.nudges.find(status=SENT)
    assert sent.attempts == 2 and len(connector.received) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_schedulers_on_one_postgresql_send_each_nudge_once(database_url, connector, time):
    first, second = await Database.open(database_url), await Database.open(database_url)
    try:
        organisation_id = await falun(first)
        for n in range(20):
            await chat_in(first, connector, f"team-{n}")
            await due_items(first, organisation_id, f"team-{n}", 10)
        outcomes = await asyncio.gather(scheduler(first, time, batch_size=25).sweep(),
                                        scheduler(second, time, batch_size=25).sweep())
    finally:
        await first.close()
        await second.close()
    texts = [r.text for r in connector.received]
    assert len(texts) == len(set(texts)) == 200 == sum(o["sent"] for o in outcomes)


async def test_a_429_waits_for_retry_after_and_then_sends_once(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await item(database, await falun(database), date(2025, 3, 17))
    connector.answer("team-1", Answer(429, retry_after=3))
    time.at(2025, 3, 10, 9, 0)
    assert await scheduler(database, time).sweep() == {"sent": 1}
    [refused], [accepted] = connector.refused, connector.received
    assert accepted.at - refused.at >= 3 and 3 in time.slept
    [sent] = await database.nudges.find(status=SENT)
    assert sent.attempts == 2


async def test_server_errors_are_retried_with_backoff_and_given_up_with_the_reason(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await chat_in(database, connector, "team-2")
    organisation_id = await falun(database)
    await item(database, organisation_id, date(2025, 3, 17), "team-1")
    await item(database, organisation_id, date(2025, 3, 17), "team-2")
    connector.answer("team-1", Answer(500), Answer(412), Answer(503))
    connector.answer("team-2", *[Answer(500)] * 5)
    time.at(2025, 3, 10, 9, 0)
    assert await scheduler(database, time).sweep() == {"sent": 1, "failed": 1}
    assert len(connector.to("team-1")) == 1 and connector.to("team-2") == []
    [failed] = await database.nudges.find(status=FAILED)
    assert (failed.conversation_id, failed.attempts, failed.last_error) == (
        "team-2", 5, "gave up after 5 attempts: HTTP 500")
    assert sorted(time.slept) == sorted([2, 4, 8, 2, 4, 8, 16])  # doubling, the same for both conversations


async def test_a_conversation_that_removed_the_bot_is_marked_and_not_tried_again(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    organisation_id = await falun(database)
    await item(database, organisation_id, date(2025, 3, 17))
    await item(database, organisation_id, date(2025, 4, 30))
    connector.answer("team-1", Answer(403))
    time.at(2025, 3, 10, 9, 0)
    sending = scheduler(database, time)
    assert await sending.sweep() == {"failed": 1}
    key = ("tenant-a", "team-1")
    assert (await database.conversation_references.get_many({key}))[key].removed_at == time()
    assert await database.nudges.find(status=PENDING) == []
    await due_items(database, organisation_id, "team-1", 1, time())
    assert await sending.sweep() == {"failed": 1} and len(connector.refused) == 1


async def test_sends_keep_within_teams_limits_per_conversation(sqlite_database, connector, time):
    database = sqlite_database
    await chat_in(database, connector, "team-1")
    await due_items(database, await falun(database), "team-1", 130)
    assert await scheduler(database, time).sweep() == {"sent": 130}
    per_conversation = lambda received: received.conversation_id  # noqa: E731
    assert connector.most_in_any_window(1.0, per_conversation) == 7
    assert connector.most_in_any_window(30.0, per_conversation) == 60


async def test_the_rate_limiter_waits_for_the_tightest_window():
    time = FakeTime()
    limiter = RateLimiter(time.monotonic, time.sleep)
    moments = []
    for _ in range(12):
        await limiter.acquire(("c", (Window(3, 1.0), Window(5, 10.0))), ("t", (Window(4, 1.0),)))
        limiter.finish(("c", "t"))
        moments.append(time.monotonic())
    assert moments == [0, 0, 0, 1, 1, 10, 10, 10, 11, 11, 20, 20]
    limiter.block("c", 30)
    await limiter.acquire(("c", ()))
    assert time.monotonic() == 50


async def test_a_request_under_way_holds_its_place_until_it_is_done():
    time = FakeTime()
    limiter = RateLimiter(time.monotonic, time.sleep)
    for _ in range(2):
        await limiter.acquire(("t", (Window(2, 1.0),)))
    third = asyncio.create_task(limiter.acquire(("t", (Window(2, 1.0),))))
    time.now += timedelta(seconds=5)
    await asyncio.sleep(0)
    assert not third.done()  # both earlier requests are still under way, however long ago they began
    limiter.finish(("t",))
    await asyncio.wait_for(third, 1)
    assert time.monotonic() == 6  # one second after the first was done


async def test_an_idle_assessment_gets_one_reminder_and_a_year_old_one_asks_for_a_new(sqlite_database, connector,
                                                                                      time):
    database = sqlite_database
    organisation_id = await falun(database)
    await chat_in(database, connector, "personal-anna", personal_user="anna")
    started = await database.assessments.start(organisation_id, "all", "anna", NOW)
    await database.answers.record(organisation_id, "1.S.1", 2, None, "anna", "Anna Berg", NOW)
    sending = scheduler(database, time)
    time.now = NOW + timedelta(days=6)
    assert await sending.sweep() == {}
    time.now = NOW + timedelta(days=7)
    assert await sending.sweep() == {"sent": 1}
    assert "Bedömningen för Falu kommun är inte klar" in connector.received[0].text
    assert "[1] Fortsätt" in connector.received[0].text
    time.now = NOW + timedelta(days=14)
    assert await sending.sweep() == {}  # nobody answered since: no second reminder
    await database.answers.record(organisation_id, "1.S.2", 2, None, "anna", "Anna Berg", time())
    await database.assessments.complete(started.id, time())
    time.now += timedelta(days=365)
    assert await sending.sweep() == {"sent": 1}
    assert "Det har gått 12 månader sedan Falu kommun gjorde sin senaste bedömning" in connector.received[1].text
    assert await sending.sweep() == {}


async def test_a_follow_up_wish_from_a_quick_check_is_sent_and_marked(sqlite_database, connector, time):
    database = sqlite_database
    organisation_id = await falun(database)
    checkin = await database.checkins.create(organisation_id, "Skolmat 2026", "anna", "Anna Berg", NOW)
    reference = ConversationReference(channel_id="msteams", service_url=connector.url, bot=ChannelAccount(id="bot"),
                                      conversation=ConversationAccount(id="personal-anna"))
    wish = await database.follow_up_wishes.add(organisation_id, checkin.id, "contract_follow_up",
                                               NOW + timedelta(days=30), reference.serialize(), "anna", NOW)
    sending = scheduler(database, time)
    assert await sending.sweep() == {}
    time.now = NOW + timedelta(days=30)
    assert await sending.sweep() == {"sent": 1}
    assert "dags att följa upp avtalet från upphandlingen Skolmat 2026" in connector.to("personal-anna")[0].text
    [nudge] = await database.nudges.find(kind="follow_up")
    assert (nudge.subject, nudge.status) == (str(wish.id), SENT)
    assert await database.follow_up_wishes.pending(time() + timedelta(days=999)) == []


async def test_done_on_a_nudge_in_a_group_chat_asks_the_row_again(sqlite_database, connector, time):
    database = sqlite_database
    bot = build_bot(MODEL, database, clock=time)
    chat = ConnectorChat(bot, create_adapter(Settings()), connector, "group-1")
    await chat.say("hej")
    await chat.say("Falu kommun")
    await chat.say("1")
    [organisation] = await database.organisations.list("tenant-a")
    await database.answers.record(organisation.id, "1.S.1", 0, None, "anna", "Anna Berg", NOW)
    await chat.say("plan 1")
    await chat.say(value={"what": "Sätt mätbara mål"})
    await chat.say("jag")
    await chat.say("nästa fredag")  # 7 March: no heads-up, the due day only
    time.at(2025, 3, 7, 9, 0)
    before = len(connector.received)
    assert await scheduler(database, time).sweep() == {"sent": 1}
    nudge = connector.received[before]
    assert "<at>Anna Berg</at>, i dag ska åtgärd 1 vara klar: Sätt mätbara mål" in nudge.text
    done = card_actions(nudge.activity["attachments"][0]["content"])[0]["data"]
    reply = await chat.say(value=done)
    assert "Åtgärd 1 är klar" in reply and MODEL.row("1.S.1").question("sv") in reply
    await chat.click("Nivå 1", comment="")
    assert (await database.answers.current(organisation.id))["1.S.1"].value == 1


async def test_the_sweep_endpoint_needs_the_shared_secret(sqlite_url):
    closed = create_app(Settings(database_url=sqlite_url, nudge_interval_seconds=0))
    async with TestClient(TestServer(closed)) as client:
        assert (await client.post("/api/nudges/sweep")).status == 404
    app = create_app(Settings(database_url=sqlite_url, nudge_interval_seconds=0, nudge_sweep_secret="s3cret"))
    async with TestClient(TestServer(app)) as client:
        assert (await client.post("/api/nudges/sweep")).status == 401
        assert (await client.post("/api/nudges/sweep", headers={"Authorization": "Bearer wrong"})).status == 401
        database = await Database.open(sqlite_url)
        await due_items(database, await falun(database), "nowhere", 1)  # no reference: given up at once
        await database.close()
        response = await client.post("/api/nudges/sweep", headers={"Authorization": "Bearer s3cret"})
        assert (response.status, await response.json()) == (200, {"failed": 1})


async def test_the_loop_sweeps_in_the_background_and_stops_cleanly(sqlite_database, connector, time):
    await chat_in(sqlite_database, connector, "team-1")
    await due_items(sqlite_database, await falun(sqlite_database), "team-1", 2)
    async with sweeping(scheduler(sqlite_database, time), interval=3600):
        await asyncio.wait_for(connector.wait_for(2), 10)
    assert [n.status for n in await sqlite_database.nudges.find()] == [SENT, SENT]
