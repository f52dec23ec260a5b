"""kill -9 of the real server during scripted assessments, on SQLite and PostgreSQL: no acknowledged
answer is lost and every conversation resumes at its first unanswered row. The bench runs 100."""
from tests.reliability.crash import run


async def test_killed_server_loses_no_acknowledged_answer_and_every_conversation_resumes(database_url, tmp_path):
    figures = await run(database_url, tmp_path, conversations=10, answers_each=12, kills=3, seed=7)
    print(f"\ncrash ({database_url.split(':')[0]}): {figures}")
    assert figures.kills == 3 and figures.acknowledged > 0
    assert figures.problems == []
    assert (figures.lost, figures.not_resumed) == (0, 0)
    assert figures.resumed >= figures.conversations
