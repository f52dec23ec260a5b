"""What a workshop shows: its question card as answers come in and after the spread is shown, the card a done
question becomes, and what the workshop found. Everyone sees the same card, in the facilitator's language."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards.workshop import finding_card, workshop_card, workshop_closed_card
from dialogs.answers import NOT_APPLICABLE
from dialogs.context import Services
from dialogs.members.role import role_name
from model.types import CRISIS_CELL
from services.workshops import REVEALED, role_order, Finding, Spread, Workshop, spread
from texts.markdown import Markdown, escape

WORKSHOP = "workshop"  # the kind in a workshop card's target, "workshop:<id>"
MOST_NAMES = 10  # named as not having answered yet; more are counted
VOTE, REVEAL, AGREE, SKIP, BACK, PAUSE, END = "vote", "reveal", "agree", "skip", "back", "pause", "end"
ANSWERS = ("1", "2", "3", "0", NOT_APPLICABLE)


def target(workshop: Workshop) -> str:
    return f"{WORKSHOP}:{workshop.id}"


def names(people: list[str]) -> Markdown:
    return Markdown(", ".join(escape(person) for person in people))


class WorkshopView:
    def __init__(self, services: Services) -> None:
        self.services = services

    def answer_text(self, value, lang: str) -> str:
        texts, model = self.services.texts, self.services.model
        if value == NOT_APPLICABLE:
            return texts.level(model, None, lang, True)
        return texts.level(model, value, lang)

    async def question(self, workshop: Workshop) -> Activity:
        """The open question's card, as it stands: counting answers, or showing their spread."""
        texts, model, lang = self.services.texts, self.services.model, workshop.lang
        row = model.row(workshop.row_key)
        number, total = workshop.position + 1, len(workshop.rows)
        if row.step is None:
            progress = texts("progress_crisis", lang, number=number, total=total)
        else:
            progress = texts("progress", lang, step=row.step, number=number, total=total,
                             perspective=model.perspective(row.perspective).name(lang))
        unit = await self.services.workshops.unit(workshop)
        if unit is not None:  # a unit's workshop: its name on every card, so nobody answers for the wrong one
            progress = texts("progress_unit", lang, unit=unit.name, progress=progress)
        progress = Markdown(f"{texts('ws_label', lang)} · {progress}")
        votes = await self.services.workshops.votes(workshop, workshop.row_key)
        leader = workshop.led_by_name
        if workshop.phase == REVEALED:
            found = spread(votes)
            flag = texts("ws_flag", lang, width=found.width) if found.worth_discussing else None
            return workshop_card(progress, row.topic(lang), row.question(lang), [r.practice(lang) for r in row.rungs],
                                 self._spread_lines(workshop, found), self._buttons(workshop, AGREE),
                                 texts("ws_agree_title", lang, name=leader), self._moves(workshop, reveal=False),
                                 texts("ws_agree_comment", lang), flag)
        participants = await self.services.workshops.participants(workshop)
        answered = {vote.user_id for vote in votes}
        waiting = [name for user_id, name in sorted(participants.items(), key=lambda p: p[1])
                   if user_id not in answered]
        status = [texts("ws_answered", lang, count=len(answered), total=len(set(participants) | answered))]
        if waiting:
            shown = names(waiting[:MOST_NAMES])
            more = len(waiting) - MOST_NAMES
            status.append(texts("ws_waiting_more" if more > 0 else "ws_waiting", lang, names=shown, more=more))
        return workshop_card(progress, row.topic(lang), row.question(lang), [r.practice(lang) for r in row.rungs],
                             status, self._buttons(workshop, VOTE), texts("ws_lead_title", lang, name=leader),
                             self._moves(workshop, reveal=True), texts("ws_vote_comment", lang))

    def closed(self, workshop: Workshop, row_key: str, line: str, votes: list | None = None) -> Activity:
        """A done question's card: what became of it, and the spread once more."""
        lines = [line] + (self._spread_lines(workshop, spread(votes)) if votes else [])
        return workshop_closed_card(self.services.model.row(row_key).topic(workshop.lang), lines)

    def finding(self, workshop: Workshop, found: Finding, unit_name: str | None = None) -> Activity:
        texts, model, lang = self.services.texts, self.services.model, workshop.lang
        topic = lambda key: model.row(key).topic(lang)  # noqa: E731
        sections = []
        if found.agreed:
            sections.append((texts("ws_finding_agreed", lang), [topic(key) for key in found.agreed]))
        if found.differed:
            sections.append((texts("ws_finding_differed", lang), [topic(key) for key in found.differed]))
        if found.widest:
            sections.append((texts("ws_finding_widest", lang), [
                texts("ws_finding_width", lang, topic=topic(key), width=width) for key, width in found.widest]))
        if found.roles:
            sections.append((texts("ws_finding_roles", lang), [
                texts("ws_finding_crisis" if step == CRISIS_CELL else "ws_finding_step", lang, step=step,
                      line=self._medians(medians, lang)) for step, medians in found.roles.items()]))
        if not sections:
            sections.append((texts("ws_finding_nothing", lang), []))
        title = texts("ws_finding_title_unit", lang, unit=unit_name) if unit_name else texts("ws_finding_title", lang)
        return finding_card(title, sections)

    def _medians(self, medians: dict[str, float], lang: str) -> str:
        shown = [f"{role_name(self.services, role, lang)} {_number(level, lang)}" for role, level in medians.items()]
        return " · ".join(shown)

    def _spread_lines(self, workshop: Workshop, found: Spread) -> list[str]:
        texts, lang = self.services.texts, workshop.lang
        lines = [texts("ws_spread_title", lang, count=len(found.votes))]
        for answer in ANSWERS:
            value = answer if answer == NOT_APPLICABLE else int(answer)
            who = [vote.user_name for vote in found.votes if vote.value == value]
            if not who:
                continue
            level = self.answer_text(value, lang)
            if workshop.show_names:
                lines.append(texts("ws_spread_named", lang, level=level, count=len(who), names=names(who)))
            else:
                lines.append(texts("ws_spread_level", lang, level=level, count=len(who)))
        roles = found.by_role()
        if roles:
            parts = [f"{role_name(self.services, role, lang)}: {', '.join(_short(v) for v in values)}"
                     for role, values in sorted(roles.items(), key=lambda kv: role_order(kv[0]))]
            lines.append(texts("ws_spread_roles", lang, line=" · ".join(parts)))
        return lines

    def _buttons(self, workshop: Workshop, act: str) -> list[tuple[str, dict]]:
        texts, lang = self.services.texts, workshop.lang
        labels = [texts.plain("option_level", lang, level=n) for n in (1, 2, 3)] + [
            texts.plain("ws_option_none", lang), texts.plain("option_na", lang)]
        return [(label, self._data(workshop, act, answer=answer)) for label, answer in zip(labels, ANSWERS)]

    def _moves(self, workshop: Workshop, reveal: bool) -> list[tuple[str, dict]]:
        texts, lang = self.services.texts, workshop.lang
        moves = [(REVEAL, "ws_reveal")] if reveal else []
        moves += [(SKIP, "option_skip"), (BACK, "option_back"), (PAUSE, "option_pause"), (END, "ws_end")]
        if not workshop.trail:
            moves = [(act, key) for act, key in moves if act != BACK]
        return [(texts.plain(key, lang), self._data(workshop, act)) for act, key in moves]

    def _data(self, workshop: Workshop, act: str, **more: str) -> dict:
        return {"in": target(workshop), "row": workshop.row_key, "wcard": workshop.card_key, "act": act, **more}


def _short(value) -> str:
    return "–" if value == NOT_APPLICABLE else str(value)


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "sv" else text
