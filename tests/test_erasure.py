"""Personal data has an end: `glöm mig` removes a person's name and ids from everything the bot stored,
leaving their answers with the organisation as a former member's; an administrator deletes a whole
organisation by typing its name. On SQLite and PostgreSQL, checked by reading every table afterwards."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from storage import Database, NewActionItem, NewNudge, Owner
from storage.workshops import Outcome, Vote
from storage.erasure import FORMER_MEMBER_ID, FORMER_MEMBER_NAME, PERSONAL_DATA
from storage.reminders import USER
from storage.schema import metadata
from services.reports import gather
from reports.view import page_context
from bot.runtime import build_bot
from model import load_model
from tests.conversation import Chat, FakeClock, create_organisation
from tests.db_fixtures import reading

MODEL = load_model()
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
ERIKA_ID, ERIKA_NAME = "29:erika-7f3", "Erika Raderbar"
# A column whose name says it is about a person; a new one must be named in storage/erasure.py.
ABOUT_A_PERSON = re.compile(r"user|owner|member|person|author|_by$|reference|who")


def test_every_column_that_says_who_someone_is_is_covered_by_forgetting():
    uncovered = {f"{table.name}.{column.name}" for table in metadata.sorted_tables for column in table.columns
                 if ABOUT_A_PERSON.search(column.name) and column.name not in PERSONAL_DATA.get(table.name, ())}
    assert uncovered == set()
    named = {f"{table}.{column}" for table, columns in PERSONAL_DATA.items() for column in columns}
    assert named <= {f"{table.name}.{column.name}" for table in metadata.sorted_tables for column in table.columns}


def everything_mentioning(database_url: str, *needles: str) -> list[str]:
    """Every stored cell, in every table, that holds one of `needles`: "table.column: value"."""
    found = []
    with reading(database_url) as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)).mappings():
                for column, value in row.items():
                    text = str(value)
                    if any(needle in text for needle in needles):
                        found.append(f"{table.name}.{column}: {text[:120]}")
    return found


async def erika_everywhere(database: Database, clock: FakeClock) -> tuple[Chat, Chat, str]:
    """Erika, administrator of Falu kommun, leaves a trace in every table; Bo is a member."""
    bot = build_bot(MODEL, database, clock=clock)
    erika = Chat(bot, user_id=ERIKA_ID, name=ERIKA_NAME)
    await create_organisation(erika)
    [falun] = await database.organisations.list("tenant-a")
    await erika.say("start")
    await erika.say("1")
    await erika.say("2 beslutat i KF")
    await erika.say("paus")
    code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await erika.say("medlemmar bjud in")).group(1)
    bo = Chat(bot, user_id="bo", name="Bo Ek")
    await bo.say(f"gå med {code}")
    await erika.say("samverkan ny Upphandlingscenter Dalarna")  # logged with her name
    await erika.say("samverkan bjud in")  # a code she made
    team = Chat(bot, user_id=ERIKA_ID, name=ERIKA_NAME, conversation_id="team-1", conversation_type="channel")
    await team.say("hej")
    await team.say("1")  # binds the team chat to Falu kommun

    now = clock()
    checkin = await database.checkins.create(falun.id, "Skolmat", ERIKA_ID, ERIKA_NAME, now)
    await database.checkins.answer(checkin.id, "needs", "yes", ERIKA_ID, now)
    await database.preparedness.answer(falun.id, "stock", "yes", ERIKA_ID, now)
    reference = {"user": {"id": ERIKA_ID, "name": ERIKA_NAME}, "conversation": {"id": f"personal-{ERIKA_ID}"}}
    await database.follow_up_wishes.add(falun.id, checkin.id, "announce", now + timedelta(days=3), reference,
                                        ERIKA_ID, now)
    await database.action_items.add(NewActionItem(falun.id, "Ta fram en inköpsanalys", None, Owner(ERIKA_NAME, ERIKA_ID),
                                                  date(2025, 6, 1), "tenant-a", f"personal-{ERIKA_ID}", "sv",
                                                  ERIKA_ID), now)
    await database.nudges.schedule([NewNudge("action_due", "1", "erika-due", falun.id, "tenant-a",
                                             f"personal-{ERIKA_ID}", ERIKA_ID, "sv", now + timedelta(days=1), None)])
    await database.reminder_preferences.pause("tenant-a", USER, ERIKA_ID, now + timedelta(days=9), ERIKA_ID, now)
    await database.snapshots.set_comparison(falun.id, True, ERIKA_ID, now)
    await database.invitations.record_wrong_code("tenant-a", ERIKA_ID, now)
    workshop = await database.workshops.start(falun.id, "tenant-a", "team-1", "step:1", True, ERIKA_ID, ERIKA_NAME,
                                              "sv", ["1.S.1"], "card-1", now)
    await database.workshops.vote(Vote(workshop.id, "1.S.1", ERIKA_ID, falun.id, ERIKA_NAME, None, 2, None, now))
    await database.workshops.decide(Outcome(workshop.id, "1.S.1", falun.id, 2, None, ERIKA_ID, now))
    return erika, bo, falun.id


async def test_forget_me_removes_a_person_from_every_table_and_keeps_their_answers(database, database_url):
    clock = FakeClock(NOW)
    erika, bo, falun = await erika_everywhere(database, clock)
    mentions = everything_mentioning(database_url, ERIKA_ID, ERIKA_NAME)
    assert {mention.split(".")[0] for mention in mentions} >= set(PERSONAL_DATA)  # a trace in every such table
    answers_before = await database.answers.history(falun)

    explanation = await erika.say("glöm mig")
    assert "Om jag glömmer dig tar jag bort ditt namn" in explanation
    assert "Du är den enda administratören för Falu kommun. Bo Ek blir administratör i stället." in explanation
    assert "[1] Ja, glöm mig" in explanation
    assert everything_mentioning(database_url, ERIKA_ID) != []  # nothing happens before she confirms
    assert "Klart. Jag har glömt dig" in await erika.say(value={"command": "glöm mig nu"})

    assert everything_mentioning(database_url, ERIKA_ID, ERIKA_NAME) == []
    answers_after = await database.answers.history(falun)
    assert [(a.row_key, a.value) for a in answers_after] == [(a.row_key, a.value) for a in answers_before]
    assert {(a.user_id, a.user_name) for a in answers_after} == {(FORMER_MEMBER_ID, FORMER_MEMBER_NAME)}
    assert [(m.user_id, m.role) for m in await database.organisations.members(falun)] == [("bo", "admin")]
    assert "Medlemmar i Falu kommun" in await bo.say("medlemmar")


async def test_the_report_shows_a_former_members_answers_in_the_readers_language(database):
    clock = FakeClock(NOW)
    erika, _, falun = await erika_everywhere(database, clock)
    await erika.say("glöm mig nu")
    organisation = await database.organisations.get("tenant-a", falun)
    report = await gather(database, MODEL, organisation)
    texts = build_bot(MODEL, database).services.texts
    for lang, shown in (("sv", "tidigare medlem"), ("en", "former member")):
        context = page_context(report, MODEL, texts, lang, "token", NOW)
        assert {answer["who"] for answer in context["answers"]} == {shown}
        assert {item["owner"] for item in context["plan"]} == {shown}


async def test_someone_with_no_organisation_any_more_can_be_forgotten(database, database_url):
    clock = FakeClock(NOW)
    erika, bo, falun = await erika_everywhere(database, clock)
    await bo.say("medlemmar ta bort Erika Raderbar")  # not admin: refused
    await database.organisations.add_member(falun, "bo", "Bo Ek", role="admin")
    await bo.say(f"medlemmar ta bort {ERIKA_NAME}")
    assert await database.organisations.member(falun, ERIKA_ID) is None
    alone = Chat(build_bot(MODEL, database, clock=clock), user_id=ERIKA_ID, name=ERIKA_NAME)
    explanation = await alone.say("glöm mig")
    assert "Om jag glömmer dig" in explanation and "Vad heter organisationen" not in explanation
    assert "Klart. Jag har glömt dig" in await alone.say("glöm mig nu")
    assert everything_mentioning(database_url, ERIKA_ID, ERIKA_NAME) == []


async def test_forgetting_stays_within_the_persons_tenant(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", ERIKA_ID, ERIKA_NAME, NOW)
    elsewhere = await database.organisations.create("tenant-b", "Mora kommun", "kommun", ERIKA_ID, ERIKA_NAME, NOW)
    for organisation in (falun, elsewhere):
        await database.answers.record(organisation.id, "1.S.1", 2, None, ERIKA_ID, ERIKA_NAME, NOW)
    assert [m.organisation for m in await database.erasure.memberships("tenant-a", ERIKA_ID)] == ["Falu kommun"]
    assert (await database.erasure.memberships("tenant-a", ERIKA_ID))[0].alone
    await database.erasure.forget_person("tenant-a", ERIKA_ID)
    assert (await database.answers.current(falun.id))["1.S.1"].user_name == FORMER_MEMBER_NAME
    assert (await database.answers.current(elsewhere.id))["1.S.1"].user_name == ERIKA_NAME
    assert await database.organisations.member(elsewhere.id, ERIKA_ID) is not None


async def test_an_admin_deletes_the_organisation_by_typing_its_name(database, database_url):
    clock = FakeClock(NOW)
    erika, bo, falun = await erika_everywhere(database, clock)
    assert "Bara en administratör kan radera Falu kommun" in await bo.say("radera organisation Falu kommun")
    assert "Skriv **radera organisation Falu kommun** om du vill radera" in await erika.say("radera organisation")
    assert "Namnet stämmer inte" in await erika.say("radera organisation Mora kommun")
    english = Chat(erika.bot, user_id=ERIKA_ID, name=ERIKA_NAME, locale="en-US")
    assert "Type **delete organisation Falu kommun**" in await english.say("delete organisation")
    assert await database.organisations.get("tenant-a", falun) is not None

    assert "Falu kommun är raderad" in await erika.say("radera organisation falu KOMMUN")
    assert await database.organisations.get("tenant-a", falun) is None
    assert everything_mentioning(database_url, falun) == []
    assert "Vad heter organisationen?" in await bo.say("status")  # nothing left to answer for


async def test_two_forgotten_people_stay_two_voters_in_a_workshop(database):
    falun = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna Berg", NOW)
    workshop = await database.workshops.start(falun.id, "tenant-a", "team-1", "step:1", True, "anna", "Anna Berg",
                                              "sv", ["1.S.1"], "card-1", NOW)
    for user_id, name, level in (("anna", "Anna Berg", 1), ("bo", "Bo Ek", 3)):
        await database.organisations.add_member(falun.id, user_id, name)
        await database.workshops.vote(Vote(workshop.id, "1.S.1", user_id, falun.id, name, None, level, None, NOW))
    await database.erasure.forget_person("tenant-a", "anna")
    await database.erasure.forget_person("tenant-a", "bo")
    votes = await database.workshops.votes(workshop.id)
    assert sorted(v.value for v in votes) == [1, 3] and {v.user_name for v in votes} == {FORMER_MEMBER_NAME}
    assert len({v.user_id for v in votes}) == 2 and not {"anna", "bo"} & {v.user_id for v in votes}
