"""The storage layer, on SQLite and PostgreSQL alike (the `database` fixture runs each test on both)."""
import asyncio
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from botbuilder.dialogs import DialogInstance, DialogState, PromptOptions
from botbuilder.schema import Activity
from sqlalchemy.exc import IntegrityError

from storage import Database, DuplicateName, EtagConflict, Member
from storage.activities import ledger_key
from storage.database import MIGRATIONS, migration_heads
from storage.schema import metadata
from bot.state_storage import StateStorage
from tests.db_fixtures import reading

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
TENANT, OTHER_TENANT = "tenant-a", "tenant-b"


async def create(database, name="Region Dalarna", tenant=TENANT, user="u-anna", user_name="Anna"):
    return await database.organisations.create(tenant, name, "region", user, user_name, NOW)


async def test_creator_becomes_admin(database):
    organisation = await create(database)
    assert (organisation.tenant_id, organisation.name, organisation.kind, organisation.target) == (
        TENANT, "Region Dalarna", "region", None)
    assert await database.organisations.members(organisation.id) == [Member(organisation.id, "u-anna", "Anna", "admin")]
    assert await database.organisations.get(TENANT, organisation.id) == organisation


async def test_names_are_unique_per_tenant_regardless_of_case(database):
    await create(database, "Ärla kommun")
    with pytest.raises(DuplicateName):
        await create(database, "ärla KOMMUN")
    elsewhere = await create(database, "Ärla kommun", tenant=OTHER_TENANT)
    assert [o.name for o in await database.organisations.list(OTHER_TENANT)] == ["Ärla kommun"]
    assert elsewhere.tenant_id == OTHER_TENANT


async def test_list_is_by_name_and_find_takes_id_or_name(database):
    borlange = await create(database, "borlänge kommun")
    avesta = await create(database, "Avesta kommun")
    assert await database.organisations.list(TENANT) == [avesta, borlange]
    assert await database.organisations.find(TENANT, "BORLÄNGE KOMMUN") == borlange
    assert await database.organisations.find(TENANT, avesta.id) == avesta
    assert await database.organisations.find(TENANT, "Falun") is None


async def test_another_tenants_organisation_is_invisible(database):
    organisation = await create(database)
    assert await database.organisations.get(OTHER_TENANT, organisation.id) is None
    assert await database.organisations.find(OTHER_TENANT, organisation.id) is None
    assert await database.organisations.find(OTHER_TENANT, "Region Dalarna") is None
    assert await database.organisations.list(OTHER_TENANT) == []


async def test_adding_a_member_again_updates_the_name_and_never_demotes(database):
    organisation = await create(database)
    await database.organisations.add_member(organisation.id, "u-bo", "Bo")
    assert await database.organisations.add_member(organisation.id, "u-bo", "Bo Ek") == Member(
        organisation.id, "u-bo", "Bo Ek", "member")
    assert (await database.organisations.add_member(organisation.id, "u-anna", "Anna A")).role == "admin"
    assert [(m.user_name, m.role) for m in await database.organisations.members(organisation.id)] == [
        ("Anna A", "admin"), ("Bo Ek", "member")]


async def test_a_conversation_is_bound_to_one_organisation_at_a_time(database):
    first, second = await create(database, "Första"), await create(database, "Andra")
    assert await database.organisations.bound_organisation(TENANT, "19:chat") is None
    await database.organisations.bind_conversation(TENANT, "19:chat", first.id, NOW)
    assert await database.organisations.bound_organisation(TENANT, "19:chat") == first
    await database.organisations.bind_conversation(TENANT, "19:chat", second.id, NOW)
    assert await database.organisations.bound_organisation(TENANT, "19:chat") == second
    assert await database.organisations.bound_organisation(OTHER_TENANT, "19:chat") is None


async def test_target_is_kept_and_can_be_cleared(database):
    organisation = await create(database)
    await database.organisations.set_target(organisation.id, {"S": 3, "V": 2})
    assert (await database.organisations.get(TENANT, organisation.id)).target == {"S": 3, "V": 2}
    await database.organisations.set_target(organisation.id, None)
    assert (await database.organisations.get(TENANT, organisation.id)).target is None


async def test_times_come_back_as_aware_utc(database):
    stockholm = datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    organisation = await database.organisations.create(TENANT, "Falu kommun", "municipality", "u", "U", stockholm)
    stored = await database.organisations.get(TENANT, organisation.id)
    assert stored.created_at == NOW and stored.created_at.tzinfo == timezone.utc
    with pytest.raises(ValueError):
        await database.answers.record(organisation.id, "1.S.1", 1, None, "u", "U", datetime(2025, 3, 3))


async def test_latest_answer_is_current_and_history_keeps_every_answer(database):
    organisation = await create(database)
    for minutes, value in enumerate([1, 3, "na"]):
        await database.answers.record(organisation.id, "1.S.1", value, f"take {minutes}", "u-anna", "Anna",
                                      NOW + timedelta(minutes=minutes))
    await database.answers.record(organisation.id, "K.2", 0, None, "u-bo", "Bo", NOW)
    history = await database.answers.history(organisation.id, "1.S.1")
    assert [a.value for a in history] == [1, 3, "na"]
    current = await database.answers.current(organisation.id)
    assert {key: a.value for key, a in current.items()} == {"1.S.1": "na", "K.2": 0}
    assert current["1.S.1"] == history[-1]
    assert (current["1.S.1"].comment, current["1.S.1"].answered_at) == ("take 2", NOW + timedelta(minutes=2))
    assert len(await database.answers.history(organisation.id)) == 4


async def test_answers_given_at_the_same_moment_keep_their_order(database):
    organisation = await create(database)
    for value in (2, 0):
        await database.answers.record(organisation.id, "2.V.1", value, None, "u-anna", "Anna", NOW)
    assert (await database.answers.current(organisation.id))["2.V.1"].value == 0


async def test_answers_are_checked(database):
    organisation = await create(database)
    for value in (4, -1, "3", None):
        with pytest.raises(ValueError):
            await database.answers.record(organisation.id, "1.S.1", value, None, "u", "U", NOW)


async def test_concurrent_answers_are_all_kept(database):
    organisation = await create(database)
    await asyncio.gather(*(
        database.answers.record(organisation.id, f"1.S.{i % 7}", i % 4, None, user, user.title(), NOW)
        for i in range(100) for user in ("anna", "bo")
    ))
    assert len(await database.answers.history(organisation.id)) == 200
    assert len(await database.answers.current(organisation.id)) == 7


async def test_assessments_latest_and_last_completed(database):
    organisation = await create(database)
    assert await database.assessments.latest(organisation.id) is None
    first = await database.assessments.start(organisation.id, "all", "u-anna", NOW)
    await database.assessments.complete(first.id, NOW + timedelta(days=1))
    second = await database.assessments.start(organisation.id, "perspective:S", "u-bo", NOW + timedelta(days=2))
    assert await database.assessments.latest(organisation.id) == second
    assert second.completed_at is None and second.started_at == NOW + timedelta(days=2)
    completed = await database.assessments.last_completed(organisation.id)
    assert (completed.id, completed.scope, completed.completed_at) == (first.id, "all", NOW + timedelta(days=1))


async def test_documents_read_your_write_and_delete(database):
    documents = database.documents
    etag = await documents.write("conversation/1", {"step": 2, "text": "Å"}, None)
    assert await documents.read(["conversation/1", "missing"]) == {"conversation/1": ({"step": 2, "text": "Å"}, etag)}
    newer = await documents.write("conversation/1", {"step": 3}, etag)
    assert newer != etag and await documents.read(["conversation/1"]) == {"conversation/1": ({"step": 3}, newer)}
    await documents.delete(["conversation/1"])
    assert await documents.read(["conversation/1"]) == {}


async def test_a_stale_etag_is_refused_and_star_always_writes(database):
    documents = database.documents
    old = await documents.write("user/1", {"n": 1}, "*")
    await documents.write("user/1", {"n": 2}, old)
    with pytest.raises(EtagConflict):
        await documents.write("user/1", {"n": 3}, old)
    with pytest.raises(EtagConflict):
        await documents.write("user/2", {"n": 1}, old)
    star = await documents.write("user/1", {"n": 4}, "*")
    assert await documents.read(["user/1"]) == {"user/1": ({"n": 4}, star)}


async def test_concurrent_writes_from_the_same_etag_let_exactly_one_win(database):
    etag = await database.documents.write("conversation/1", {"writer": None}, None)
    results = await asyncio.gather(
        *(database.documents.write("conversation/1", {"writer": i}, etag) for i in range(10)), return_exceptions=True
    )
    winners = [i for i, result in enumerate(results) if isinstance(result, str)]
    assert len(winners) == 1
    assert all(isinstance(result, EtagConflict) for result in results if not isinstance(result, str))
    assert await database.documents.read(["conversation/1"]) == {
        "conversation/1": ({"writer": winners[0]}, results[winners[0]])}


def key(activity_id="a1", conversation="c1", tenant=TENANT, sender="u-anna", channel="msteams"):
    return ledger_key(channel, tenant, conversation, sender, activity_id)


async def test_a_recorded_activity_answers_only_its_own_resend(database):
    ledger = database.activities
    await ledger.record(key(), 200, '{"activities": []}', NOW)
    assert await ledger.response(key()) == (200, '{"activities": []}')
    # The same id sent by someone else, in another conversation or tenant, is another activity.
    for other in (key(conversation="c2"), key(tenant=OTHER_TENANT), key(sender="u-bo"), key(channel="emulator")):
        assert await ledger.response(other) is None


async def test_an_activity_is_recorded_once(database):
    await database.activities.record(key(), 200, None, NOW)
    with pytest.raises(IntegrityError):
        await database.activities.record(key(), 200, None, NOW)


async def test_a_turn_that_fails_leaves_neither_its_answer_nor_its_ledger_entry(database):
    organisation = await create(database)
    with pytest.raises(RuntimeError):
        async with database.turn():
            await database.answers.record(organisation.id, "1.S.1", 2, None, "u-anna", "Anna", NOW)
            await database.activities.record(key(), 200, None, NOW)
            raise RuntimeError("the turn broke")
    assert await database.answers.current(organisation.id) == {}
    assert await database.activities.response(key()) is None
    async with database.turn():
        await database.answers.record(organisation.id, "1.S.1", 2, None, "u-anna", "Anna", NOW)
        await database.activities.record(key(), 200, None, NOW)
    assert list(await database.answers.current(organisation.id)) == ["1.S.1"]
    assert await database.activities.response(key()) == (200, None)


async def test_a_duplicate_name_inside_a_turn_spoils_nothing_else_in_it(database):
    await create(database)
    async with database.turn():
        with pytest.raises(DuplicateName):
            await create(database, user="u-bo")
        await database.activities.record(key(), 200, None, NOW)
    assert await database.activities.response(key()) == (200, None)


async def test_purge_forgets_entries_older_than_the_horizon_in_batches(database):
    ledger = database.activities
    for number in range(5):
        await ledger.record(key(f"old-{number}"), 200, None, NOW)
    await ledger.record(key("new"), 200, None, NOW + timedelta(hours=1))
    assert await ledger.purge(NOW + timedelta(minutes=30), batch=2) == 5
    assert await ledger.response(key("old-0")) is None
    assert await ledger.response(key("new")) == (200, None)


async def test_data_survives_a_restart(database_url):
    database = await Database.open(database_url)
    organisation = await create(database)
    await database.close()
    database = await Database.open(database_url)
    try:
        assert await database.organisations.get(TENANT, organisation.id) == organisation
    finally:
        await database.close()


async def test_ping(database):
    assert await database.ping() is True


async def test_migrations_create_what_the_tables_describe(empty_database_url):
    await (await Database.open(empty_database_url)).close()
    with reading(empty_database_url) as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


async def test_open_creates_the_data_directory(tmp_path):
    database = await Database.open(f"sqlite:///{tmp_path}/data/bot.sqlite3")
    await database.close()
    assert (tmp_path / "data" / "bot.sqlite3").exists()


def dialog_state() -> dict:
    prompt = PromptOptions(prompt=Activity(type="message", text="Hur långt har ni kommit?"))
    instance = DialogInstance(id="assessment", state={"options": prompt, "values": {"row": "1.S.1"}})
    return {"DialogState": DialogState([instance])}


async def test_bot_state_survives_in_the_database(database):
    await StateStorage(database.documents).write({"conversation/1": dialog_state()})
    item = (await StateStorage(database.documents).read(["conversation/1"]))["conversation/1"]
    (instance,) = item["DialogState"].dialog_stack
    (expected,) = dialog_state()["DialogState"].dialog_stack
    assert isinstance(instance, DialogInstance) and instance.id == expected.id
    assert instance.state["options"].prompt == expected.state["options"].prompt
    assert instance.state["values"] == {"row": "1.S.1"}
    assert item["e_tag"] == (await database.documents.read(["conversation/1"]))["conversation/1"][1]


async def test_bot_state_with_a_stale_etag_is_refused(database):
    storage = StateStorage(database.documents)
    await storage.write({"conversation/1": {"turns": 1}})
    first = (await storage.read(["conversation/1"]))["conversation/1"]
    second = (await StateStorage(database.documents).read(["conversation/1"]))["conversation/1"]
    first["turns"] = 2
    await storage.write({"conversation/1": first})
    await storage.write({"conversation/1": first})  # saving twice in one turn is not a conflict
    second["turns"] = 3
    with pytest.raises(EtagConflict):
        await storage.write({"conversation/1": second})
    await storage.delete({"conversation/1"})
    assert await storage.read(["conversation/1"]) == {}


OPEN_AND_TELL = ("import asyncio, sys\nfrom storage import Database\n"
                 "async def main():\n    await (await Database.open(sys.argv[1])).close()\n"
                 "asyncio.run(main())\nprint('alembic' in sys.modules)")


def loads_alembic_when_opening(url: str) -> bool:
    """Opens the database in a fresh interpreter, as a restarted bot does."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", OPEN_AND_TELL, url], cwd=root, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip() == "True"


def test_a_restart_on_a_migrated_database_does_not_load_alembic_and_a_new_one_does(database_url, tmp_path):
    assert not loads_alembic_when_opening(database_url)
    assert loads_alembic_when_opening(f"sqlite:///{tmp_path}/new.sqlite3")


def test_the_heads_read_from_the_migration_files_are_alembics():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert migration_heads() == set(ScriptDirectory.from_config(config).get_heads())
