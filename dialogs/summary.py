"""The result card: the 4 × 4 grid, levels per step, perspective and overall, and next steps."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import card_activity, grid, text_block
from bot.db import Organisation
from bot.report_data import baseline, changes, percent, progress_over_time
from dialogs.services import Services
from model.scoring import Score, Standing, recommendations, score
from model.types import Answer


def level_text(services: Services, standing: Standing, lang: str, has_rows: bool = True) -> str:
    not_applicable = has_rows and standing.complete and standing.level is None
    return services.texts.level(services.model, standing.level, lang, not_applicable)


async def current_answers(services: Services, organisation_id: str) -> dict[str, Answer]:
    return {key: a.value for key, a in (await services.database.answers.current(organisation_id)).items()}


async def summary_card(services: Services, organisation: Organisation, lang: str) -> Activity:
    answers = await current_answers(services, organisation.id)
    model, texts = services.model, services.texts
    result = score(model, answers)
    snapshots = await services.database.snapshots.list(organisation.id)
    arrows = changes(result, baseline(snapshots, answers))
    header = [p.name(lang) for p in model.perspectives] + [texts("summary_step", lang)]
    rows = [
        (f"{s.key}. {s.name(lang)}",
         [_cell(services, result.cells[f"{s.key}.{p.key}"], lang, bool(model.cells[f"{s.key}.{p.key}"]),
                arrows.get(f"{s.key}.{p.key}"))
          for p in model.perspectives] + [_cell(services, result.steps[s.key], lang)])
        for s in model.steps
    ]
    rows.append((texts("summary_perspective", lang), [_cell(services, result.perspectives[p.key], lang) for p in model.perspectives]
                 + [_cell(services, result.overall, lang)]))
    lines = _lines(services, result, answers, organisation, lang)
    if len(snapshots) > 1:  # progress at the last few completed assessments, oldest first
        trend = " → ".join(percent(progress, lang, 0) for _, progress in progress_over_time(snapshots)[-5:])
        lines.insert(1, text_block(texts("summary_trend", lang, line=trend)))
    body = [text_block(texts("summary_title", lang, name=organisation.name), weight="Bolder", size="Medium"),
            *grid(header, rows), *lines]
    return card_activity(body, [], texts("summary_title", lang, name=organisation.name))


def _cell(services: Services, standing: Standing, lang: str, has_rows: bool = True,
          arrow: str | None = None) -> tuple[str, int | None]:
    text = level_text(services, standing, lang, has_rows)
    return (f"{text} {arrow}" if arrow else text), standing.level


def _lines(services: Services, result: Score, answers: dict, organisation: Organisation, lang: str) -> list[dict]:
    texts, model = services.texts, services.model
    lines = [
        text_block(texts("summary_overall", lang, level=level_text(services, result.overall, lang),
                         progress=f"{result.overall.progress:.1f}".replace(".", "," if lang == "sv" else "."))),
        text_block(texts("summary_crisis", lang, level=level_text(services, result.crisis, lang))),
    ]
    unanswered = sum(1 for row in model.rows if row.key not in answers)
    if unanswered:
        lines.append(text_block(texts("summary_unanswered", lang, count=unanswered), isSubtle=True))
    steps = recommendations(model, answers, organisation.target, 5, result)
    if steps:
        lines.append(text_block(texts("summary_next", lang), weight="Bolder"))
        lines += [text_block(f"{n}. {r.row.rung(r.level).action(lang)} ({r.row.key})", spacing="Small")
                  for n, r in enumerate(steps, 1)]
    return lines
