"""The membership service on both databases, and the state its dialogs keep."""
from __future__ import annotations

import json
from datetime import datetime, time, timezone

import pytest
from botbuilder.dialogs import DialogInstance, DialogState

from bot.runtime import build_bot
from bot.state_codec import decode, encode
from dialogs.context import UserProfile
from dialogs.members.organisation import NewOrganisation
from dialogs.members.settings import SettingsChange
from model import load_model
from services.membership import Membership, NotAdmin, ReminderSettings, Speaker
from tests.conversation import Chat, create_organisation

MODEL = load_model()
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
ANNA = Speaker("tenant-a", "anna", "Anna Berg", "personal-anna", personal=True)
BO = Speaker("tenant-a", "bo", "Bo Ek", "personal-bo", personal=True)


def in_chat(speaker: Speaker, conversation_id: str, tenant_id: str = "tenant-a") -> Speaker:
    return Speaker(tenant_id, speaker.user_id, speaker.user_name, conversation_id, personal=False)


@pytest.fixture
def membership(database):
    return Membership(database, MODEL, lambda: NOW)


async def test_a_personal_chat_answers_for_the_chosen_organisation_only_while_a_member(membership):
    falun = await membership.create(ANNA, "Falu kommun", "kommun")
    assert (await membership.organisation_for(ANNA, falun.id)).name == "Falu kommun"
    assert await membership.organisation_for(BO, falun.id) is None  # chosen by id, but not a member
    elsewhere = Speaker("tenant-b", "anna", "Anna Berg", "personal-anna", personal=True)
    assert await membership.organisation_for(elsewhere, falun.id) is None
    assert await membership.organisation_for(ANNA, None) is None


async def test_whoever_speaks_in_a_bound_team_chat_becomes_a_member(membership):
    falun = await membership.create(in_chat(ANNA, "team-1"), "Falu kommun", "kommun")
    assert (await membership.organisation_for(in_chat(BO, "team-1"), None)).id == falun.id
    assert [(m.user_name, m.role) for m in await membership.members(falun.id)] == [
        ("Anna Berg", "admin"), ("Bo Ek", "member")]
    assert await membership.organisation_for(in_chat(BO, "team-2"), None) is None
    assert await membership.organisation_for(in_chat(BO, "team-1", tenant_id="tenant-b"), None) is None


async def test_only_an_administrator_changes_members_settings_or_deletes(membership, database):
    falun = await membership.create(ANNA, "Falu kommun", "kommun")
    await membership.join(BO, falun, None)
    refused = [
        membership.invite(BO, falun.id), membership.add(BO, falun.id, [("cecilia", "Cecilia Ek")]),
        membership.remove(BO, falun.id, "anna"), membership.set_office_hours(BO, falun.id, time(7), time(8)),
        membership.set_reassess_months(BO, falun.id, 3), membership.delete_organisation(BO, falun.id),
    ]
    for attempt in refused:
        with pytest.raises(NotAdmin):
            await attempt
    assert [m.user_id for m in await membership.members(falun.id)] == ["anna", "bo"]
    assert await membership.reminder_settings(falun.id) == ReminderSettings()
    assert await membership.organisation(ANNA, falun.id) is not None
    await membership.set_office_hours(ANNA, falun.id, time(7), time(15))
    await membership.set_reassess_months(ANNA, falun.id, 6)
    assert await membership.reminder_settings(falun.id) == ReminderSettings(time(7), time(15), reassess_months=6)


def through_json(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("state", [
    SettingsChange("org-1"), SettingsChange("org-1", what="hours"), NewOrganisation(), NewOrganisation("Falu kommun"),
    UserProfile(), UserProfile("en", "org-1", greeted=True),
])
def test_the_state_of_organisation_and_settings_dialogs_comes_back_equal(state):
    stack = DialogState([DialogInstance("steps", {"options": state, "stepIndex": 1})])
    restored = through_json({"dialogs": stack, "profile": state})
    assert restored["dialogs"].dialog_stack[0].state["options"] == state and restored["profile"] == state


async def test_a_profile_kept_before_profiles_were_typed_still_counts(sqlite_database):
    bot = build_bot(MODEL, sqlite_database)
    anna = Chat(bot)
    await create_organisation(anna)
    [falun] = await sqlite_database.organisations.list("tenant-a")
    stored = {"language": "en", "organisation_id": falun.id, "greeted": True}
    await sqlite_database.documents.write("msteams/users/anna", {"profile": stored}, "*")
    assert "Result for Falu kommun" in await anna.say("status")
