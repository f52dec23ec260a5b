"""The model's guidance in a conversation over HTTP, in Swedish and English: words explained, the
annexes, crisis principles and the guide to the model."""
from __future__ import annotations

import json

import pytest

from model import load_model
from model.checks import load_checks
from tests.teams import TeamsUser, buttons, teams

MODEL = load_model()
GLOSSARY = MODEL.glossary
NOT_UNDERSTOOD = ("Det förstod jag inte", "I did not understand")


def explanation(key: str, lang: str) -> str:
    return GLOSSARY.term(key).explanation(lang)


async def member(client, connector, locale: str) -> TeamsUser:
    anna = TeamsUser(client, connector, locale=locale)
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)
    return anna


@pytest.mark.parametrize("locale, typed, key, related", [
    ("sv-SE", "förklara kategoristyrning", "category_management", ["spendanalys", "avtalsförvaltning", "nyckeltal"]),
    ("sv-SE", "vad är DIS?", "dynamic_purchasing_system", ["LOU", "förhandlat förfarande"]),
    ("sv-SE", "vad betyder spendanalys", "spend_analysis", ["kategoristyrning", "avtalsförvaltning"]),
    ("en-US", "explain category management", "category_management",
     ["spend analysis", "contract management", "KPI"]),
    ("en-US", "what is DPS?", "dynamic_purchasing_system", ["LOU", "negotiated procedure"]),
    ("en-US", "What does DPS mean", "dynamic_purchasing_system", ["LOU", "negotiated procedure"]),
])
async def test_a_word_is_explained_with_buttons_to_related_words(database_url, locale, typed, key, related):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say(typed)
        assert explanation(key, lang) in reply and GLOSSARY.term(key).name(lang).lower() in reply.lower()
        assert [title for title, _ in buttons(anna.received[-1])] == related
        # A related word's button explains that word.
        reply = await anna.click(related[-1])
        assert GLOSSARY.lookup(related[-1]).explanation(lang) in reply


@pytest.mark.parametrize("locale, typed, said", [
    ("sv-SE", "förklara blomkål", "Det ordet har jag ingen förklaring till"),
    ("en-US", "explain cauliflower", "I have no explanation for that word"),
    ("sv-SE", "förklara", "Vilket ord vill du ha förklarat?"),
])
async def test_an_unknown_word_gets_a_friendly_answer_with_words_to_try(database_url, locale, typed, said):
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say(typed)
        assert said in reply and not any(text in reply for text in NOT_UNDERSTOOD)
        assert len(buttons(anna.received[-1])) == 5
        assert explanation("spend_analysis", locale[:2]) in await anna.click(GLOSSARY.term("spend_analysis").name(
            locale[:2]))


def toggles(received) -> dict[str, str]:
    """Title → the text a question card unfolds."""
    found = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.ShowCard" and "card" in node:
                found[node["title"]] = json.dumps(node["card"], ensure_ascii=False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(received.activity)
    return found


@pytest.mark.parametrize("locale, toggle, key", [
    ("sv-SE", "Vad betyder spendanalys?", "spend_analysis"),
    ("en-US", "What does spend analysis mean?", "spend_analysis"),
])
async def test_a_question_card_explains_the_words_it_uses_and_a_question_can_be_asked_between(
        database_url, locale, toggle, key):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        for typed in ("start steg 1", "1", "1", "1", "1", "1", "1"):
            reply = await anna.say(typed)
        assert MODEL.row("1.V.1").question(lang) in reply
        assert explanation(key, lang) in toggles(anna.received[-1])[toggle]
        # Asked between two questions: explained, and the same question again.
        reply = await anna.say("vad är DIS?" if lang == "sv" else "what is DPS?")
        assert explanation("dynamic_purchasing_system", lang) in reply
        assert MODEL.row("1.V.1").question(lang) in reply.split(explanation("dynamic_purchasing_system", lang))[1]


async def test_a_question_with_many_words_explains_them_under_one_button(database_url):
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, "sv-SE")
        await anna.say("start steg 3")
        await anna.say("1")
        shown = toggles(anna.received[-1])
        assert list(shown) == ["Vad betyder orden?"]
        assert all(explanation(key, "sv") in shown["Vad betyder orden?"] for key in MODEL.row("3.S.2").terms)


async def test_a_quick_check_item_explains_its_words(database_url):
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, "en-US")
        for typed in ("quick check", "School meals 2027", "1", "2 million", "15 March"):
            await anna.say(typed)
        found = {}
        for _ in range(15):
            found.update(toggles(anna.received[-1]))
            if "What does KPI mean?" in found:
                break
            await anna.say("yes")
        assert explanation("kpi", "en") in found["What does KPI mean?"]


@pytest.mark.parametrize("locale, typed", [("sv-SE", "bilaga 1"), ("en-US", "annex 1")])
async def test_annex_1_lists_the_indicators_by_target_area_and_what_applies_outside_dalarna(database_url, locale,
                                                                                         typed):
    lang, annex = locale[:2], MODEL.annexes.annex1
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say(typed)
        assert annex.title(lang) in reply and annex.outside_dalarna(lang) in reply
        positions = [reply.index(area.name(lang)) for area in annex.areas]
        assert positions == sorted(positions)
        for area, start, end in zip(annex.areas, positions, positions[1:] + [len(reply)]):
            assert all(f"- {indicator(lang)}" in reply[start:end] for indicator in area.indicators), area.key
        assert [title for title, _ in buttons(anna.received[-1])] == ["Bilaga 2" if lang == "sv" else "Annex 2"]


@pytest.mark.parametrize("locale, typed, line", [
    ("sv-SE", "bilaga 2", "Andel upphandlingar med miljökrav – mål: Minst 98 % av alla upphandlingar."),
    ("en-US", "annex 2", "Share of procurements with environmental requirements – target: At least 98 %"),
])
async def test_annex_2_lists_the_boards_indicators_with_their_targets(database_url, locale, typed, line):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say(typed)
        assert line in reply
        assert all(indicator.name(lang) in reply for indicator in MODEL.annexes.annex2.indicators)
        reply = await anna.say("bilaga")
        assert [title for title, _ in buttons(anna.received[-1])] == (
            ["Bilaga 1", "Bilaga 2"] if lang == "sv" else ["Annex 1", "Annex 2"])


@pytest.mark.parametrize("locale, show", [("sv-SE", "Visa indikatorerna"), ("en-US", "Show the indicators")])
async def test_the_question_on_the_regional_strategy_unfolds_annex_1(database_url, locale, show):
    lang, annex = locale[:2], MODEL.annexes.annex1
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say("start steg 3")
        assert MODEL.row("3.S.1").question(lang) in reply
        unfolded = toggles(anna.received[-1])[show]
        assert annex.outside_dalarna(lang) in unfolded
        assert all(area.name(lang) in unfolded for area in annex.areas)
        assert annex.areas[1].indicators[4](lang) in unfolded


async def test_the_quick_checks_regional_item_unfolds_annex_1(database_url):
    item = load_checks(MODEL).item("regional")
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, "sv-SE")
        for typed in ("snabbkoll", "Skolmat 2027", "1", "2 miljoner", "15 mars"):
            await anna.say(typed)
        for _ in range(15):
            if item.question("sv") in anna.received[-1].text:
                break
            await anna.say("ja")
        unfolded = toggles(anna.received[-1])["Visa indikatorerna"]
        assert MODEL.annexes.annex1.outside_dalarna("sv") in unfolded


PRINCIPLES = {"sv": ["Likabehandling", "Icke-diskriminering", "Proportionalitet", "Öppenhet", "Ömsesidigt erkännande"],
              "en": ["Equal treatment", "Non-discrimination", "Proportionality", "Transparency", "Mutual recognition"]}


@pytest.mark.parametrize("locale, typed", [("sv-SE", "beredskap"), ("en-US", "crisis")])
async def test_crisis_readiness_begins_with_the_principles_and_their_reasons(database_url, locale, typed):
    lang, guide = locale[:2], load_checks(MODEL).crisis_guide
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say(typed)
        intro, question = reply.split(MODEL.row("K.1").question(lang))[0], MODEL.row("K.1").question(lang)
        assert question in reply  # and the assessment goes on as before
        assert guide.intro(lang) in intro
        assert all(f"\n{name}\n" in intro for name in PRINCIPLES[lang]), intro
        reasons = [reason(lang) for principle in guide.principles for reason in principle.reasons]
        assert len(reasons) == 4 and all(reason in intro for reason in reasons)
        assert ("vite" if lang == "sv" else "penalties") in intro


async def test_a_crisis_prompt_names_the_model_row_it_belongs_to(database_url):
    content = load_checks(MODEL)
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, "sv-SE")
        for typed in ("snabbkoll", "Larmcentral 2027", "1", "2 miljoner", "15 mars"):
            await anna.say(typed)
        seen = []
        for _ in range(30):
            shown = anna.received[-1].text
            for item in content.checks + content.crisis_prompts:
                if item.question("sv") in shown:
                    row = MODEL.row(item.row)
                    assert f"· {row.key} {row.topic('sv')}" in shown.splitlines()[0]
                    seen.append(item.kind)
            await anna.say("ja")
        assert "crisis" in seen and "check" in seen


@pytest.mark.parametrize("locale, typed, titles", [
    ("sv-SE", "om modellen", ["Om modellen", "De fyra perspektiven", "Så gör ni en analys"]),
    ("en-US", "about the model", ["About the model", "The four perspectives", "How to run an analysis"]),
])
async def test_about_the_model_explains_its_parts_and_how_to_run_an_analysis(database_url, locale, typed, titles):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        before = len(anna.received)
        reply = await anna.say(typed)
        cards = anna.received[before:]
        assert [card.text.splitlines()[0] for card in cards] == titles
        for part in (*MODEL.steps, *MODEL.perspectives, *MODEL.levels):
            assert f"{part.name(lang)}:** {part.about(lang)}" in reply
        for section in MODEL.guide:  # supports-not-binds, who takes part, scope, ends in a plan
            assert section.title(lang) in reply and section.text(lang) in reply
        assert [title for title, _ in buttons(cards[-1])] == [
            "Starta en bedömning" if lang == "sv" else "Start an assessment"]


@pytest.mark.parametrize("locale, offer, button", [
    ("sv-SE", "Första gången?", "Om modellen"), ("en-US", "First time?", "About the model")])
async def test_the_first_assessment_offers_the_guide_once(database_url, locale, offer, button):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        reply = await anna.say("start")
        assert offer in reply and MODEL.guide[0].text(lang) not in reply  # offered, not forced
        reply = await anna.click(button)
        assert MODEL.guide[0].text(lang) in reply
        assert ("Vad vill ni gå igenom?" if lang == "sv" else "What would you like to go through?") in reply
        await anna.say("2")
        await anna.say("1")
        await anna.say("paus")
        assert offer not in await anna.say("start")
