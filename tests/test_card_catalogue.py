"""Every card the bot sends, in Swedish and English, from realistic data, against what Teams accepts.

The cards are collected by driving real conversations through every feature (tests/conversation.py),
so the catalogue follows the bot as its dialogs change. Each card must pass the Adaptive Cards 1.5
JSON schema (tests/schemas) and Teams' rules: version at most 1.5, at most six actions in an action
set (Teams moves the rest into a "…" menu), and a message under 28 KB. What people typed (names,
comments, plan items with Markdown in them) must show as typed wherever the bot repeats it.
"""
from __future__ import annotations

import ast
import cProfile
import json
import pstats
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import pytest_asyncio
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, ConversationReference
from jsonschema import Draft6Validator
from jsonschema.exceptions import ValidationError, best_match

from bot.adapter import create_adapter, serialise_reply
from bot.cards import card_activity
from storage import Database
from services.plan import ActionPlan, Owner, Speaker
from bot.reminders.scheduler import NudgeScheduler
from bot.runtime import build_bot
from bot.settings import Settings
from texts import Texts
from model import load_model
from tests.conversation import Chat, FakeClock
from tests.fake_connector import ConnectorChat, FakeConnector, member

MODEL = load_model()
ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "adaptive-card-1.5.json").read_text(encoding="utf-8"))
CARD = "application/vnd.microsoft.card.adaptive"
MAX_ACTIONS = 6  # Teams shows six buttons in a row and hides the rest behind "…"
MAX_MESSAGE_BYTES = 28 * 1024
# What Teams reads from a card's "msteams" property; the Adaptive Cards schema itself knows no such property.
TEAMS_CARD_PROPERTIES = {"entities", "width"}
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # a Tuesday morning

# What people type, at its most awkward: long, with Markdown and HTML that must show as typed.
MARKUP = "[Klicka här](http://x) **Fet** <b>x</b>"
ORGANISATION = f"Upphandlingsförbundet Södra Dalarnas kommuner {MARKUP}"  # 100 characters at most
COLLEAGUE = "Maria-Kristina Andersson Lindqvist **Fet** <b>x</b>"
COMMENT = (f"{MARKUP} Beslutat i kommunfullmäktige 2024-03-12, § 45. " * 20)[:500]
PROCUREMENT = f"Skolmåltider och livsmedel för förskolor, skolor och äldreboenden 2027–2031 {MARKUP}"
UNIT = f"Socialförvaltningen Vård och omsorg {MARKUP}"  # 80 characters at most
PLAN_ITEM = f"Ta fram en inköpsanalys för hela organisationen och förankra den i ledningsgruppen {MARKUP}"


@dataclass(frozen=True)
class Sent:
    where: str  # the locale, the tour and what was said just before
    activity: dict


@dataclass
class Catalogue:
    locale: str
    cards: list[Sent] = field(default_factory=list)
    messages: list[Sent] = field(default_factory=list)  # every message, with or without a card
    builders: set[str] = field(default_factory=set)  # "module.function" of each code that built a card
    wire: list[tuple[str, dict, dict]] = field(default_factory=list)  # msrest's JSON and ours, per message

    def add(self, where: str, activities: list[Activity]) -> None:
        for activity in activities:
            sent = Sent(f"{self.locale} · {where}", activity.serialize())
            self.wire.append((sent.where, sent.activity, serialise_reply(activity)))
            self.messages.append(sent)
            if any(a.get("contentType") == CARD for a in sent.activity.get("attachments") or []):
                self.cards.append(sent)


class Tour:
    """One person's conversation whose every reply goes into the catalogue. `sv`/`en` is a checkpoint the
    reply must contain, so a tour that no longer gets where it meant to fails instead of missing cards."""

    def __init__(self, catalogue: Catalogue, tour: str, bot, **chat) -> None:
        self.catalogue, self.name = catalogue, tour
        self.english = catalogue.locale.startswith("en")
        self.chat = Chat(bot, locale=catalogue.locale, **chat)

    async def say(self, text: str | None = None, value: dict | None = None, sv: str = "", en: str = "") -> str:
        reply = await self.chat.say(text, value)
        return self._keep(reply, f"{text!r}" if text is not None else f"submit {value}", sv, en)

    async def click(self, sv_title: str, en_title: str, sv: str = "", en: str = "", **inputs: str) -> str:
        title = en_title if self.english else sv_title
        return self._keep(await self.chat.click(title, **inputs), f"click {title!r}", sv, en)

    def _keep(self, reply: str, said: str, sv: str, en: str) -> str:
        self.catalogue.add(f"{self.name} · after {said[:60]}", self.chat.replies)
        wanted = en if self.english else sv
        assert wanted in reply, f"{self.catalogue.locale} {self.name}: after {said[:60]} expected {wanted!r}, got:\n{reply}"
        return reply


LOCALES = ["sv-SE", "en-US"]


# The tours run once per language for all the tests of this module, in the module's event loop.
in_module_loop = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(params=LOCALES, scope="module", loop_scope="module")
async def catalogue(request, tmp_path_factory) -> Catalogue:
    catalogue = Catalogue(request.param)
    database = await Database.open(f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('catalogue')}/bot.sqlite3")
    profile = cProfile.Profile()  # in C, so the tours run about as fast as without it
    profile.enable()
    try:
        bot = build_bot(MODEL, database, clock=FakeClock(NOW))
        for tour in (first_contact_and_assessment, guidance, quick_checks, preparedness, action_plan,
                     reminders_and_report, members_settings_and_organisations, collaboration, units, privacy,
                     workshop):
            await tour(catalogue, bot)
        await owner_from_a_group_chat(catalogue, bot, database)
        await nudges(catalogue, database)
    finally:
        profile.disable()
        await database.close()
    catalogue.builders = callers_of_card_activity(profile)
    return catalogue


def callers_of_card_activity(profile: cProfile.Profile) -> set[str]:
    """"module.function" of every function that called card_activity, the one constructor of every card."""
    stats = pstats.Stats(profile).stats
    [callers] = [entry[4] for (file, _, name), entry in stats.items()
                 if name == "card_activity" and file == card_activity.__code__.co_filename]
    return {f"{'.'.join(Path(file).relative_to(ROOT).with_suffix('').parts)}.{name}" for file, _, name in callers}


def card_builders() -> set[str]:
    """Every function in bot/ and dialogs/ that calls card_activity, read from the source."""
    found = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("dialogs/**/*.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    isinstance(call, ast.Call) and getattr(call.func, "id", None) == "card_activity"
                    for call in ast.walk(function)):
                found.add(f"{module}.{function.name}")
    return found


async def first_contact_and_assessment(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "assessment", bot)
    await anna.say("hej", sv="Vad heter organisationen?", en="What is the organisation called?")
    await anna.say(ORGANISATION, sv="Vilken sorts organisation", en="What kind of organisation")
    await anna.say("1", sv="är skapad", en="is created")
    await anna.say("hjälp", sv="snabbkoll", en="quick check")
    await anna.say("meny")
    await anna.say("vad gör du egentligen", sv="Det förstod jag inte", en="I did not understand")
    await anna.say("start", sv="Första gången?", en="First time?")
    await anna.say("1", sv="fråga 1 av 35", en="question 1 of 35")
    await anna.say(f"2 {COMMENT}", sv="fråga 2 av 35", en="question 2 of 35")
    await anna.say(f"ej relevant: {COMMENT}", sv="fråga 3 av 35", en="question 3 of 35")
    await anna.say("hoppa över", sv="fråga 4 av 35", en="question 4 of 35")
    await anna.click("Inget av detta ännu", "None of this yet", sv="fråga 5 av 35", en="question 5 of 35",
                     comment=COMMENT)
    await anna.say("tillbaka", sv="fråga 4 av 35", en="question 4 of 35")
    await anna.say("3", sv="fråga 5 av 35", en="question 5 of 35")
    await anna.say("kanske")
    await anna.say("2 " + "x" * 501)
    await anna.say("status", sv="fråga 5 av 35", en="question 5 of 35")
    await anna.say("hjälp")
    await anna.say("paus")
    await anna.say("fortsätt", sv="fråga 3 av 35", en="question 3 of 35")  # the first unanswered
    for level in ["1", "2", "3", "0", "2", "1", "2"]:
        await anna.say(level)
    await anna.say("paus")
    # The rest of step 1, to its result and the target question; then step 1 again from the start.
    await anna.say("start", sv="Vad vill ni gå igenom?", en="What would you like to go through?")
    await anna.say("2", sv="Ni har redan svarat", en="already answered")
    await anna.say("1")
    await anna.say("2")
    await anna.say("2", sv="Var vill ni vara?", en="Where do you want to be?")
    await anna.say("3", sv="Ert mål", en="Your target")
    await anna.say("start steg 1", sv="Ni har redan svarat", en="already answered")
    await anna.say("2", sv="fråga 1 av 12", en="question 1 of 12")
    await anna.say("1")
    await anna.say("paus")
    await anna.say("status", sv="Resultat för", en="Result for")


async def guidance(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "guidance", bot)
    await anna.say("förklara kategoristyrning", sv="Ett arbetssätt där", en="A way of working where")
    await anna.say("vad är DIS?", sv="Ett upphandlat inköpssystem", en="A procured purchasing system")
    await anna.say("förklara blomkål", sv="ingen förklaring", en="no explanation")
    await anna.say("bilaga", sv="Vilken bilaga", en="Which annex")
    await anna.say("bilaga 1", sv="Utanför Dalarna", en="Outside Dalarna")
    await anna.say("bilaga 2", sv="mål: Minst 98 %", en="target: At least 98 %")
    await anna.say("om modellen", sv="Vilka som bör vara med", en="Who should take part")
    await anna.say("mål", sv="Vilken del gäller målet?", en="Which part is the target for?")
    await anna.click("Perspektiv: Styrning", "Perspective: Governance", sv="Vilken nivå", en="Which level")
    await anna.say("2", sv="Mål för perspektivet Styrning", en="Target for the Governance perspective")
    await anna.say("mål steg 2 nivå 1", sv="Mål för steg 2", en="Target for step 2")
    await anna.say("status", sv="mål ★ Tillfredsställande", en="target ★ Satisfactory")
    await anna.say("mål steg 2 ingen", sv="borttaget", en="removed")
    await anna.say("start steg 3", sv="Vad betyder Dalastrategin 2030?", en="What does Dalarna Strategy 2030 mean?")
    await anna.say("förklara spjutspetskrav", sv="Vad betyder Dalastrategin 2030?", en="What does")
    await anna.say("1", sv="Vad betyder orden?", en="What do the words mean?")
    await anna.say("paus")


async def quick_checks(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "quick check", bot)
    await anna.say("snabbkoll", sv="Vad ska ni upphandla?", en="What are you about to procure?")
    await anna.say(PROCUREMENT)
    await anna.say("1")
    await anna.say("2 miljoner")
    await anna.say("15 mars", sv="fråga 1 av 14", en="question 1 of 14")
    for answer in ["nej", "delvis", ("Delvis", "Partly"), "ej relevant"] + ["ja"] * 10:
        await (anna.click(*answer) if isinstance(answer, tuple) else anna.say(answer))
    await anna.say("ja", sv="Krisberedskap", en="risis")
    for answer in ["ja", "ja", "nej", "ja", "vet inte", "ja", "ja", "ja", "ja", "ja", "ja"]:
        await anna.say(answer)
    await anna.say("1")
    await anna.say("8")
    await anna.say("snabbkoll")
    await anna.say("Ny förskola i Hedemora")
    await anna.say("12")  # no such category: asked again
    await anna.say("2", sv="Ungefär hur mycket", en="Roughly what")
    await anna.say("hoppa över")
    await anna.say("hoppa över", sv="fråga 1 av", en="question 1 of")
    for _ in range(3):
        await anna.say("ja")
    await anna.say("paus")
    await anna.say("mina snabbkoller", sv="Ny förskola", en="Ny förskola")
    await anna.say("2", sv="Checklista", en="Checklist")
    await anna.say("1")
    await anna.say("nej")
    await anna.click("Klar", "Done", sv="Klart:", en="Done:")


async def preparedness(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "preparedness", bot)
    await anna.say("beredskap", sv="Kris och beredskap", en="Crisis and preparedness")
    await anna.say("2")
    await anna.say("1")
    await anna.say("4")
    await anna.say("ja")
    await anna.say("nej")
    await anna.click("Nej", "No")
    await anna.say("beredskap", sv="Ni har redan svarat", en="already answered")
    await anna.say("1")


async def action_plan(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "plan", bot)
    await anna.say("plan", sv="Handlingsplan för", en="Action plan for")
    await anna.say("1", sv="Ändra texten", en="hange the text")
    await anna.click("Nästa", "Next", sv="Vem är ansvarig?", en="Who is responsible?", what=PLAN_ITEM)
    await anna.say("jag", sv="När ska det vara klart?", en="When should it be done?")
    await anna.say("15 april", sv="Sparat som åtgärd 1", en="Saved as action 1")
    await anna.say(value={"command": "plan", "action": "add"})
    await anna.say(PLAN_ITEM)
    await anna.say(COLLEAGUE)
    await anna.say("2027-06-30", sv="Sparat som åtgärd 2", en="Saved as action 2")
    await anna.say("plan", sv="Handlingsplan för", en="Action plan for")
    await anna.say("skjut upp 1", sv="Till när", en="ntil when")
    await anna.say("14 maj")
    await anna.say("plan ny ansvarig 2")
    await anna.say("Dan Ask")
    await anna.say("plan ta bort 2")
    await anna.say("1")
    await anna.say("plan klar 1")
    await anna.say("1")
    await anna.say("plan klarhet")


async def reminders_and_report(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "reminders", bot)
    await anna.say("pausa påminnelser till 1 april")
    await anna.say("stoppa påminnelser")
    await anna.say("starta påminnelser")
    await anna.say("rapport", sv="/report/", en="/report/")
    await anna.say("rapport jämför")
    await anna.say("1")
    group = Tour(catalogue, "reminders in a group chat", bot, conversation_id="group-1", conversation_type="groupChat")
    await group.say("hej")
    await group.say("Falu kommun")
    await group.say("1")
    await group.say("pausa påminnelser")
    await group.say("2")
    await group.say("5 mars")


async def members_settings_and_organisations(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "members", bot)
    reply = await anna.say("medlemmar bjud in")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", reply).group(0)
    colleague = Tour(catalogue, "join", bot, user_id="maria", name=COLLEAGUE)
    await colleague.say("hej")
    await colleague.say("gå med")
    await colleague.say(code)
    await colleague.say("medlemmar")
    await colleague.say("inställningar")
    await anna.say("medlemmar", sv="Medlemmar i", en="Members of")
    await anna.say("inställningar")
    await anna.say("1")
    await anna.say("2")
    await anna.say("inställningar")
    await anna.say("2")
    await anna.say("8.30-15")
    await anna.say("inställningar")
    await anna.say("3")
    await anna.click("Var 6:e månad", "Every 6 months")
    await anna.say("medlemmar ta bort Maria-Kristina")
    await anna.say("byt organisation")
    await anna.say("2")
    await anna.say("Falu kommun")
    await anna.say("2")
    await anna.say("byt organisation")
    await anna.say("1")
    await anna.say("språk")
    await anna.say("språk")


async def collaboration(catalogue: Catalogue, bot) -> None:
    """A board across two tenants: created, joined after its consent card, shown, details shared after their
    card and stopped, listed, left after its card."""
    lisa = Tour(catalogue, "collaboration", bot, user_id="lisa", name=COLLEAGUE)
    await lisa.say("hej")
    await lisa.say("Samverkande kommun")
    await lisa.say("1")
    await lisa.say(f"samverkan ny Upphandlingscenter {MARKUP}", sv="är skapad", en="is created")
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", await lisa.say("samverkan bjud in")).group(0)
    tina = Tour(catalogue, "collaboration in another tenant", bot, user_id="tina", name="Tina Ek",
                tenant_id="tenant-b")
    await tina.say("hej")
    await tina.say(ORGANISATION)
    await tina.say("1")
    await tina.say(f"samverkan gå med {code}", sv="Det delas inte", en="Not shared")
    await tina.click("Gå med och dela", "Join and share", sv="är nu med", en="is now in")
    await tina.say("samverkan", sv="Samverkan:", en="Collaboration:")
    await tina.say("samverkan dela detaljer", sv="kommentaren och namnet", en="the comment and the name")
    await tina.click("Dela detaljer", "Share details", sv="delar nu detaljer", en="now shares details")
    await tina.say("samverkan", sv="delar detaljer i rapporten", en="shares details in the report")
    await tina.say("samverkan sluta dela detaljer", sv="delar inte längre", en="no longer shares")
    await lisa.say("samverkan medlemmar", sv="Vad som har hänt", en="What has happened")
    await lisa.say("samverkan rapport", sv="/samverkan/", en="/samverkan/")
    await tina.say("samverkan lämna", sv="Ska ", en="Should ")
    await tina.click("Lämna", "Leave", sv="inte längre med", en="no longer in")


async def units(catalogue: Catalogue, bot) -> None:
    anna = Tour(catalogue, "units", bot)
    await anna.say("enheter", sv="inga enheter", en="no units")
    await anna.say(f"ny enhet {UNIT}", sv="Nu finns enheten", en="now has the unit")
    await anna.say("ny enhet Kultur och fritid")
    await anna.say("enheter", sv="Enheter i", en="Units of")
    await anna.say("start", sv="Vem gäller bedömningen?", en="Who is the assessment for?")
    await anna.click(UNIT, UNIT, sv="Vad vill ni gå igenom?", en="What would you like to go through?")
    await anna.say("10", sv="fråga 1 av 2", en="question 1 of 2")  # crisis readiness
    await anna.say("2")
    await anna.say("1", sv="Resultat för Socialförvaltningen", en="Result for Socialförvaltningen")
    await anna.say("status", sv="Enheter", en="Units")
    await anna.say(f"plan enhet {UNIT}", sv="Handlingsplan för Socialförvaltningen",
                   en="Action plan for Socialförvaltningen")
    await anna.click("Lägg till i planen", "Add to the plan", sv="Så här lyder steget", en="This is the step")
    await anna.click("Nästa", "Next", what=PLAN_ITEM)
    await anna.say("jag")
    saved = await anna.say("2027-04-30", sv="för Socialförvaltningen", en="for Socialförvaltningen")
    number = re.search(r"(?:åtgärd|action) (\d+)", saved).group(1)
    await anna.say("plan", sv="(Socialförvaltningen", en="(Socialförvaltningen")
    await anna.say(f"klar {number}", sv="Svara på den igen för", en="Answer it again for")
    await anna.say("1")
    await anna.say("status enhet kultur och fritid", sv="Resultat för Kultur och fritid", en="Result for Kultur")
    await anna.say("ta bort enhet kultur och fritid", sv="Ta bort Kultur", en="Remove Kultur")
    await anna.say("1", sv="är borttagen", en="is removed")
    for number in range(6):
        await anna.say(f"ny enhet Enhet {number}")
    await anna.say("enheter", sv="start enhet", en="start unit")
    await anna.say("start", sv="Falu kommun som helhet", en="Falu kommun as a whole")


async def privacy(catalogue: Catalogue, bot) -> None:
    per = Tour(catalogue, "privacy", bot, user_id="per", name=f"Per Persson {MARKUP}")
    await per.say("hej")
    await per.say("Testbolaget **Fet** <b>x</b>")
    await per.say("3")
    await per.say("radera organisation", sv="Det här raderar", en="This deletes")
    await per.say("radera organisation fel namn", sv="Namnet stämmer inte", en="does not match")
    await per.say("glöm mig", sv="Om jag glömmer dig", en="If I forget you")
    await per.click("Ja, glöm mig", "Yes, forget me", sv="Jag har glömt dig", en="I have forgotten you")


async def workshop(catalogue: Catalogue, bot) -> None:
    """A workshop in a channel: the role, the scope, whether names show, then a shared question card as it
    counts, reveals the spread and is agreed, and what the workshop found; then one for a unit, chosen on a card."""
    wilma = Tour(catalogue, "workshop", bot, user_id="wilma", name=f"Wilma {MARKUP}", tenant_id="tenant-w",
                 conversation_id="team-w", conversation_type="channel")
    await wilma.say("hej")
    await wilma.say("Workshopkommun")
    await wilma.say("1")
    await wilma.say("workshop", sv="vilken roll har du", en="what is your role")
    await wilma.click("Politiker", "Politician", sv="Din roll: Politiker", en="Your role: Politician")
    await wilma.say("2", sv="Ska namnen synas", en="Should names show")
    await wilma.click("Ja, visa namnen", "Yes, show names", sv="fråga 1 av 12", en="question 1 of 12")
    await wilma.click("Nivå 1", "Level 1", sv="1 av 1 har svarat", en="1 of 1 have answered")
    await wilma.click("Visa svaren", "Show answers", sv="Svaren (1)", en="The answers (1)")
    await wilma.click("Nivå 1", "Level 1", sv="fråga 2 av 12", en="question 2 of 12")
    await wilma.say("avsluta workshop", sv="Vad workshopen visade", en="What the workshop showed")
    await wilma.say(f"ny enhet {UNIT}", sv="Nu finns enheten", en="now has the unit")
    await wilma.say("workshop", sv="Vem gäller workshopen?", en="Who is the workshop for?")
    await wilma.click(UNIT, UNIT, sv="Vad ska ni bedöma", en="What will you assess")
    await wilma.say("10", sv="Ska namnen synas", en="Should names show")
    await wilma.click("Nej, bara antal och roller", "No, only counts and roles",
                      sv="Workshop · Socialförvaltningen Vård", en="Workshop · Socialförvaltningen Vård")
    await wilma.click("Nivå 2", "Level 2", sv="1 av 1 har svarat", en="1 of 1 have answered")
    await wilma.click("Visa svaren", "Show answers", sv="Svaren (1)", en="The answers (1)")
    await wilma.click("Nivå 2", "Level 2", sv="fråga 2 av 2", en="question 2 of 2")
    await wilma.say("avsluta workshop", sv="Vad workshopen visade för Socialförvaltningen",
                    en="What the workshop showed for Socialförvaltningen")


async def owner_from_a_group_chat(catalogue: Catalogue, bot, database: Database) -> None:
    """In a group chat an item's owner is picked from the chat's members (read from the Bot Connector)."""
    async with FakeConnector() as connector:
        connector.members["group-2"] = [member(f"u{n}", f"{COLLEAGUE} {n}") for n in range(1, 8)]
        chat = ConnectorChat(bot, create_adapter(Settings()), connector, "group-2", locale=catalogue.locale)
        more = "More people" if catalogue.locale.startswith("en") else "Fler personer"
        steps = [("hej", None), ("1", None), (None, {"command": "plan", "action": "add"}),
                 (PLAN_ITEM, None), (None, more), (None, f"{COLLEAGUE} 7"), ("30 april", None)]
        for text, value in steps:
            before = len(connector.to("group-2"))
            await (chat.click(value) if isinstance(value, str) else chat.say(text, value))
            catalogue.add(f"plan in a group chat · after {text or value}",
                          [Activity().deserialize(r.activity) for r in connector.to("group-2")[before:]])
    [falun] = [o for o in await database.organisations.list("tenant-a") if o.name == "Falu kommun"]
    owners = [(item.owner_id, item.due_on) for item in await database.action_items.list(falun.id)
              if item.unit_id is None]  # the units tour adds one of a unit's
    assert owners == [("u7", date(2027, 4, 30))], "the group chat tour went astray"


async def nudges(catalogue: Catalogue, database: Database) -> None:
    """The reminders the bot sends on its own, through a local Bot Connector: the conversations of the
    tours are pointed at it, and a team gets an item whose owner is @mentioned."""
    lang = catalogue.locale[:2]
    async with FakeConnector() as connector:
        for conversation, user in (("personal-anna", "anna"), ("personal-maria", "maria"), ("group-1", None),
                                   ("group-2", None), ("team-1", None)):
            reference = ConversationReference(
                channel_id="msteams", service_url=connector.url, bot=ChannelAccount(id="bot"),
                user=ChannelAccount(id=user) if user else None,
                conversation=ConversationAccount(id=conversation, tenant_id="tenant-a",
                                                 conversation_type="personal" if user else "channel"))
            await database.conversation_references.remember("tenant-a", conversation, reference.serialize(), user,
                                                             lang, NOW)
        [organisation] = [o for o in await database.organisations.list("tenant-a") if MARKUP in o.name]
        await ActionPlan(database, MODEL, lambda: NOW).add(
            organisation.id, PLAN_ITEM, "1.S.1", Speaker("tenant-a", "anna", "Anna", "team-1", personal=False, lang=lang),
            Owner(COLLEAGUE, "maria"), date(2027, 3, 17))
        clock = FakeClock(NOW)
        scheduler = NudgeScheduler(database, create_adapter(Settings()), "", Texts.load(), clock=clock)
        for moment in ("2027-03-01", "2027-03-10", "2027-03-17", "2027-11-15", "2028-06-01"):
            clock.now = datetime.fromisoformat(f"{moment}T10:00+00:00")
            await scheduler.sweep()
        for received in connector.received:
            catalogue.add(f"nudge to {received.conversation_id}", [Activity().deserialize(received.activity)])
    kinds = {nudge.kind for nudge in await database.nudges.find(status="sent")}
    assert kinds == {"item_heads_up", "item_due", "follow_up", "reassessment"}, kinds


# The rules

def action_sets(card: dict) -> list[tuple[str, list[dict]]]:
    """Every set of actions in a card with its JSON path: the card's own, ActionSets in the body, and
    those of cards inside Action.ShowCard."""
    found: list[tuple[str, list[dict]]] = []

    def walk(element, path: str) -> None:
        if isinstance(element, dict):
            if element.get("type") in ("AdaptiveCard", "ActionSet") and "actions" in element:
                found.append((f"{path}.actions", element["actions"]))
            for key, value in element.items():
                walk(value, f"{path}.{key}")
        elif isinstance(element, list):
            for index, value in enumerate(element):
                walk(value, f"{path}[{index}]")

    walk(card, "$")
    return found


def version(card: dict) -> tuple[int, ...]:
    return tuple(int(part) for part in str(card.get("version", "0")).split("."))


def schema_problem(error: ValidationError) -> str:
    """The error of the element type the card meant: the schema lists every element type under anyOf
    and says only "not valid under any"; the branch whose `type` fits tells what is wrong."""
    while error.context:
        branches: dict[object, list[ValidationError]] = defaultdict(list)
        for candidate in error.context:
            branches[candidate.relative_schema_path[0]].append(candidate)
        fitting = [errors for errors in branches.values() if not any(list(e.relative_path) == ["type"] for e in errors)]
        if not fitting and isinstance(error.instance, dict) and "type" in error.instance:
            return f"{error.json_path}: unknown type {error.instance['type']!r}"
        error = best_match([e for errors in (fitting or branches.values()) for e in errors])
    return f"{error.json_path}: {error.message[:200]}"


def problems_of(sent: Sent, validator: Draft6Validator) -> list[str]:
    problems = []
    size = len(json.dumps(sent.activity, ensure_ascii=False).encode("utf-8"))
    if size >= MAX_MESSAGE_BYTES:
        problems.append(f"message is {size} bytes, Teams takes under {MAX_MESSAGE_BYTES}")
    for attachment in sent.activity.get("attachments") or []:
        if attachment.get("contentType") != CARD:
            continue
        card = dict(attachment["content"])
        teams = card.pop("msteams", {})
        if set(teams) - TEAMS_CARD_PROPERTIES:
            problems.append(f"msteams has {sorted(set(teams) - TEAMS_CARD_PROPERTIES)}, which Teams does not read")
        if not (1, 0) <= version(card) <= (1, 5):
            problems.append(f"version {card.get('version')!r}: Teams renders up to 1.5")
        problems += [f"{path}: {len(actions)} actions, Teams shows {MAX_ACTIONS} "
                     f"({', '.join(a.get('title', '?') for a in actions)})"
                     for path, actions in action_sets(card) if len(actions) > MAX_ACTIONS]
        problems += [f"schema {schema_problem(error)}" for error in validator.iter_errors(card)]
    return problems


def title_of(sent: Sent) -> str:
    summary = sent.activity.get("summary") or sent.activity.get("text") or ""
    return summary.replace("\n", " ")[:70]


@in_module_loop
async def test_every_card_passes_the_adaptive_cards_schema_and_teams_rules(catalogue: Catalogue):
    validator = Draft6Validator(SCHEMA)
    found: dict[tuple[str, ...], list[Sent]] = defaultdict(list)  # the same problems → the cards with them
    for sent in catalogue.cards:
        if problems := problems_of(sent, validator):
            found[tuple(problems)].append(sent)
    report = [f'{len(cards)} card(s), first "{title_of(cards[0])}" ({cards[0].where}):\n    ' + "\n    ".join(problems)
              for problems, cards in found.items()]
    broken = sum(len(cards) for cards in found.values())
    assert report == [], f"{broken} of {len(catalogue.cards)} cards break a rule:\n" + "\n".join(report)


def rendered_texts(activity: dict) -> list[str]:
    """The texts Teams renders as Markdown: the message's text, and TextBlocks, TextRuns and facts in
    its cards (button titles and input values are shown as they are)."""
    texts = [activity.get("text") or ""]

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("TextBlock", "TextRun"):
                texts.append(node.get("text") or "")
            if node.get("type") == "FactSet":
                texts.extend(f"{fact.get('title', '')} {fact.get('value', '')}" for fact in node.get("facts", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([attachment.get("content") for attachment in activity.get("attachments") or []])
    return texts


@in_module_loop
async def test_what_people_type_is_shown_as_typed(catalogue: Catalogue):
    """A name or comment with Markdown in it must not turn into a link or bold text for everyone else."""
    live = ("**Fet**", "[Klicka här](http://x)")
    found: dict[str, list[str]] = defaultdict(list)
    for sent in catalogue.messages:
        for text in rendered_texts(sent.activity):
            text = re.sub(r"<at>.*?</at>", "", text)  # a mention shows the person, and must match its entity
            if any(markup in text for markup in live):
                found[text.replace("\n", " ")[:90]].append(sent.where)
    report = [f'"{text}" ({len(where)}×, first {where[0]})' for text, where in found.items()]
    assert report == [], f"{len(report)} texts render typed Markdown:\n" + "\n".join(report)


@in_module_loop
async def test_every_message_goes_on_the_wire_exactly_as_msrest_writes_it(catalogue: Catalogue):
    assert len(catalogue.wire) > 100
    for where, msrest, ours in catalogue.wire:
        assert json.dumps(ours) == json.dumps(msrest), where


@in_module_loop
async def test_the_catalogue_visits_every_kind_of_card(catalogue: Catalogue):
    """A new kind of card fails here until a tour above sends it."""
    builders = card_builders()
    assert len(builders) >= 10  # the source was read
    assert builders - catalogue.builders == set(), "cards the tours never sent"


def test_the_schema_is_read_offline_and_catches_a_broken_card():
    """The schema refers to nothing outside itself, and it does reject what Teams would not show."""
    assert "http" not in json.dumps([value for key, value in _refs(SCHEMA)])
    validator = Draft6Validator(SCHEMA)
    good = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hej", "wrap": True}]}
    assert list(validator.iter_errors(good)) == []
    broken = {**good, "body": [{"type": "TextBlock", "txt": "Hej"}]}
    assert [schema_problem(e) for e in validator.iter_errors(broken)] != []


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield key, value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)
