"""Check items as question sets: a quick check's checks and crisis prompts (ja / delvis / nej / ej relevant,
or ja / nej / vet inte), saved with the check-in, and the preparedness topics (ja / nej), saved for the
organisation."""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from botbuilder.schema import Activity

from bot.cards.checkin import check_question_card
from dialogs.answers import Reading, Said, read_check_answer
from dialogs.context import Services, TurnInfo
from dialogs.guide.annexes import toggles_for
from dialogs.guide.glossary import term_toggles
from dialogs.questions import Asking, Questions
from model.checks import CHECK, CRISIS, PREPAREDNESS, CheckinContent

# What each answer reads as; None: not answered yet.
ANSWER_TEXTS = {"yes": "checkin_answer_yes", "partly": "checkin_answer_partly", "no": "checkin_answer_no",
                "na": "checkin_answer_na", "unknown": "checkin_answer_unknown", None: "checkin_answer_none"}
# Per kind of item: what a reply that is none of its answers gets, and the progress line of a round of them.
HINTS = {CHECK: "checkin_hint_check", CRISIS: "checkin_hint_crisis", PREPAREDNESS: "checkin_hint_preparedness"}
PROGRESS = {CHECK: "checkin_progress", CRISIS: "checkin_progress_crisis", PREPAREDNESS: "checkin_progress_preparedness"}


@dataclass
class CheckinSheet:
    organisation_id: str
    checkin_id: int
    changing: bool = False  # answers changed later: the card shows the current answer


@dataclass
class PreparednessSheet:
    organisation_id: str


class ItemQuestions(Questions):
    key_field = "item"

    def __init__(self, services: Services, content: CheckinContent) -> None:
        self.services, self.content = services, content

    @abstractmethod
    async def current(self, sheet) -> dict[str, str]:
        """item key -> the answer saved now."""

    @abstractmethod
    async def save(self, sheet, key: str, answer: str, user_id: str) -> None:
        """Saves an answer the moment it is given."""

    def changing(self, sheet) -> bool:
        """A round that changes answers given before: its cards say so and show the current answer."""
        return False

    def read(self, key: str, text: str | None, clicked: dict | None) -> Reading:
        answer = read_check_answer(self.services.texts, text, clicked, self.content.item(key).answers)
        return Reading(Said.NOT_UNDERSTOOD) if answer is None else Reading(Said.ANSWER, answer)

    def hint(self, key: str, reading: Reading, lang: str) -> str:
        return self.services.texts(HINTS[self.content.item(key).kind], lang)

    def title(self, key: str, lang: str) -> str:
        return self.content.item(key).title(lang)

    def answer_text(self, reading: Reading, lang: str) -> str:
        return self.services.texts(ANSWER_TEXTS[reading.answer], lang)

    async def card(self, asking: Asking, lang: str, again: bool) -> Activity:
        texts, item = self.services.texts, self.content.item(asking.key)
        if self.changing(asking.sheet):
            current = (await self.current(asking.sheet)).get(item.key)
            progress = texts("checkin_progress_change", lang)
            shown = texts("checkin_current", lang, answer=texts(ANSWER_TEXTS[current], lang))
        else:
            progress = texts(PROGRESS[item.kind], lang, number=asking.position + 1, total=len(asking.keys))
            shown = None
        choices = [(answer, texts(ANSWER_TEXTS[answer], lang)) for answer in item.answers]
        if item.row is not None:  # the model row the item comes from, to read more there
            row = self.services.model.row(item.row)
            progress = texts("checkin_from_row", lang, progress=progress, key=row.key, topic=row.topic(lang))
        terms = self.services.model.glossary.terms_in(f"{item.title(lang)}. {item.question(lang)}", lang)
        keys = tuple(dict.fromkeys([term.key for term in terms] + ([item.principle] if item.principle else [])))
        toggles = term_toggles(self.services, keys, lang) + toggles_for(self.services, item.annex, lang)
        return check_question_card(progress, item.title(lang), item.question(lang), choices, shown, toggles)

    async def answered(self, asking: Asking, reading: Reading, info: TurnInfo) -> list[str]:
        await self.save(asking.sheet, asking.key, reading.answer, info.user_id)
        return []

    async def changed(self, sheet, key: str, reading: Reading, info: TurnInfo) -> None:
        await self.save(sheet, key, reading.answer, info.user_id)


class CheckinQuestions(ItemQuestions):
    def target(self, sheet: CheckinSheet) -> str:
        # A check-in resumed later takes clicks on its old cards.
        return f"checkin:{sheet.checkin_id}"

    async def current(self, sheet: CheckinSheet) -> dict[str, str]:
        return dict((await self.services.checkins.get(sheet.organisation_id, sheet.checkin_id)).answers)

    async def save(self, sheet: CheckinSheet, key: str, answer: str, user_id: str) -> None:
        await self.services.checkins.answer(sheet.checkin_id, key, answer, user_id)

    def changing(self, sheet: CheckinSheet) -> bool:
        return sheet.changing


class PreparednessQuestions(ItemQuestions):
    def target(self, sheet: PreparednessSheet) -> str:
        return f"preparedness:{sheet.organisation_id}"

    async def current(self, sheet: PreparednessSheet) -> dict[str, str]:
        return await self.services.checkins.preparedness(sheet.organisation_id)

    async def save(self, sheet: PreparednessSheet, key: str, answer: str, user_id: str) -> None:
        await self.services.checkins.answer_preparedness(sheet.organisation_id, key, answer, user_id)
