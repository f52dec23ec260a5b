"""The model's rows as a question set: each card shows the row's three levels and takes 0–3, ej relevant
(both with a comment), hoppa över or tillbaka. The answers go to the organisation, within an assessment or,
for a row asked again when a plan item is done, outside one."""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.schema import Activity

from bot.cards import question_card
from dialogs.answers import NOT_APPLICABLE, Reading, Said, read_reply
from dialogs.clicks import new_target
from dialogs.context import Services, TurnInfo
from dialogs.guide.annexes import toggles_for
from dialogs.guide.glossary import term_toggles
from dialogs.questions import Asking, Questions
from model.scoring import Standing
from model.types import Answer, Row


@dataclass
class RowSheet:
    organisation_id: str
    assessment_id: int | None = None  # None: rows asked again outside an assessment (a plan item done)
    unit_id: int | None = None  # None: the organisation's own answers
    unit_name: str = ""


class RowQuestions(Questions):
    key_field = "row"

    def __init__(self, services: Services) -> None:
        self.services = services

    def target(self, sheet: RowSheet) -> str:
        # The same assessment resumed later takes clicks on its old cards; rows asked outside one, only its own.
        return f"assessment:{sheet.assessment_id}" if sheet.assessment_id else new_target("rows")

    def read(self, key: str, text: str | None, clicked: dict | None) -> Reading:
        return read_reply(self.services.texts, text, clicked)

    def hint(self, key: str, reading: Reading, lang: str) -> str:
        texts = self.services.texts
        problem = texts("comment_too_long" if reading.said is Said.TOO_LONG else "answer_invalid", lang)
        return f"{problem} {texts('answer_hint', lang)}"

    def title(self, key: str, lang: str) -> str:
        return self.services.model.row(key).topic(lang)

    def answer_text(self, reading: Reading, lang: str) -> str:
        if reading.said is Said.SKIP:
            return self.services.texts("option_skip", lang)
        return self._level(reading.answer, lang)

    async def card(self, asking: Asking, lang: str, again: bool) -> Activity:
        texts, model = self.services.texts, self.services.model
        row = model.row(asking.key)
        number, total = asking.position + 1, len(asking.keys)
        if row.step is None:
            progress = texts("progress_crisis", lang, number=number, total=total)
        else:
            progress = texts("progress", lang, step=row.step, number=number, total=total,
                             perspective=model.perspective(row.perspective).name(lang))
        if asking.sheet.unit_id is not None:  # whose answer this is, on every card
            progress = texts("progress_unit", lang, unit=asking.sheet.unit_name, progress=progress)
        current = await self.services.assessments.answer(asking.sheet.organisation_id, row.key,
                                                         asking.sheet.unit_id) if again else None
        shown = None if current is None else texts("current_answer", lang, answer=self._level(current, lang))
        toggles = term_toggles(self.services, row.terms, lang) + toggles_for(self.services, row.annex, lang)
        return question_card(progress, row.topic(lang), row.question(lang), [rung.practice(lang) for rung in row.rungs],
                             self._choices(lang), texts("comment_label", lang), shown, toggles)

    async def answered(self, asking: Asking, reading: Reading, info: TurnInfo) -> list[str]:
        sheet, row = asking.sheet, self.services.model.row(asking.key)
        following = asking.following
        passed = following is None or self.services.model.row(following).cell != row.cell
        standing = await self.services.assessments.record_answer(
            sheet.organisation_id, row.key, reading.answer if reading.said is Said.ANSWER else None, reading.comment,
            info.user_id, info.user_name, assessment_id=sheet.assessment_id, cell_passed=passed, unit_id=sheet.unit_id)
        return [] if standing is None else [self._cell_done(row, standing, info.lang)]

    async def changed(self, sheet: RowSheet, key: str, reading: Reading, info: TurnInfo) -> None:
        await self.services.assessments.record_answer(sheet.organisation_id, key, reading.answer, reading.comment,
                                                      info.user_id, info.user_name, assessment_id=sheet.assessment_id,
                                                      unit_id=sheet.unit_id)

    def _level(self, answer: Answer, lang: str) -> str:
        not_applicable = answer == NOT_APPLICABLE
        return self.services.texts.level(self.services.model, None if not_applicable else answer, lang, not_applicable)

    def _choices(self, lang: str) -> list[tuple[dict, str]]:
        texts = self.services.texts
        answers = [(str(n), texts("option_level", lang, level=n)) for n in (1, 2, 3)] + [
            ("0", texts("option_none", lang)), (NOT_APPLICABLE, texts("option_na", lang)),
            ("skip", texts("option_skip", lang)), ("back", texts("option_back", lang))]
        return [({"answer": answer}, label) for answer, label in answers] + [
            ({"command": "paus"}, texts("option_pause", lang))]

    def _cell_done(self, row: Row, standing: Standing, lang: str) -> str:
        """One line when the last row of a cell in this round has been passed."""
        model, texts = self.services.model, self.services.texts
        level = texts.level(model, standing.level, lang, standing.complete and standing.level is None)
        if row.step is None:
            return texts("summary_crisis", lang, level=level)
        perspective = model.perspective(row.perspective).name(lang)
        return texts("cell_done", lang, step=row.step, level=level, perspective=perspective)
