"""The quick check before one procurement: content, reading what people type, and whole conversations."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.runtime import build_bot
from bot.state_codec import decode, encode
from dialogs.answers import read_check_answer
from dialogs.checkin.amounts import read_amount
from dialogs.checkin.follow_up import months_from
from dialogs.checkin.items import CheckinSheet
from dialogs.questions import Asking
from model import ModelError, load_model
from model.checks import load_checks, load_checks_from_text
from tests.conversation import Chat, FakeClock, create_organisation
from texts import Texts

MODEL = load_model()
CATALOGUE = Texts.load()
CHECKS = load_checks(MODEL)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # a Tuesday
CATEGORY_NUMBER = {category.key: str(n) for n, category in enumerate(CHECKS.categories, 1)}


@pytest.fixture
def bot(sqlite_database):
    return build_bot(MODEL, sqlite_database, clock=FakeClock(NOW))


async def begin(chat: Chat, name: str, category: str, value: str = "hoppa över", planned: str = "hoppa över") -> str:
    await chat.say("snabbkoll")
    await chat.say(name)
    await chat.say(CATEGORY_NUMBER[category])
    await chat.say(value)
    return await chat.say(planned)


async def answer_all(chat: Chat, answers: list) -> str:
    """Typed answers, and ("klick", "Delvis") for a click on the card's button."""
    reply = ""
    for answer in answers:
        reply = await chat.click(answer[1]) if isinstance(answer, tuple) else await chat.say(answer)
    return reply


async def only_checkin(database):
    [organisation] = await database.organisations.list("tenant-a")
    [checkin] = await database.checkins.list(organisation.id)
    return checkin


# Content

def test_every_category_gets_ten_to_fifteen_checks_each_from_a_row_of_the_model():
    for category in CHECKS.categories:
        checks = CHECKS.checks_for(category.key)
        assert 10 <= len(checks) <= 15, category.key
        assert all(MODEL.row(check.row) for check in checks)
    listed = {"2.V.1", "2.R.1", "2.R.2", "2.M.2", "3.S.1", "3.S.2", "3.S.3", "3.S.4", "3.S.5", "3.V.1", "3.R.1",
              "3.M.1", "4.V.1", "4.R.1", "4.S.1"}
    assert {check.row for check in CHECKS.checks} == listed


def test_food_care_energy_transport_and_it_are_proposed_as_critical():
    assert {c.key for c in CHECKS.categories if c.critical} == {"livsmedel", "vard", "energi", "fordon", "it"}
    assert all(c.crisis_reason.sv.endswith(".") for c in CHECKS.categories if c.critical)
    assert {p.row for p in CHECKS.crisis_prompts} == {"K.1", "K.2"} and len(CHECKS.preparedness) == 5


CATEGORIES = "categories: [{key: bygg, name: {sv: Bygg, en: Construction}}]"
CRISIS = "crisis_prompts: []\npreparedness: []\nintro: {sv: I, en: I}\nprinciples: {intro: {sv: P, en: P}, list: []}"
TEXTS = "title: {sv: T, en: T}, question: {sv: Q, en: Q}, action: {sv: A, en: A}"


@pytest.mark.parametrize("check, problem", [
    (f"key: K, row: '9.X.9', {TEXTS}", "row K: field 'row' names 9.X.9, which is not a row of the model"),
    (f"key: K, row: '2.V.1', categories: [mat], {TEXTS}", "row K: field 'categories' names unknown categories"),
    (f"key: K, {TEXTS}", "row K: field 'row' is missing"),
    ("key: K, row: '2.V.1', title: {sv: T}, question: {sv: Q, en: Q}, action: {sv: A, en: A}",
     "row K: field 'title.en' is missing"),
])
def test_broken_check_content_is_refused_with_file_key_and_field(check, problem):
    with pytest.raises(ModelError, match=f"^checks.yaml: {problem}"):
        load_checks_from_text(MODEL, f"{CATEGORIES}\nchecks:\n  - {{{check}}}", CRISIS)


def test_an_item_key_used_twice_is_refused():
    check = f"{{key: K, row: '2.V.1', {TEXTS}}}"
    with pytest.raises(ModelError, match="row K: field 'key' appears twice"):
        load_checks_from_text(MODEL, f"{CATEGORIES}\nchecks: [{check}, {check}]", CRISIS)


# Reading what people type

@pytest.mark.parametrize("text, expected", [
    ("2 miljoner", 2_000_000), ("500 000 kr", 500_000), ("1,5 mkr", 1_500_000), ("300 tkr", 300_000),
    ("ca 2 miljoner kr", 2_000_000), ("1.5 million", 1_500_000), ("1,500,000", 1_500_000), ("750000:-", 750_000),
    ("hoppa över", None), ("massor", None), ("0", None), ("2 äpplen", None),
])
def test_rough_values_are_read_in_kronor(text, expected):
    assert read_amount(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ja", "yes"), ("Yes", "yes"), ("delvis", "partly"), ("partly", "partly"), ("nej", "no"), ("no", "no"),
    ("ej relevant", "na"), ("n/a", "na"), ("not relevant", "na"), ("2", "partly"), ("kanske", None), ("5", None),
])
def test_check_answers_are_read_in_swedish_and_english(text, expected):
    assert read_check_answer(CATALOGUE, text, None, ("yes", "partly", "no", "na")) == expected


def test_a_crisis_prompt_takes_dont_know_but_not_partly():
    allowed = ("yes", "no", "unknown")
    assert [read_check_answer(CATALOGUE, t, None, allowed) for t in ("vet inte", "don't know", "delvis")] == [
        "unknown", "unknown", None]
    assert read_check_answer(CATALOGUE, None, {"answer": "unknown"}, allowed) == "unknown"


@pytest.mark.parametrize("text, expected", [("8", 8), ("8 månader", 8), ("åtta", 8), ("ok", 6), ("0", None),
                                            ("61", None), ("snart", None)])
def test_months_until_contract_follow_up(text, expected):
    assert months_from(CATALOGUE, text) == expected


def test_a_round_of_checks_survives_json():
    state = Asking(CheckinSheet("org-1", 7, changing=True), ["needs", "roles"], position=1, target="checkin:7")
    assert decode(json.loads(json.dumps(encode(state)))) == state


# Conversations

async def test_help_names_the_quick_check_my_checks_and_crisis(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    reply = await chat.say("hjälp")
    assert "Skriv snabbkoll innan ni upphandlar" in reply and "mina snabbkoller" in reply and "Skriv beredskap" in reply


async def test_a_critical_check_in_with_crisis_prompts_ends_in_a_checklist_and_stored_reminders(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    assert "Vad ska ni upphandla?" in await chat.say("snabbkoll")
    assert "[1] Livsmedel och måltider" in await chat.say("Skolmat 2027")
    assert "Ungefär hur mycket" in await chat.say("1")
    assert "När planerar ni att annonsera? Till exempel om två veckor, 28 februari eller 2027-02-28" in await chat.say(
        "2 miljoner")  # examples three months ahead of today, 24 November 2026
    reply = await chat.say("15 mars")
    checks = CHECKS.checks_for("livsmedel")
    assert "Planerad annonsering: 15 mars 2027. Nu kommer 14 korta frågor" in reply and "Snabbkoll · fråga 1 av 14" in reply
    assert checks[0].question.sv in reply and "[4] Ej relevant" in reply
    answers = ["nej", "delvis", ("klick", "Delvis"), "ej relevant"] + ["ja"] * 10
    reply = await answer_all(chat, answers)
    assert "Jag föreslår ja. Skolor, äldreboenden och sjukhus måste få mat" in reply
    reply = await chat.say("ja")
    assert "Då tar vi 11 frågor om krisberedskap" in reply and "Krisberedskap · fråga 1 av 11" in reply
    assert "[3] Vet inte" in reply
    reply = await answer_all(chat, ["ja", "ja", "nej", "ja", "vet inte", "ja", "ja", "ja", "ja", "ja", "ja"])
    assert "Checklista: Skolmat 2027" in reply and "Värde: ungefär 2 000 000 kr" in reply
    assert "Planerad annonsering: 15 mars 2027" in reply and "Måste fungera i en kris" in reply
    assert "Klart: 19 av 24" in reply
    assert f"**Behovsanalys:** {checks[0].action.sv}" in reply
    assert f"**Omförhandling:** {CHECKS.item('crisis_renegotiation').action.sv}" in reply
    gaps = reply.split("brist i hela organisationen")[1]
    assert "- Behovsanalys" in gaps and "- Beredskap för förändring" in gaps and "Roller i upphandlingen" not in gaps
    assert "Jag kan höra av mig 1 mars 2027, inför annonseringen 15 mars 2027" in reply
    checkin = await only_checkin(sqlite_database)
    assert (checkin.category, checkin.value_sek, checkin.announce_on, checkin.critical) == (
        "livsmedel", 2_000_000, date(2027, 3, 15), True)
    assert checkin.answers["needs"] == "no" and checkin.answers["time"] == "partly"
    assert checkin.answers["crisis_renegotiation"] == "unknown" and len(checkin.answers) == 25

    assert "Jag påminner dig 1 mars 2027 om att förbereda annonseringen" in await chat.say("1")
    assert "Jag påminner dig 15 november 2027 om att följa upp avtalet" in await chat.say("8")
    wishes = await sqlite_database.follow_up_wishes.pending(NOW + timedelta(days=400))
    assert [(w.kind, w.due_at) for w in wishes] == [
        ("before_announcement", datetime(2027, 3, 1, 7, tzinfo=timezone.utc)),
        ("contract_follow_up", datetime(2027, 11, 15, 7, tzinfo=timezone.utc))]
    assert {(w.checkin_id, w.user_id, w.status) for w in wishes} == {(checkin.id, "anna", "pending")}
    assert wishes[0].conversation_reference["conversation"]["id"] == "personal-anna"
    assert wishes[0].conversation_reference["serviceUrl"] == "https://connector.invalid"


async def test_a_check_in_that_is_not_critical_skips_the_crisis_prompts(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    reply = await begin(chat, "Ny förskola", "bygg", value="hoppa över", planned="skip")
    assert "fråga 1 av 15" in reply
    reply = await answer_all(chat, ["ja"] * 14 + ["nej"])
    assert "Stöder upphandlingen något som måste fungera i en kris" in reply and "Jag föreslår" not in reply
    reply = await chat.say("nej")
    assert "Krisberedskap" not in reply and "Checklista: Ny förskola" in reply
    assert "Måste fungera i en kris" not in reply and "Värde" not in reply and "Planerad annonsering" not in reply
    assert "- Avtalsuppföljning" in reply.split("brist i hela organisationen")[1]
    assert "Vill du att jag påminner dig när det är dags att följa upp avtalet?" in reply
    assert "Hur många månader efter i dag" in await chat.say("1")
    assert "Jag påminner dig 24 maj 2027 om att följa upp avtalet" in await chat.say("ok")
    checkin = await only_checkin(sqlite_database)
    assert (checkin.value_sek, checkin.announce_on, checkin.critical, len(checkin.answers)) == (None, None, False, 15)
    [wish] = await sqlite_database.follow_up_wishes.pending(NOW + timedelta(days=400))
    assert (wish.kind, wish.due_at) == ("contract_follow_up", datetime(2027, 5, 24, 6, tzinfo=timezone.utc))


async def test_english_answers_next_friday_and_declining_the_proposal(sqlite_database):
    chat = Chat(build_bot(MODEL, sqlite_database, clock=FakeClock(NOW)), locale="en-GB")
    await create_organisation(chat, "Borlänge Energi")
    assert "What are you about to procure?" in await chat.say("quick check")
    await chat.say("District heating")
    await chat.say(CATEGORY_NUMBER["energi"])
    await chat.say("1.5 mkr")
    assert "question 1 of 15" in await chat.say("next Friday")
    reply = await answer_all(chat, ["yes", "partly", "no", "n/a"] + ["yes"] * 11)
    assert "I suggest yes. Without power and heating" in reply
    reply = await chat.say("no")
    assert "Checklist: District heating" in reply and "Value: about 1 500 000 kr" in reply
    assert "Planned announcement: 27 November 2026" in reply and "Done: 12 of 14" in reply
    # Two weeks before has passed: tomorrow instead, and the offer says no more than that.
    assert "get in touch on 25 November 2026, ahead of the announcement on 27 November 2026" in reply
    assert "two weeks" not in reply
    assert "OK, no reminders" in await chat.say("4")
    checkin = await only_checkin(sqlite_database)
    assert (checkin.value_sek, checkin.announce_on, checkin.critical) == (1_500_000, date(2026, 11, 27), False)
    assert await sqlite_database.follow_up_wishes.pending(NOW + timedelta(days=400)) == []


async def test_bad_input_gets_a_clear_reprompt_and_every_answer_is_kept(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    await chat.say("snabbkoll")
    assert "Skriv ett namn med 2 till 150 tecken" in await chat.say("x")
    await chat.say("Städning")
    await chat.say(CATEGORY_NUMBER["stad"])
    assert "Jag kunde inte läsa beloppet" in await chat.say("massor")
    await chat.say("500 000 kr")
    assert "Det datumet har redan varit" in await chat.say("igår")
    assert "Jag kunde inte läsa datumet" in await chat.say("blaha")
    assert "fråga 1 av 14" in await chat.say("om två veckor")
    assert "Svara ja, delvis, nej eller ej relevant" in await chat.say("kanske")
    checkin = await only_checkin(sqlite_database)
    assert (checkin.category, checkin.value_sek, checkin.announce_on, dict(checkin.answers)) == (
        "stad", 500_000, date(2026, 12, 8), {})
    await chat.say("ja")
    assert "fråga 2 av 14" in await chat.say("status")  # answered, then the question is asked again
    assert "Avbrutet" in await chat.say("paus")
    assert dict((await only_checkin(sqlite_database)).answers) == {"needs": "yes"}


async def test_my_checks_lists_newest_first_and_reopening_saves_each_change(sqlite_database):
    clock = FakeClock(NOW)
    chat = Chat(build_bot(MODEL, sqlite_database, clock=clock))
    await create_organisation(chat)
    assert "Ni har inga snabbkoller än" in await chat.say("mina snabbkoller")
    await begin(chat, "Skolmat", "livsmedel")
    await answer_all(chat, ["ja"] * 14 + ["nej", "4"])
    clock.now = NOW + timedelta(days=2)
    await begin(chat, "Bilar", "fordon")
    await answer_all(chat, ["ja"] * 4 + ["paus"])
    reply = await chat.say("mina snabbkoller")
    assert reply.index("[1] 2026-11-26 · Bilar · 4 av 15 klara") < reply.index("[2] 2026-11-24 · Skolmat · 14 av 14 klara")
    reply = await chat.say("2")
    assert "Checklista: Skolmat" in reply and "[1] Behovsanalys: Ja" in reply and "[15] Klar" in reply
    reply = await chat.say("1")
    assert "Ändra svar" in reply and "Nuvarande svar: Ja" in reply
    reply = await chat.say("nej")
    assert "[1] Behovsanalys: Nej" in reply
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    skolmat = (await sqlite_database.checkins.list(organisation.id))[1]
    assert skolmat.answers["needs"] == "no"
    reply = await chat.say("klar")
    assert "Klart: 13 av 14" in reply and "- Behovsanalys" in reply.split("brist i hela organisationen")[1]
    reply = await chat.say("mina snabbkoller") + await chat.say("1") + await chat.say("5")
    assert "Bilar" in reply and "Nuvarande svar: inte besvarad" in reply
    await chat.say("delvis")
    assert (await sqlite_database.checkins.list(organisation.id))[0].answers["regional"] == "partly"
