"""What the bot reads from a request and writes in its answers is what botbuilder's msrest would make of it:
bot/wire.py only skips msrest's generic walk. Generated with the hostile-input strategies, so odd values,
wrong types and unknown fields are held to msrest too, errors included."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError

from bot.wire import from_wire, to_wire
from tests.reliability.hostile import FIELDS, _with, plausible, wrong

payloads = plausible("http://127.0.0.1:9/") | st.tuples(
    plausible("http://127.0.0.1:9/"), st.sampled_from(FIELDS), wrong).map(lambda odd: _with(*odd))
TEAMS_MESSAGE = {
    "type": "message", "id": "1733", "timestamp": "2026-11-30T09:00:00.1234567Z",
    "localTimestamp": "2026-11-30T10:00:00.123+01:00", "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/emea/", "locale": "sv-SE", "textFormat": "plain",
    "text": "<at>Kompassen</at> 2 beslutat i KF", "deliveryMode": "normal",
    "from": {"id": "29:1abc", "name": "Anna Berg", "aadObjectId": "a1b2"},
    "recipient": {"id": "28:bot", "name": "Kompassen"},
    "conversation": {"id": "19:x@thread.tacv2;messageid=1", "conversationType": "channel", "tenantId": "t-1",
                     "isGroup": True},
    "entities": [{"type": "mention", "mentioned": {"id": "28:bot", "name": "Kompassen"}, "text": "<at>Kompassen</at>"},
                 {"type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web"}],
    "channelData": {"tenant": {"id": "t-1"}, "team": {"id": "19:team"}, "channel": {"id": "19:x"}},
    "value": {"answer": "2", "row": "1.S.1", "card": "abc", "comment": None},
}


def msrest_reading(payload: object) -> Activity | str:
    try:
        return Activity().deserialize(payload)
    except DeserializationError as error:
        return f"DeserializationError: {error}"


def our_reading(payload: object) -> Activity | str:
    try:
        return from_wire(payload)
    except DeserializationError as error:
        return f"DeserializationError: {error}"


def test_a_teams_message_is_read_as_msrest_reads_it_and_written_back_the_same():
    ours = from_wire(TEAMS_MESSAGE)
    assert ours == Activity().deserialize(TEAMS_MESSAGE)
    assert ours.conversation.additional_properties == {"tenantId": "t-1"}
    assert to_wire(ours) == ours.serialize()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(payloads)
def test_any_payload_is_read_as_msrest_reads_it_and_written_back_the_same(payload):
    ours = our_reading(payload)
    assert ours == msrest_reading(payload)
    if isinstance(ours, Activity):
        try:
            expected = ours.serialize()
        except Exception as error:  # msrest cannot write it back either
            expected = type(error).__name__
        try:
            written = to_wire(ours)
        except Exception as error:
            written = type(error).__name__
        assert written == expected
