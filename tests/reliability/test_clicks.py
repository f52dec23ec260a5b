"""Clicks in bursts and on old cards, over HTTP on SQLite and PostgreSQL, with the figures issue 10 asks
for: 50 identical submits of one card record one answer with no turn error, and clicks on older cards
write nothing to a row other than their own. Run with -s to see the figures."""
from __future__ import annotations

import asyncio
import random

from app import DATABASE
from tests.teams import TeamsUser, buttons, teams

ERROR = "Något gick fel"


def backend(database_url: str) -> str:
    return database_url.split(":")[0].split("+")[0]


async def history(client) -> list:
    database = client.server.app[DATABASE]
    [organisation] = await database.organisations.list("tenant-a")
    return await database.answers.history(organisation.id)


async def test_fifty_identical_submits_record_one_answer_and_no_turn_error(database_url):
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        for text in ("hej", "Falu kommun", "1", "start steg 1"):
            await anna.say(text)
        question, before = anna.card_with("Nivå 3"), len(anna.received)
        await asyncio.gather(*(anna.click("Nivå 3", on=question) for _ in range(50)))
        rows = [(a.row_key, a.value) for a in await history(client)]
        said = [r.text for r in anna.received[before:]]
    errors = sum(ERROR in text for text in said)
    print(f"\nburst ({backend(database_url)}): 50 identical submits -> {len(rows)} answer row, "
          f"{errors} turn errors, next question shown {sum('fråga 2 av 12' in t for t in said)} time")
    assert rows == [("1.S.1", 3)] and errors == 0 and set(anna.statuses) == {200}
    assert sum("fråga 2 av 12" in text for text in said) == 1


async def test_clicks_on_older_cards_write_only_to_their_own_row(database_url):
    """Answers the twelve rows of step 1, then clicks random buttons on the cards as first posted, as a
    client that never showed the answered versions would."""
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector)
        for text in ("hej", "Falu kommun", "1", "start steg 1"):
            await anna.say(text)
        cards = []
        for _ in range(11):
            cards.append(anna.card_with("Nivå 1"))
            await anna.click("Nivå 1")
        picks = random.Random(7)
        stray = clicks = 0
        for _ in range(60):
            card = picks.choice(cards)
            title, data = picks.choice([(t, d) for t, d in buttons(card) if "answer" in d])
            before = len(await history(client))
            await anna.click(title, on=card)
            clicks += 1
            written = (await history(client))[before:]
            stray += sum(answer.row_key != data["row"] for answer in written)
        errors = sum(ERROR in r.text for r in anna.received)
    print(f"\nstale clicks ({backend(database_url)}): {clicks} clicks on older cards -> {stray} answers "
          f"written to another row, {errors} turn errors")
    assert stray == 0 and errors == 0 and set(anna.statuses) == {200}
