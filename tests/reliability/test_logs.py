"""One structured log line per turn, and none of the organisations' own words at INFO."""
import json
import logging

from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.logs import TURN_FIELDS, formatter
from bot.settings import Settings

SECRET_WORDS = ("Hemliga kommunen", "ingen policy ännu")


def message(number: int, text: str, tenant: str = "tenant-a") -> dict:
    return {
        "type": "message", "id": f"m{number}", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
        "locale": "sv-SE", "text": text, "deliveryMode": "expectReplies", "recipient": {"id": "bot"},
        "conversation": {"id": "personal-anna", "conversationType": "personal", "tenantId": tenant},
        "from": {"id": "anna", "name": "Anna Berg"},
    }


async def test_each_turn_logs_one_json_line_without_what_people_wrote(sqlite_url, caplog):
    caplog.set_level(logging.INFO)
    texts = ["hej", SECRET_WORDS[0], "1", "start", "1", f"2 {SECRET_WORDS[1]}"]
    async with TestClient(TestServer(create_app(Settings(database_url=sqlite_url)))) as client:
        for number, text in enumerate(texts):
            assert (await client.post("/api/messages", json=message(number, text))).status == 200
        assert (await client.post("/api/messages", data="{", headers={"Content-Type": "application/json"})).status == 400
    json_lines = [formatter("json").format(record) for record in caplog.records if record.levelno <= logging.INFO]
    turns = [json.loads(line) for line in json_lines if json.loads(line)["message"] == "turn"]
    print(f"\nlogs: {len(texts) + 1} requests, {len(turns)} turn lines, "
          f"{sum(w in line for line in json_lines for w in SECRET_WORDS)} lines with people's words")
    assert len(turns) == len(texts) + 1
    assert all(set(TURN_FIELDS) <= set(turn) for turn in turns)
    assert [(t["turn_id"], t["tenant"], t["activity_type"], t["status"]) for t in turns[:2]] == [
        ("m0", "tenant-a", "message", 200), ("m1", "tenant-a", "message", 200)]
    assert turns[0]["organisation"] is None and turns[-2]["organisation"] == turns[3]["organisation"] is not None
    assert turns[-1]["status"] == 400 and all(isinstance(t["latency_ms"], float) for t in turns)
    assert not [line for line in json_lines if any(word in line for word in SECRET_WORDS)]


def test_text_lines_carry_the_turn_fields():
    record = logging.LogRecord("bot.endpoint", logging.INFO, __file__, 1, "turn", None, None)
    record.__dict__.update(turn_id="m1", tenant="tenant-a", organisation=None, activity_type="message", status=200,
                           latency_ms=3.2)
    line = formatter("text").format(record)
    assert line.endswith("turn turn_id=m1 tenant=tenant-a activity_type=message status=200 latency_ms=3.2")
