"""The result card: levels overall, per step and perspective, progress, and next steps.

One block per step, each perspective on a line of its own: a 4 × 4 grid breaks words apart on a phone.
The report page keeps the grid, where there is room for it.
"""
from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.cards import card_activity, level_block, level_table, text_block
from dialogs.assessment.whom import named_unit
from dialogs.context import Services
from dialogs.units.named import unit_words
from model.scoring import OVERALL, Recommendation, Score, Standing, TargetLine, recommendations, target_lines
from services.assessments import Organisation, Status, Unit, UnitStanding
from services.reports import percent
from services.workshops import PAUSED

UNITS_SHOWN = 15  # on the status card, which Teams takes up to 28 KB; the report shows every unit


def level_text(services: Services, standing: Standing, lang: str, has_rows: bool = True) -> str:
    not_applicable = has_rows and standing.complete and standing.level is None
    return services.texts.level(services.model, standing.level, lang, not_applicable)


def next_step_lines(services: Services, found: list[Recommendation], lang: str) -> list[str]:
    """"**1. Styrdokument för upphandling:** Koppla varje mål …": numbered as people refer to them
    ("plan 1"), named by the question they come from."""
    return [services.texts("next_step_line", lang, number=n, topic=r.row.topic(lang),
                           action=r.row.rung(r.level).action(lang)) for n, r in enumerate(found, 1)]


async def summary_card(services: Services, organisation: Organisation, lang: str, unit: Unit | None = None) -> Activity:
    card = status_card(services, await services.assessments.status(organisation, unit), lang)
    workshop = await services.workshops.open_of_organisation(organisation.id, unit and unit.id)
    if workshop is not None:  # a group is on its way to these answers (the organisation's own, or the unit's)
        key = "ws_status_paused" if workshop.status == PAUSED else "ws_status_open"
        line = services.texts(key, lang, number=workshop.position + 1, total=len(workshop.rows),
                              leader=workshop.led_by_name)
        card.attachments[0].content["body"].insert(1, text_block(line, color="Accent"))
    return card


async def status_reply(services: Services, context: TurnContext, organisation: Organisation, rest: list[str],
                       lang: str) -> Activity | str:
    """`status`: the organisation's card; `status enhet Socialförvaltningen`: the unit's."""
    named = unit_words(services, rest)
    unit, problem = await named_unit(services, context, organisation.id, named)
    return problem or await summary_card(services, organisation, lang, unit)


def status_card(services: Services, status: Status, lang: str) -> Activity:
    texts, result, answers = services.texts, status.result, status.answers
    name = status.organisation.name
    title = texts("summary_unit_title", lang, unit=status.unit.name, name=name) if status.unit else texts(
        "summary_title", lang, name=name)
    targets = {line.part: line for line in target_lines(services.model, result, status.organisation.target)}
    body = [text_block(title, weight="Bolder", size="Medium"), *_totals(services, result, answers, targets, lang)]
    if status.trend:  # progress at the last few completed assessments, oldest first
        trend = " → ".join(percent(progress, lang, 0) for progress in status.trend)
        body.insert(2, text_block(texts("summary_trend", lang, line=trend), spacing="None"))
    body += _steps(services, result, status.changes, targets, lang)
    body += _next_steps(services, result, answers, status.organisation, lang, status.unit)
    if status.units:
        body += _units(services, status.units, lang)
    return card_activity(body, [], title)


def _units(services: Services, units: tuple[UnitStanding, ...], lang: str) -> list[dict]:
    """A short line per unit, over its four steps' levels in the report's colours: the units × steps heat map,
    one block per unit so that it reads on a phone."""
    texts, model = services.texts, services.model
    blocks = [text_block(texts("summary_units", lang), weight="Bolder", separator=True, spacing="Medium")]
    for standing in units[:UNITS_SHOWN]:
        line = texts("summary_unit_line", lang, unit=standing.unit.name, answered=standing.answered,
                     total=len(model.rows), level=level_text(services, standing.result.overall, lang))
        steps = [standing.result.steps[step.key] for step in model.steps]
        columns = [{"type": "Column", "width": 1, "items": [level_block(
            texts("summary_unit_step", lang, key=step.key, level="–" if s.level is None else str(s.level)),
            s.level, size="Small")]} for step, s in zip(model.steps, steps)]
        blocks.append({"type": "Container", "spacing": "Medium", "items": [
            text_block(line, size="Small"), {"type": "ColumnSet", "spacing": "None", "columns": columns}]})
    if len(units) > UNITS_SHOWN:
        blocks.append(text_block(texts("summary_units_more", lang, count=len(units) - UNITS_SHOWN), size="Small"))
    return blocks + [text_block(texts("summary_units_hint", lang), isSubtle=True, size="Small")]


def _totals(services: Services, result: Score, answers: dict, targets: dict[str, TargetLine],
            lang: str) -> list[dict]:
    texts = services.texts
    progress = f"{result.overall.progress:.1f}".replace(".", "," if lang == "sv" else ".")
    overall = _with_target(services, level_text(services, result.overall, lang), targets[OVERALL], lang)
    crisis = _with_target(services, level_text(services, result.crisis, lang), targets["K"], lang)
    lines = [
        text_block(texts("summary_overall", lang, level=overall, progress=progress)),
        text_block(texts("summary_crisis", lang, level=crisis), spacing="None"),
    ]
    unanswered = sum(1 for row in services.model.rows if row.key not in answers)
    if unanswered:
        lines.append(text_block(texts("summary_unanswered", lang, count=unanswered), isSubtle=True))
    return lines


def _steps(services: Services, result: Score, arrows: dict[str, str], targets: dict[str, TargetLine],
           lang: str) -> list[dict]:
    """A block per step, a line for the step as a whole and one per perspective, then the perspectives overall;
    a part's target, set for it or for the whole model, beside its level."""
    model, texts = services.model, services.texts
    blocks = []
    for step in model.steps:
        whole, level = _cell(services, result.steps[step.key], lang)
        lines = [(texts("summary_whole_step", lang), _with_target(services, whole, targets[step.key], lang), level)]
        lines += [(p.name(lang), *_cell(services, result.cells[f"{step.key}.{p.key}"], lang,
                                        bool(model.cells[f"{step.key}.{p.key}"]), arrows.get(f"{step.key}.{p.key}")))
                  for p in model.perspectives]
        heading = texts("summary_step_title", lang, key=step.key, name=step.name(lang))
        blocks.append(level_table(heading, lines, separator=True, spacing="Medium"))
    totals = []
    for p in model.perspectives:
        text, level = _cell(services, result.perspectives[p.key], lang)
        totals.append((p.name(lang), _with_target(services, text, targets[p.key], lang), level))
    blocks.append(level_table(texts("summary_perspectives", lang), totals, separator=True, spacing="Medium"))
    return blocks


def _cell(services: Services, standing: Standing, lang: str, has_rows: bool = True,
          arrow: str | None = None) -> tuple[str, int | None]:
    text = level_text(services, standing, lang, has_rows)
    return (f"{text} {arrow}" if arrow else text), standing.level


def _with_target(services: Services, level: str, line: TargetLine, lang: str) -> str:
    if line.target is None:
        return level
    target = services.texts.level(services.model, line.target, lang)
    return services.texts("summary_with_target", lang, level=level, target=target)


def _next_steps(services: Services, result: Score, answers: dict, organisation: Organisation,
                lang: str, unit: Unit | None = None) -> list[dict]:
    """Numbered as `plan 1` takes them for the organisation, and `plan enhet NAMN 1` for a unit."""
    texts = services.texts
    found = recommendations(services.model, answers, organisation.target, 5, result)
    if not found:
        return []
    lines = [text_block(texts("summary_next", lang), weight="Bolder", separator=True, spacing="Medium")]
    lines += [text_block(line, spacing="Small") for line in next_step_lines(services, found, lang)]
    if unit is not None:
        lines.append(text_block(texts("unit_next_plan", lang, unit=unit.name), isSubtle=True, size="Small"))
    return lines
