"""A member of tenant B tries to read or change tenant A's organisation through every command, id,
code and link the bot offers: 0 leaks. The export CLI (`python -m bot.export`) is an operator's tool
that works across tenants on purpose and is not reachable from chat, so it is not tried here."""
from __future__ import annotations

import base64
import json
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import DATABASE, create_app
from bot.settings import Settings

A_MARKERS = ("Hemliga Avesta", "Alice Hemlig", "hemlig-kommentar")


class Person:
    def __init__(self, client: TestClient, tenant: str, user: str, name: str, conversation: str | None = None,
                 kind: str = "personal") -> None:
        self.client, self.tenant, self.user, self.name, self.kind = client, tenant, user, name, kind
        self.conversation, self.sent = conversation or f"personal-{tenant}-{user}", 0

    async def say(self, text: str | None = None, value: dict | None = None) -> str:
        self.sent += 1
        body = {
            "type": "message", "id": f"{self.tenant}-{self.user}-{self.sent}", "channelId": "msteams",
            "serviceUrl": "http://127.0.0.1:9/", "locale": "sv-SE", "text": text, "value": value,
            "deliveryMode": "expectReplies", "recipient": {"id": "bot"}, "from": {"id": self.user, "name": self.name},
            "conversation": {"id": self.conversation, "conversationType": self.kind, "tenantId": self.tenant},
        }
        response = await self.client.post("/api/messages", json=body)
        assert response.status == 200, await response.text()
        return json.dumps((await response.json())["activities"], ensure_ascii=False)


@pytest.fixture
async def client(sqlite_url):
    settings = Settings(database_url=sqlite_url, report_secret="s" * 32)
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


async def snapshot(client: TestClient, organisation_id: str) -> tuple:
    database = client.server.app[DATABASE]
    organisation = await database.organisations.get("tenant-a", organisation_id)
    return (organisation, await database.organisations.members(organisation_id),
            await database.answers.history(organisation_id),
            await database.organisation_reminders.settings({organisation_id}))


def forged_link(link: str, organisation_id: str, tenant: str) -> str:
    """B's own report link with A's organisation and tenant put in; the signature stays B's."""
    token = link.rsplit("/report/", 1)[1]
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(o=organisation_id, t=tenant)
    forged = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"/report/{forged}.{signature}"


async def test_tenant_b_cannot_read_or_change_tenant_a(client):
    alice = Person(client, "tenant-a", "alice", "Alice Hemlig")
    for text in ("hej", "Hemliga Avesta", "1", "start", "1", "2 hemlig-kommentar", "3", "paus"):
        await alice.say(text)
    alice_in_team = Person(client, "tenant-a", "alice", "Alice Hemlig", "team-a", "channel")
    assert "Du svarar nu för Hemliga Avesta" in (await alice_in_team.say("hej") and await alice_in_team.say("1"))
    a_code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await alice.say("medlemmar bjud in")).group(1)
    [a_org] = await client.server.app[DATABASE].organisations.list("tenant-a")
    before = await snapshot(client, a_org.id)

    bob = Person(client, "tenant-b", "bob", "Bob B")
    same_id = Person(client, "tenant-b", "alice", "Alice i B")  # the same user id, speaking from tenant B
    same_team = Person(client, "tenant-b", "mallory", "Mallory", "team-a", "channel")  # A's team id, B's tenant
    for text in ("hej", "Borlänge B", "1"):
        await bob.say(text)
    b_link = re.search(r"\((http[^)]+/report/[^)]+)\)", await bob.say("rapport")).group(1)

    attempts = [
        (bob, {"text": "byt organisation"}), (bob, {"value": {"choice": a_org.id}}),
        (bob, {"text": "byt organisation"}), (bob, {"text": "Hemliga Avesta"}),
        (bob, {"text": f"gå med {a_code}"}), (bob, {"text": "gå med"}), (bob, {"text": a_code}),
        (bob, {"text": "status"}), (bob, {"text": "medlemmar"}), (bob, {"text": "rapport"}),
        (bob, {"text": "inställningar"}), (bob, {"text": "fortsätt"}), (bob, {"text": "avbryt"}),
        (bob, {"value": {"command": "medlemmar ta bort", "member": "alice"}}),
        (bob, {"value": {"answer": "0", "comment": "ändrat av B"}}),
        (same_id, {"text": "status"}), (same_id, {"text": "fortsätt"}), (same_id, {"text": "medlemmar"}),
        (same_id, {"text": "byt organisation"}), (same_id, {"value": {"choice": a_org.id}}),
        (same_team, {"text": "status"}), (same_team, {"text": "medlemmar"}), (same_team, {"text": "rapport"}),
        (same_team, {"text": "fortsätt"}), (same_team, {"text": "2"}), (same_team, {"text": f"gå med {a_code}"}),
    ]
    leaks = []
    for person, message in attempts:
        reply = await person.say(**message)
        leaks += [(person.user, message, marker) for marker in A_MARKERS if marker in reply]
    for path in (forged_link(b_link, a_org.id, "tenant-a"), forged_link(b_link, a_org.id, "tenant-b")):
        for suffix in ("", "/export.json", "/export.csv"):
            page = await client.get(path + suffix)
            leaks += [("link", path + suffix, marker) for marker in A_MARKERS if marker in await page.text()]
            attempts.append(("link", path + suffix))
    print(f"\nisolation: {len(attempts)} attempts from tenant B, {len(leaks)} leaks")
    assert leaks == []
    assert await snapshot(client, a_org.id) == before
    assert "Hemliga Avesta" in await alice.say("status")


def forged_board_link(link: str, **changes: str) -> str:
    """A member's board link with its collaboration or organisation changed; the signature stays the member's."""
    token = link.rsplit("/samverkan/", 1)[1]
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"/samverkan/{forged}.{signature}"


async def test_a_collaboration_across_two_tenants_shows_nothing_to_a_non_member_in_either(client):
    """Avesta (tenant A) and Borlänge (tenant B) share in a collaboration; Chaos AB in A and Dala AB in B do not
    belong to it, and try every command, code and link: 0 leaks of the board, its members or its data."""
    alice = Person(client, "tenant-a", "alice", "Alice Hemlig")
    for text in ("hej", "Hemliga Avesta", "1", "start", "1", "2 hemlig-kommentar", "paus",
                 "samverkan ny Hemliga nämnden"):
        await alice.say(text)
    code = re.search(r"gå med ([A-Z0-9]{4}-[A-Z0-9]{4})", await alice.say("samverkan bjud in")).group(1)
    bob = Person(client, "tenant-b", "bob", "Bob B")
    for text in ("hej", "Borlänge B", "1", f"samverkan gå med {code} bekräfta"):
        await bob.say(text)
    assert "Hemliga Avesta" in await bob.say("samverkan")  # the two members do see each other
    a_link = re.search(r"\((http[^)]+/samverkan/[^)]+)\)", await alice.say("samverkan rapport")).group(1)
    [collaboration] = await client.server.app[DATABASE].collaborations.find("Hemliga nämnden")

    outsiders = [Person(client, "tenant-a", "carl", "Carl C"), Person(client, "tenant-b", "dora", "Dora D")]
    for outsider, name in zip(outsiders, ("Chaos AB", "Dala AB")):
        for text in ("hej", name, "1"):
            await outsider.say(text)
    markers = ("Hemliga nämnden", "Hemliga Avesta", "Borlänge B", "Alice Hemlig", "hemlig-kommentar")
    attempts = []
    for outsider in outsiders:
        attempts += [(outsider, {"text": t}) for t in (
            "samverkan", "samverkan medlemmar", "samverkan rapport", "samverkan lämna", "samverkan bjud in",
            # Whoever holds a live code is invited, and sees the members' names on the card asking to confirm.
            "samverkan ta bort Hemliga Avesta", "samverkan Hemliga nämnden", "samverkan gå med ABCD-EFGH")]
        attempts += [(outsider, {"value": {"command": c, "collaboration": collaboration.id}}) for c in (
            "samverkan", "samverkan medlemmar", "samverkan rapport", "samverkan lämna bekräfta", "samverkan bjud in")]
    found = []
    for person, message in attempts:
        reply = await person.say(**message)
        found += [(person.user, message, marker) for marker in markers if marker in reply]
    # The outsiders' own collaborations, and Alice's link pointed elsewhere.
    await outsiders[1].say("samverkan ny Egen nämnd")
    dora_link = re.search(r"\((http[^)]+/samverkan/[^)]+)\)", await outsiders[1].say("samverkan rapport")).group(1)
    [dala] = [o for o in await client.server.app[DATABASE].organisations.list("tenant-b") if o.name == "Dala AB"]
    paths = [forged_board_link(dora_link, c=collaboration.id), forged_board_link(a_link, o=dala.id, t="tenant-b"),
             forged_link(a_link.replace("/samverkan/", "/report/"), collaboration.id, "tenant-a"),
             "/report/" + a_link.rsplit("/samverkan/", 1)[1]]
    for path in paths:
        page = await client.get(path)
        assert page.status in (403, 404)
        found += [("link", path, marker) for marker in markers if marker in await page.text()]
    print(f"\nisolation: {len(attempts) + len(paths)} attempts on a collaboration from non-members, {len(found)} leaks")
    assert found == []
    assert "Hemliga Avesta" in await bob.say("samverkan") and "Borlänge B" in await alice.say("samverkan")
