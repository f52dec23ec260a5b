"""The result card: levels overall, per step and perspective, progress, and next steps.

One block per step, each perspective on a line of its own: a 4 × 4 grid breaks words apart on a phone.
The report page keeps the grid, where there is room for it.
"""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import card_activity, level_table, text_block
from dialogs.context import Services
from model.scoring import Recommendation, Score, Standing, recommendations
from services.assessments import Organisation, Status
from services.reports import percent
from services.workshops import PAUSED


def level_text(services: Services, standing: Standing, lang: str, has_rows: bool = True) -> str:
    not_applicable = has_rows and standing.complete and standing.level is None
    return services.texts.level(services.model, standing.level, lang, not_applicable)


def next_step_lines(services: Services, found: list[Recommendation], lang: str) -> list[str]:
    """"**1. Styrdokument för upphandling:** Koppla varje mål …": numbered as people refer to them
    ("plan 1"), named by the question they come from."""
    return [services.texts("next_step_line", lang, number=n, topic=r.row.topic(lang),
                           action=r.row.rung(r.level).action(lang)) for n, r in enumerate(found, 1)]


async def summary_card(services: Services, organisation: Organisation, lang: str) -> Activity:
    card = status_card(services, await services.assessments.status(organisation), lang)
    workshop = await services.workshops.open_of_organisation(organisation.id)
    if workshop is not None:  # a group is on its way to the organisation's answers
        key = "ws_status_paused" if workshop.status == PAUSED else "ws_status_open"
        line = services.texts(key, lang, number=workshop.position + 1, total=len(workshop.rows),
                              leader=workshop.led_by_name)
        card.attachments[0].content["body"].insert(1, text_block(line, color="Accent"))
    return card


def status_card(services: Services, status: Status, lang: str) -> Activity:
    texts, result, answers = services.texts, status.result, status.answers
    title = texts("summary_title", lang, name=status.organisation.name)
    body = [text_block(title, weight="Bolder", size="Medium"), *_totals(services, result, answers, lang)]
    if status.trend:  # progress at the last few completed assessments, oldest first
        trend = " → ".join(percent(progress, lang, 0) for progress in status.trend)
        body.insert(2, text_block(texts("summary_trend", lang, line=trend), spacing="None"))
    body += _steps(services, result, status.changes, lang)
    body += _next_steps(services, result, answers, status.organisation, lang)
    return card_activity(body, [], title)


def _totals(services: Services, result: Score, answers: dict, lang: str) -> list[dict]:
    texts = services.texts
    progress = f"{result.overall.progress:.1f}".replace(".", "," if lang == "sv" else ".")
    lines = [
        text_block(texts("summary_overall", lang, level=level_text(services, result.overall, lang),
                         progress=progress)),
        text_block(texts("summary_crisis", lang, level=level_text(services, result.crisis, lang)), spacing="None"),
    ]
    unanswered = sum(1 for row in services.model.rows if row.key not in answers)
    if unanswered:
        lines.append(text_block(texts("summary_unanswered", lang, count=unanswered), isSubtle=True))
    return lines


def _steps(services: Services, result: Score, arrows: dict[str, str], lang: str) -> list[dict]:
    """A block per step, a line for the step as a whole and one per perspective, then the perspectives overall."""
    model, texts = services.model, services.texts
    blocks = []
    for step in model.steps:
        lines = [(texts("summary_whole_step", lang), *_cell(services, result.steps[step.key], lang))]
        lines += [(p.name(lang), *_cell(services, result.cells[f"{step.key}.{p.key}"], lang,
                                        bool(model.cells[f"{step.key}.{p.key}"]), arrows.get(f"{step.key}.{p.key}")))
                  for p in model.perspectives]
        heading = texts("summary_step_title", lang, key=step.key, name=step.name(lang))
        blocks.append(level_table(heading, lines, separator=True, spacing="Medium"))
    totals = [(p.name(lang), *_cell(services, result.perspectives[p.key], lang)) for p in model.perspectives]
    blocks.append(level_table(texts("summary_perspectives", lang), totals, separator=True, spacing="Medium"))
    return blocks


def _cell(services: Services, standing: Standing, lang: str, has_rows: bool = True,
          arrow: str | None = None) -> tuple[str, int | None]:
    text = level_text(services, standing, lang, has_rows)
    return (f"{text} {arrow}" if arrow else text), standing.level


def _next_steps(services: Services, result: Score, answers: dict, organisation: Organisation,
                lang: str) -> list[dict]:
    found = recommendations(services.model, answers, organisation.target, 5, result)
    if not found:
        return []
    lines = [text_block(services.texts("summary_next", lang), weight="Bolder", separator=True, spacing="Medium")]
    return lines + [text_block(line, spacing="Small") for line in next_step_lines(services, found, lang)]
