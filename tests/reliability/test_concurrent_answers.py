"""1,000 answers from two members of one organisation at once, through the answers repository on SQLite
and PostgreSQL (over HTTP it would take minutes here; bench/reliability_bench.py sends them through the bot):
the history holds all of them, and the current state per row is the answer recorded last, the same one
the history ends with. They are sent as many at a time as the connection pool holds: the database sees the
same concurrency as with all 1,000 at once, and no call waits out the pool's 2 s timeout on a busy machine."""
import asyncio
import random
from datetime import datetime, timedelta, timezone

from sqlalchemy.engine import make_url

from model import load_model
from storage.database import POOL_MAX_OVERFLOW, POOL_SIZE

MODEL = load_model()
ANSWERS = 1_000
START = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


async def test_a_thousand_concurrent_answers_are_all_kept_and_the_latest_counts(database, database_url):
    organisation = await database.organisations.create("tenant-a", "Falu kommun", "kommun", "anna", "Anna", START)
    await database.organisations.add_member(organisation.id, "bo", "Bo")
    rng = random.Random(3)
    # Clocks differ a little, so the moments do not follow the order the database records them in.
    sent = [(rng.choice(MODEL.rows).key, rng.choice([0, 1, 2, 3, "na"]), ("anna", "bo")[n % 2],
             START + timedelta(milliseconds=rng.randrange(1000))) for n in range(ANSWERS)]

    at_once = asyncio.Semaphore(POOL_SIZE + POOL_MAX_OVERFLOW)

    async def record(row_key, value, user, moment):
        async with at_once:
            await database.answers.record(organisation.id, row_key, value, None, user, user.title(), moment)

    await asyncio.gather(*(record(*answer) for answer in sent))
    history = await database.answers.history(organisation.id)
    current = await database.answers.current(organisation.id)
    last_in_history = {answer.row_key: answer for answer in history}
    wrong = sum(current[key] != answer for key, answer in last_in_history.items())
    backend = make_url(database_url).get_backend_name()
    print(f"\nconcurrent ({backend}): {ANSWERS} answers sent, {POOL_SIZE + POOL_MAX_OVERFLOW} at a time, {len(history)} in the "
          f"history, {len(current)} rows current, {wrong} rows whose current answer is not the latest")
    assert sorted((a.row_key, str(a.value), a.user_id, a.answered_at) for a in history) == sorted(
        (key, str(value), user, moment) for key, value, user, moment in sent)
    assert current == last_in_history and wrong == 0
    for key in current:  # each row's history is the order the database recorded, whoever answered
        rows = await database.answers.history(organisation.id, key)
        assert rows == [a for a in history if a.row_key == key] and rows[-1] == current[key]
