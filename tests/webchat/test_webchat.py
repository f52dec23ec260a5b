"""A new user in Bot Framework Web Chat (a real Adaptive Cards renderer in Chromium), through a local
Direct Line, to the real bot and its SQLite database. Run alone: `.venv/bin/python -m pytest -s tests/webchat`."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from botbuilder.schema import Activity

from bot.cards import card_buttons
from storage import Database
from model import load_model
from tests.chromium import needs_chromium
from tests.webchat.conftest import WebChat

pytestmark = needs_chromium
MODEL = load_model()
TENANT = "local"  # Web Chat names no Microsoft 365 tenant
ERROR = "Något gick fel"
WELCOME = "Hej! Jag hjälper er"
WIDTHS = {"phone-360": 360, "phone-480": 480, "desktop-1280": 1280}

# Finds what a person at 480 px would see as broken: an element whose content is wider than itself,
# and a word the renderer split over two lines (the letters of one word on different lines). An unfolded
# card (Action.ShowCard) is drawn into its parent's padding on purpose, its content where the parent's is:
# that bleed, its negative margin, is not an overflow.
LAYOUT_PROBLEMS = """card => {
  const problems = [];
  for (const element of card.querySelectorAll('*')) {
    const unfolded = [...element.querySelectorAll('.ac-adaptiveCard')];
    const bleed = Math.max(0, ...unfolded.map(inner => -parseFloat(inner.style.marginRight) || 0));
    if (element.scrollWidth > element.clientWidth + 1 + bleed) {
      problems.push(`overflows: "${element.innerText.slice(0, 40)}" (${element.scrollWidth} > ${element.clientWidth} px)`);
    }
  }
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[^\\s\\-–/]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) problems.push(`word broken over ${tops.size} lines: "${match[0]}"`);
    }
  }
  return problems;
}"""


# A TextBlock "2. Analys …" that Markdown turns into a list of its own shows as "1.": compares the number
# each numbered TextBlock of the card's JSON (`numbered`, in order) starts with to the one on screen.
WRONG_NUMBERS = """(card, texts) => {
  const blocks = [...card.querySelectorAll('.ac-textBlock')];
  if (blocks.length !== texts.length) return [`${blocks.length} text blocks on screen, ${texts.length} in the card`];
  const problems = [];
  texts.forEach((text, i) => {
    const wanted = /^(\\d+)\\. /.exec(text);
    if (!wanted) return;
    const list = blocks[i].querySelector('ol');
    const shown = list ? String(list.start || 1) : (/^(\\d+)\\./.exec(blocks[i].innerText) || [])[1];
    if (shown !== wanted[1]) problems.push(`"${text.slice(0, 40)}" shows as number ${shown}`);
  });
  return problems;
}"""


def text_blocks(node) -> list[str]:
    """The text of every TextBlock in a card, in the order they are rendered (an empty one is not)."""
    if isinstance(node, list):
        return [text for child in node for text in text_blocks(child)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "TextBlock" and node.get("text") else []
    return own + [text for key in ("body", "items", "columns") for text in text_blocks(node.get(key, []))]


async def organisation_id(database: Database) -> str:
    [organisation] = await database.organisations.list(TENANT)
    return organisation.id


async def answers(database: Database) -> dict[str, object]:
    current = await database.answers.current(await organisation_id(database))
    return {key: answer.value for key, answer in current.items()}


async def card_id(webchat: WebChat, containing: str) -> tuple[str, list[tuple[str, dict]]]:
    """The id of the activity whose card holds `containing`, and its buttons (title, submit data) as the page
    got them."""
    for activity in await webchat.user.activities():
        if any(containing in str(a.get("content")) for a in activity.get("attachments") or []):
            return activity["id"], card_buttons(Activity().deserialize(activity))
    raise AssertionError(f"no card with {containing!r}")


async def card_content(webchat: WebChat, containing: str) -> dict:
    """The newest card holding `containing`, as the page got it."""
    for activity in reversed(await webchat.user.activities()):
        for attachment in activity.get("attachments") or []:
            if containing in str(attachment.get("content")):
                return attachment["content"]
    raise AssertionError(f"no card with {containing!r}")


class Findings:
    """What a person would notice, collected over one long conversation and checked at its end, so one
    run shows every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def expect(self, holds: bool, problem: str) -> None:
        if not holds:
            self.problems.append(problem)


async def test_a_new_user_answers_by_clicking_and_every_click_means_what_was_clicked(webchat: WebChat, screenshots):
    user, database, findings = webchat.user, webchat.database, Findings()
    expect = findings.expect

    # First contact: welcomed once, then asked for the organisation.
    await user.type("hej")
    assert "Vad heter organisationen?" in "\n".join(await user.bot_texts())
    await user.type("Falu kommun")
    await user.click("Kommun")
    assert "Klart! Falu kommun är skapad" in "\n".join(await user.bot_texts())
    welcomes = sum(WELCOME in text for text in await user.bot_texts())
    expect(welcomes == 1, f"first contact: welcomed {welcomes} times")

    # Three answers by clicking, one with a comment.
    await user.click("Starta en bedömning")
    await user.click("Hela modellen (35 frågor)")
    first_card, first_buttons = await card_id(webchat, "fråga 1 av 35")
    await user.click("Nivå 2")
    await user.click("Nivå 1", comment="Beslutat i KF 2024, se **protokoll**")
    await user.click("Nivå 3")
    assert await answers(database) == {"1.S.1": 2, "1.S.2": 1, "1.S.3": 3}
    history = await database.answers.history(await organisation_id(database), "1.S.2")
    assert [(a.value, a.comment) for a in history] == [(1, "Beslutat i KF 2024, se **protokoll**")]
    assert "fråga 4 av 35" in (await user.bot_texts())[-1]

    # The first card is stale now: a click on it may change its own row, never the open question's.
    seen = len(await user.transcript())
    stale = user.cards("fråga 1 av 35").first
    if await stale.get_by_role("button", name="Ej relevant", exact=True).count():
        await user.click("Ej relevant", card=stale)
    else:  # answered cards were updated in place and have no buttons: send what the old card would
        [not_relevant] = [data for title, data in first_buttons if title == "Ej relevant"]
        await user.submit_from(first_card, not_relevant)
    after_stale = await answers(database)
    others = {key: value for key, value in after_stale.items() if key != "1.S.1"}
    expect(others == {"1.S.2": 1, "1.S.3": 3},
           f"stale click on question 1's card: answers of other questions became {others}")
    replies = "\n".join(await user.bot_texts(since=seen))
    expect(after_stale["1.S.1"] in (2, "na"), f"stale click: 1.S.1 became {after_stale['1.S.1']!r}")
    expect(after_stale["1.S.1"] == 2 or "Ändrat" in replies, "stale click changed 1.S.1 without saying Ändrat")
    expect(ERROR not in replies, f"stale click: {ERROR} shown")
    expect("fråga 4 av 35" in (await user.bot_texts())[-1], "stale click: the open question 4 is not shown again")

    # A double click on the open question records one answer and is answered once.
    seen = len(await user.transcript())
    number = int(re.search(r"fråga (\d+) av 35", (await user.bot_texts())[-1]).group(1))
    row, following = MODEL.rows[number - 1].key, MODEL.rows[number].key
    await user.click("Nivå 2", double=True)
    replies = "\n".join(await user.bot_texts(since=seen))
    recorded = [a.value for a in await database.answers.history(await organisation_id(database), row)]
    expect(recorded == [2], f"double click on question {number} ({row}): recorded {recorded}")
    expect(following not in await answers(database), f"double click: the second click answered {following}")
    expect(ERROR not in replies, f"double click: {ERROR} shown")
    shown = replies.count(f"fråga {number + 1} av 35")
    expect(shown == 1, f"double click: question {number + 1} shown {shown} times")

    # Status and plan, typed mid-assessment.
    seen = len(await user.transcript())
    await user.type("status")
    status = user.cards("Resultat för Falu kommun").last
    assert "Strategisk inriktning" in await status.inner_text()
    await screenshot(webchat, status, screenshots, "status")
    problems = await status.evaluate(LAYOUT_PROBLEMS)
    expect(problems == [], "status card at 480 px:\n  " + "\n  ".join(problems))
    status_card = await card_content(webchat, "Resultat för Falu kommun")
    numbers = await status.evaluate(WRONG_NUMBERS, text_blocks(status_card))
    expect(numbers == [], "status card numbering:\n  " + "\n  ".join(numbers))

    await user.type("plan")
    plan = user.cards("Handlingsplan för Falu kommun").last
    assert "Lägg till" in await plan.inner_text()
    await screenshot(webchat, plan, screenshots, "plan")
    expect(ERROR not in "\n".join(await user.bot_texts(since=seen)), f"status or plan: {ERROR} shown")
    assert findings.problems == [], "\n".join(findings.problems)


async def test_an_answered_card_is_replaced_in_place_by_the_answer(webchat: WebChat):
    """The bot replaces a clicked card through the Bot Connector's PUT, which the proxy carries to Web Chat:
    the answer shows where the card was, and its buttons are gone."""
    user = webchat.user
    await user.type("hej")
    await user.type("Falu kommun")
    kind_card, _ = await card_id(webchat, "Vilken sorts organisation")
    before = await user.transcript()
    await user.click("Kommun")
    submit = webchat.proxy.to_bot[-1]
    assert submit["value"] and submit["replyToId"] == kind_card  # as Teams sends a card submit
    await user.page.wait_for_function(
        "() => [...document.querySelectorAll('.ac-adaptiveCard')].some(c => c.innerText.includes('Ert val: Kommun'))")
    after = await user.transcript()
    place = next(i for i, shown in enumerate(before) if "Vilken sorts organisation" in shown.text)
    assert "Ert val: Kommun" in after[place].text
    assert await user.cards("Ert val: Kommun").first.get_by_role("button").count() == 0
    conversation = (await user.activities())[0]["conversation"]["id"]
    assert (conversation, kind_card) in [(u.conversation_id, u.activity_id) for u in webchat.proxy.updates]


async def screenshot(webchat: WebChat, card, folder, name: str) -> None:
    """The card at phone and desktop widths, in a window tall enough for all of it (the transcript
    scrolls, and a screenshot shows only what is in view); the page is back at 480 px afterwards."""
    for label, width in WIDTHS.items():
        await webchat.page.set_viewport_size({"width": width, "height": 900})
        height = (await card.bounding_box())["height"]
        await webchat.page.set_viewport_size({"width": width, "height": max(900, int(height) + 300)})
        await card.scroll_into_view_if_needed()
        await card.screenshot(path=folder / f"{name}-{label}.png")
    await webchat.page.set_viewport_size({"width": 480, "height": 900})


async def test_the_units_heat_map_of_the_status_reads_on_a_phone(webchat: WebChat, screenshots):
    """A block per unit, its four steps in the report's colours: nothing overflows or breaks a word at 360 px."""
    user, database = webchat.user, webchat.database
    await user.type("hej")
    await user.type("Falu kommun")
    await user.click("Kommun")
    for name in ("Socialförvaltningen", "Samhällsbyggnadsförvaltningen", "Falu Energi & Vatten AB"):
        await user.type(f"ny enhet {name}")
    organisation = await organisation_id(database)
    [social, *_] = [unit for unit in await database.units.list(organisation) if unit.name == "Socialförvaltningen"]
    for row in MODEL.rows:  # a level per step, so that the heat map shows every colour but one
        await database.answers.record(organisation, row.key, {"1": 3, "2": 2, "3": 1, "4": 0}[row.step], None, "u",
                                      "Anna", social.created_at, unit_id=social.id)
    await user.type("status")
    status = user.cards("Resultat för Falu kommun").last
    assert "Steg 1: " in await status.inner_text() and "35 av 35 besvarade" in await status.inner_text()
    problems = await problems_on_a_phone(webchat, status, screenshots, "status-units")
    assert problems == [], "\n  ".join(["cards at 360 px:"] + problems)


async def problems_on_a_phone(webchat: WebChat, card, screenshots, name: str) -> list[str]:
    """Saves the card's screenshots at every width and returns what breaks at 360 px, each problem named after
    the card."""
    await screenshot(webchat, card, screenshots, name)
    await webchat.page.set_viewport_size({"width": 360, "height": 900})
    problems = await card.evaluate(LAYOUT_PROBLEMS)
    await webchat.page.set_viewport_size({"width": 480, "height": 900})
    return [f"{name}: {problem}" for problem in problems]


async def unfold(card, title: str, showing: str) -> None:
    """Clicks a button that unfolds more of the card in place (no message to the bot) and waits until
    `showing` is on screen."""
    await card.get_by_role("button", name=title, exact=True).click()
    await card.get_by_text(showing).first.wait_for()


async def test_a_word_explained_annex_1_and_an_unfolded_question_read_on_a_phone(webchat: WebChat, screenshots):
    """The guide's cards and a question with its words and annex 1 unfolded: nothing overflows or breaks a
    word at 360 px."""
    user, problems = webchat.user, []
    await user.type("hej")
    await user.type("Falu kommun")
    await user.click("Kommun")

    await user.type("förklara kategoristyrning")
    explained = user.cards("Kategoristyrning").last
    assert MODEL.glossary.term("spend_analysis").name("sv") in await explained.inner_text()  # a related word
    problems += await problems_on_a_phone(webchat, explained, screenshots, "explain")

    await user.type("bilaga 1")
    annex = user.cards(MODEL.annexes.annex1.title("sv")).last
    problems += await problems_on_a_phone(webchat, annex, screenshots, "annex-1")

    await user.type("start steg 3")  # its first question, 3.S.1, unfolds a word and annex 1
    question = user.cards("fråga 1 av 9").last
    word = MODEL.glossary.term("dalarna_strategy")
    await unfold(question, f"Vad betyder {word.name('sv')}?", word.explanation("sv")[:40])
    problems += await problems_on_a_phone(webchat, question, screenshots, "question-word")
    await unfold(question, "Visa indikatorerna", MODEL.annexes.annex1.areas[0].name("sv"))
    problems += await problems_on_a_phone(webchat, question, screenshots, "question-annex-1")
    assert problems == [], "\n  ".join(["cards at 360 px:"] + problems)


async def test_the_collaboration_board_reads_on_a_phone(webchat: WebChat, screenshots):
    """A member's levels per step and the annex 2 indicators from its quick checks: nothing overflows or breaks
    a word at 360 px."""
    user, database = webchat.user, webchat.database
    await user.type("hej")
    await user.type("Falu kommun")
    await user.click("Kommun")
    await user.type("samverkan ny Upphandlingscenter Dalarna")
    organisation, now = await organisation_id(database), datetime.now(UTC)
    for row in MODEL.rows:  # a level per step, from 3 down to 0
        await database.answers.record(organisation, row.key, {"1": 3, "2": 2, "3": 1, "4": 0}[row.step], None, "u",
                                      "Anna", now)
    for item, answer in (("environment", "yes"), ("social", "no")):
        checkin = await database.checkins.create(organisation, f"Upphandling {item}", "u", "Anna", now)
        await database.checkins.answer(checkin.id, item, answer, "u", now)
    await user.type("samverkan")
    board = user.cards("Samverkan: Upphandlingscenter Dalarna").last
    shown = await board.inner_text()
    assert "Falu kommun · totalt 0 · kris – · 95 % besvarat" in shown
    assert "1: 3 3 3 3 · 2: 2 2 2 2 · 3: 1 1 1 1 · 4: 0 0 0 0" in shown
    assert "Bilaga 2" in shown
    problems = await problems_on_a_phone(webchat, board, screenshots, "collaboration-board")
    assert problems == [], "\n  ".join(["cards at 360 px:"] + problems)


async def test_a_workshop_question_and_its_revealed_answers_read_on_a_phone(webchat_group_chat: WebChat,
                                                                            screenshots):
    """In a group chat: the workshop's question card before anyone answers and once the answers are shown:
    nothing overflows or breaks a word at 360 px."""
    webchat = webchat_group_chat
    user = webchat.user
    await user.type("hej")
    await user.type("Falu kommun")
    await user.click("Kommun")
    await user.type("workshop steg 1")
    await user.click("Upphandling")  # the role asked once
    await user.click("Ja, visa namnen")
    question = user.cards("Workshop · Steg 1").last
    assert "0 av 1 har svarat" in await question.inner_text()
    problems = await problems_on_a_phone(webchat, question, screenshots, "workshop-question")
    await user.click("Nivå 2", card=question)
    await user.click("Visa svaren", card=question)
    revealed = user.cards("Svaren (1)").last
    assert "Anna Berg" in await revealed.inner_text()
    problems += await problems_on_a_phone(webchat, revealed, screenshots, "workshop-revealed")
    assert problems == [], "\n  ".join(["cards at 360 px:"] + problems)
