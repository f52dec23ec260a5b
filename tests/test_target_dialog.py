"""Targets per part of the model over HTTP, in Swedish and English: an administrator sets one for a step,
status shows it beside the level, and a target reached asks what keeps the organisation there, saved as
a plan item of its own kind."""
from __future__ import annotations

import pytest

from model import load_model
from tests.teams import TeamsUser, teams

MODEL = load_model()
WORDS = {
    "sv": dict(set="mål steg 1 nivå 1", perspective="mål styrning nivå 3",
               confirm="Mål för steg 1 Strategisk inriktning", start="start steg 1", status="status",
               beside="★★ Mycket tillfredsställande · mål ★ Tillfredsställande",
               reached="Ni har nått målet för steg 1 Strategisk inriktning", write="Skriv in i planen",
               later="Inte nu", me="jag", due="15 april", plan="plan",
               kept="Stanna kvar (steg 1 Strategisk inriktning)",
               perspective_beside="mål ★★★ Excellent", remove="mål steg 1 ingen", removed="är borttaget",
               how="mål blabla", how_said="Vilken del gäller målet?", saved="Sparat som åtgärd 1"),
    "en": dict(set="target step 1 level 1", perspective="target governance level 3",
               confirm="Target for step 1 Strategic direction", start="start step 1", status="status",
               beside="★★ Very satisfactory · target ★ Satisfactory",
               reached="You have reached the target for step 1 Strategic direction", write="Add to the plan",
               later="Not now", me="me", due="15 April", plan="plan", kept="Stay there (step 1 Strategic direction)",
               perspective_beside="target ★★★ Excellent", remove="target step 1 none", removed="is removed",
               how="target blabla", how_said="Which part is the target for?", saved="Saved as action 1"),
}


async def member(client, connector, locale: str, user_id: str = "anna") -> TeamsUser:
    anna = TeamsUser(client, connector, user_id=user_id, locale=locale)
    for text in ("hej", "Falu kommun", "1"):
        await anna.say(text)
    return anna


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_a_step_target_shows_beside_the_level_and_reaching_it_asks_what_keeps_you_there(database_url, locale):
    lang = locale[:2]
    said = WORDS[lang]
    stay = MODEL.plan_questions.stay(lang)
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        assert said["how_said"] in await anna.say(said["how"])
        await anna.say("avbryt")
        assert said["confirm"] in await anna.say(said["set"])
        assert said["perspective_beside"] not in await anna.say(said["status"])
        await anna.say(said["perspective"])
        await anna.say(said["start"])
        for _ in MODEL.rows[:len([r for r in MODEL.rows if r.step == "1"]) - 1]:
            await anna.say("2")
        reply = await anna.say("2")  # the last row of step 1: the result, then the target reached
        assert said["beside"] in reply and said["perspective_beside"] in reply
        assert said["reached"] in reply and stay in reply
        await anna.click(said["write"])
        await anna.say("Följ upp målen varje år i nämnden")
        await anna.say(said["me"])
        assert said["saved"] in await anna.say(said["due"])
        assert f"{said['kept']}: Följ upp målen varje år i nämnden" in await anna.say(said["plan"])
        # Asked once: the target stays reached, and the plan already says how to stay there.
        await anna.say("avbryt")
        assert ("Ni har redan svarat" if lang == "sv" else "already answered") in await anna.say(said["start"])
        await anna.say("2")  # all of them again
        for _ in range(11):
            reply = await anna.say("2")
        reply += await anna.say("2")
        assert said["beside"] in reply and stay not in reply
        await anna.say("4")  # no overall target now
        assert said["removed"] in await anna.say(said["remove"])
        assert said["beside"] not in await anna.say(said["status"])


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_not_now_saves_nothing_and_only_administrators_set_targets(database_url, locale):
    lang = locale[:2]
    said = WORDS[lang]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        await anna.say(said["start"])
        for _ in range(12):
            await anna.say("2")
        await anna.say("3" if lang == "sv" else "3")  # the overall target asked once after the first result
        reply = await anna.say(said["set"])  # already reached: asked at once
        assert MODEL.plan_questions.stay(lang) in reply
        await anna.click(said["later"])
        assert said["kept"] not in await anna.say(said["plan"])


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_only_an_administrator_sets_a_target(database_url, locale):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = TeamsUser(client, connector, conversation_id="group-1", conversation_type="groupChat", locale=locale)
        for text in ("hej", "Falu kommun", "1"):
            await anna.say(text)
        per = TeamsUser(client, connector, user_id="per", name="Per", conversation_id="group-1",
                        conversation_type="groupChat", locale=locale)
        reply = await per.say(WORDS[lang]["set"])
        assert ("administratör" if lang == "sv" else "administrator") in reply
        assert WORDS[lang]["confirm"] not in reply
        assert "mål ★" not in await per.say("status") and "target ★" not in await per.say("status")


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
async def test_the_whole_models_target_in_settings_keeps_the_step_targets(database_url, locale):
    lang = locale[:2]
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        await anna.say(WORDS[lang]["set"])
        await anna.say("inställningar")
        await anna.say("1")
        await anna.say("3")  # ★★★ for the whole model
        reply = await anna.say("status")
        assert ("mål ★ Tillfredsställande" if lang == "sv" else "target ★ Satisfactory") in reply  # step 1
        assert ("mål ★★★ Excellent" if lang == "sv" else "target ★★★ Excellent") in reply  # the others


@pytest.mark.parametrize("locale, part, level, confirm", [
    ("sv-SE", "Steg 3: Upphandlingsmässiga överväganden", "★★ Mycket tillfredsställande",
     "Mål för steg 3 Upphandlingsmässiga överväganden: ★★ Mycket tillfredsställande"),
    ("en-US", "Step 3: Procurement considerations", "★★ Very satisfactory",
     "Target for step 3 Procurement considerations: ★★ Very satisfactory"),
])
async def test_a_target_is_set_with_buttons_too(database_url, locale, part, level, confirm):
    async with teams(database_url) as (client, connector):
        anna = await member(client, connector, locale)
        await anna.say("meny")
        await anna.click("Sätt mål" if locale == "sv-SE" else "Set a target")
        await anna.click(part)
        assert confirm in await anna.click(level)
        beside = "mål ★★ Mycket tillfredsställande" if locale == "sv-SE" else "target ★★ Very satisfactory"
        assert (await anna.say("status")).count(beside) == 1  # step 3 only
