"""Cards as people see them in Teams: every button in sight, results that keep their numbers on a
phone, and what people type shown as they typed it, never as links or bold."""
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.cards import MAX_ACTIONS, card_actions
from texts.markdown import escape, plain
from bot.runtime import build_bot
from model import load_model
from tests.conversation import Chat, create_organisation

MODEL = load_model()
HOSTILE = "[Klicka här](http://evil.example) **Fet** kommun"
COMMONMARK = MarkdownIt("commonmark")


@pytest.fixture
def bot(sqlite_database):
    return build_bot(MODEL, sqlite_database)


def shown(markdown: str) -> str:
    """The words a reader sees when `markdown` is rendered: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", COMMONMARK.render(markdown))).strip()


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)
       .map(lambda text: " ".join(text.split())).filter(bool))
def test_typed_text_reads_as_typed(text):
    assert shown(escape(text)) == text
    assert plain(escape(text)) == text


@pytest.mark.parametrize("typed, escaped", [
    (HOSTILE, r"\[Klicka här\](http://evil.example) \*\*Fet\*\* kommun"),
    ("3. Ta fram mål", r"3\. Ta fram mål"),  # else Teams shows "1."
    ("- Bo Ek", r"\- Bo Ek"),
    ("Bygg & Anläggning 2025-06-30, 56.2 %", "Bygg & Anläggning 2025-06-30, 56.2 %"),  # nothing to escape
    ("&copy; <b>Bo</b>", r"\&copy; \<b\>Bo\</b\>"),
])
def test_only_what_would_turn_into_markup_is_escaped(typed, escaped):
    assert escape(typed) == escaped


def elements(card: dict) -> list[dict]:
    """Every element of a card, nested ones and those folded under a button included."""
    found = []
    for element in card.get("body", []):
        found.append(element)
        found += elements({"body": element.get("items", []) + element.get("columns", [])})
        for action in element.get("actions", []):
            found += elements(action.get("card", {}))
    return found


def markdown_fields(chat: Chat) -> list[str]:
    """Every text of the last replies that Teams renders as Markdown: messages and TextBlocks."""
    texts = [activity.text for activity in chat.adapter.activity_buffer if activity.text]
    return texts + [e["text"] for card in chat.cards() for e in elements(card) if e.get("type") == "TextBlock"]


async def test_no_card_hides_a_button_behind_teams_more_menu(bot):
    chat = Chat(bot)
    await create_organisation(chat)
    cards = []
    for step in ["meny", "start", "5", *["2"] * len(MODEL.cells["4.S"] + MODEL.cells["4.V"]), "paus",
                 "snabbkoll", "Skolmat", "1"]:
        await chat.say(step)
        cards += chat.cards()
    action_sets = [e["actions"] for card in cards for e in elements(card) if e["type"] == "ActionSet"]
    assert len(action_sets) > 20 and max(len(actions) for actions in action_sets) <= MAX_ACTIONS
    assert all(len(card.get("actions", [])) <= MAX_ACTIONS for card in cards)
    menu, offer, scope, question = cards[:4]  # the first assessment offers "om modellen" before the scope
    assert len(card_actions(menu)) == 17 and len(card_actions(offer)) == 1 and len(card_actions(scope)) == 10
    # The first set of answers, after the toggles that explain the question's words.
    answers = [e for e in elements(question) if e["type"] == "ActionSet"
               and e["actions"][0]["type"] == "Action.Submit"][0]["actions"]
    assert [action["title"] for action in answers] == ["Nivå 1", "Nivå 2", "Nivå 3"]


async def test_result_and_plan_keep_their_numbers_and_words_on_a_phone(bot, sqlite_database):
    chat = Chat(bot)
    await create_organisation(chat)
    [organisation] = await sqlite_database.organisations.list("tenant-a")
    for row in MODEL.rows[:8]:
        await sqlite_database.answers.record(organisation.id, row.key, 1, None, "anna", "Anna Berg",
                                             organisation.created_at)
    for command in ("status", "plan"):
        await chat.say(command)
        [card] = chat.cards()
        lines = [shown(text) for text in markdown_fields(chat)]
        numbered = [line for line in lines if re.match(r"\d\. ", line)]
        assert [line[:3] for line in numbered] == ["1. ", "2. ", "3. ", "4. ", "5. "], command
        # Teams numbers each "N. " TextBlock as a list of its own, "1."; none must read as one.
        assert not any("<ol" in COMMONMARK.render(text) for text in markdown_fields(chat)), command
        # More than two columns break words apart on a phone.
        assert max(len(e.get("columns", [])) for e in elements(card)) <= 2, command


def shows_as_typed(markdown: str, typed: str) -> bool:
    """Whether `typed` comes out of the renderer character for character: no link, no bold, no list."""
    return html.escape(typed, quote=False) in COMMONMARK.render(markdown)


async def test_a_typed_name_shows_as_typed_in_every_card_and_message(bot):
    anna = Chat(bot, conversation_id="team-1", conversation_type="channel")
    naming = []
    for text in ("hej", HOSTILE, "1", "status", "plan", "medlemmar"):
        await anna.say(text)
        naming += [field for field in markdown_fields(anna) if "Klicka här" in field]
    assert len(naming) >= 5  # asked for its kind, created, status, plan, members
    assert all(shows_as_typed(field, HOSTILE) for field in naming), naming


async def test_typed_plan_items_people_and_procurements_show_as_typed(bot):
    chat = Chat(bot, conversation_id="team-1", conversation_type="channel")
    await create_organisation(chat)
    person, what, procurement = "**Bo** [Ek](http://evil.example)", "1. Ta fram *mål* <b>nu</b>", "Skolmat **2027**"
    colleague = Chat(bot, user_id="bo", name=person, conversation_id="team-1", conversation_type="channel")
    await colleague.say("status")  # joins the team's organisation by writing there
    await chat.say("medlemmar")
    shown_fields = markdown_fields(chat)
    assert f"Ta bort {person}" in [title for card in chat.cards() for title in
                                   (action["title"] for action in card_actions(card))]  # buttons show no Markdown
    await chat.say(value={"command": "plan", "action": "add"})
    await chat.say(what)
    await chat.say(person)
    await chat.say("nästa fredag")
    shown_fields += markdown_fields(chat)  # "Sparat som åtgärd 1: …"
    await chat.say("plan")
    shown_fields += markdown_fields(chat)
    await chat.say("snabbkoll")
    await chat.say(procurement)
    shown_fields += markdown_fields(chat)
    for typed, word, least in ((person, "Ek", 3), (what, "Ta fram", 2), (procurement, "Skolmat", 1)):
        fields = [field for field in shown_fields if word in field]
        assert len([field for field in fields if shows_as_typed(field, typed)]) >= least, (typed, fields)
        assert not any(re.search(r"<(a|b|ol)\b|<strong>Bo|<em>mål|<strong>2027", COMMONMARK.render(field))
                       for field in shown_fields), typed
