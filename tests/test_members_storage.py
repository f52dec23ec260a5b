"""Memberships and invitation codes in storage, on SQLite and PostgreSQL."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from storage.invitations import invitations, normalise
from tests.db_fixtures import reading

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


async def create(database, name, tenant="tenant-a", user="anna"):
    return await database.organisations.create(tenant, name, "kommun", user, user.title(), NOW)


async def test_memberships_are_the_users_own_organisations_in_the_tenant(database):
    falun = await create(database, "Falu kommun")
    mora = await create(database, "Mora kommun", user="bo")
    await create(database, "Falu kommun", tenant="tenant-b")
    await database.organisations.add_member(mora.id, "anna", "Anna")
    assert await database.organisations.memberships("tenant-a", "anna") == [falun, mora]
    assert await database.organisations.memberships("tenant-a", "bo") == [mora]
    assert await database.organisations.memberships("tenant-b", "bo") == []
    assert await database.organisations.get_for_member("tenant-a", falun.id, "bo") is None
    assert await database.organisations.get_for_member("tenant-b", falun.id, "anna") is None
    assert await database.organisations.get_for_member("tenant-a", falun.id, "anna") == falun


async def test_admit_adds_once_and_removal_keeps_the_last_admin(database):
    falun = await create(database, "Falu kommun")
    await database.organisations.admit(falun.id, "bo", "Bo")
    await database.organisations.admit(falun.id, "bo", "Bo Ek")
    assert [(m.user_id, m.role) for m in await database.organisations.members(falun.id)] == [
        ("anna", "admin"), ("bo", "member")]
    assert not await database.organisations.remove_member(falun.id, "anna")
    assert await database.organisations.remove_member(falun.id, "bo")
    assert not await database.organisations.remove_member(falun.id, "bo")
    await database.organisations.add_member(falun.id, "cecilia", "Cecilia", role="admin")
    assert await database.organisations.remove_member(falun.id, "anna")


async def test_a_code_is_stored_hashed_and_works_in_its_tenant_for_seven_days(database, database_url):
    falun = await create(database, "Falu kommun")
    invitation = await database.invitations.create("tenant-a", falun.id, "anna", NOW)
    assert invitation.expires_at == NOW + timedelta(days=7)
    with reading(database_url) as connection:
        stored = connection.execute(select(invitations)).one()
    assert normalise(invitation.code) not in str(tuple(stored))
    find = database.invitations.organisation_for
    assert await find("tenant-a", invitation.code.lower().replace("-", " "), NOW) == falun.id
    assert await find("tenant-b", invitation.code, NOW) is None
    assert await find("tenant-a", invitation.code, NOW + timedelta(days=7)) is None
    assert await find("tenant-a", "", NOW) is None
