"""The result of a quick check as a checklist: done, to do (with the concrete action), not relevant,
and the rows of the model where a "nej" may show a gap in the whole organisation."""
from __future__ import annotations

from typing import Mapping

from botbuilder.schema import Activity

from bot.cards.checkin import checklist_card
from services.checkins import Checkin
from dialogs.checkin.amounts import format_amount
from dialogs.plan.words import day_text
from dialogs.context import Services
from model.checks import DONE, GAP, NOT_RELEVANT, CheckinContent, CheckItem


def checkin_items(content: CheckinContent, checkin: Checkin) -> tuple[CheckItem, ...]:
    return content.items_for(checkin.category or "", bool(checkin.critical))


def share_done(content: CheckinContent, checkin: Checkin) -> tuple[int, int]:
    """(done, relevant): items answered "ja", out of those not marked "ej relevant"."""
    answers = [checkin.answers.get(item.key) for item in checkin_items(content, checkin)]
    return answers.count(DONE), len(answers) - answers.count(NOT_RELEVANT)


def sections(services: Services, items: tuple[CheckItem, ...], answers: Mapping[str, str],
             lang: str) -> list[tuple[str, list[str]]]:
    texts = services.texts
    given = [(item, answers.get(item.key)) for item in items]
    gaps = {item.row for item, answer in given if answer == GAP}
    gap_rows = [row.key for row in services.model.all_rows if row.key in gaps]
    return [
        (texts("checkin_done", lang), [item.title(lang) for item, answer in given if answer == DONE]),
        (texts("checkin_to_do", lang), [f"**{item.title(lang)}:** {item.action(lang)}" for item, answer in given
                                        if answer not in (DONE, NOT_RELEVANT, None)]),
        (texts("checkin_not_relevant", lang), [item.title(lang) for item, answer in given if answer == NOT_RELEVANT]),
        (texts("checkin_unanswered", lang), [item.title(lang) for item, answer in given if answer is None]),
        (texts("checkin_gaps", lang), [services.model.row(row).topic(lang) for row in gap_rows]),
    ]


def checklist_activity(services: Services, content: CheckinContent, checkin: Checkin, lang: str) -> Activity:
    texts = services.texts
    facts = []
    if checkin.category:
        facts.append(texts("checkin_fact_category", lang, category=content.category(checkin.category).name(lang)))
    if checkin.value_sek:
        facts.append(texts("checkin_fact_value", lang, value=format_amount(checkin.value_sek)))
    if checkin.announce_on:
        facts.append(texts("checkin_fact_date", lang, date=day_text(checkin.announce_on, lang)))
    if checkin.critical:
        facts.append(texts("checkin_fact_critical", lang))
    done, relevant = share_done(content, checkin)
    facts.append(texts("checkin_fact_done", lang, done=done, total=relevant))
    items = checkin_items(content, checkin)
    return checklist_card(texts("checkin_title", lang, name=checkin.name), facts,
                          sections(services, items, checkin.answers, lang))
