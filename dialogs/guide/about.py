"""`om modellen` / `about the model`: a few short cards on how the model is built (steps, perspectives,
levels) and how to run an analysis (supports and does not bind, who takes part, scope, ends in a plan)."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards.guide import bullets, reading_card
from dialogs.context import Services


def about_model(services: Services, lang: str) -> list[Activity]:
    model, texts = services.model, services.texts
    sections = {section.key: section for section in model.guide}
    overview = sections.pop("overview")

    def lines(parts) -> str:
        return bullets([texts.plain("about_line", lang, name=name, about=about(lang)) for name, about in parts])

    steps = [(f"{step.key}. {step.name(lang)}", step.about) for step in model.steps]
    perspectives = [(perspective.name(lang), perspective.about) for perspective in model.perspectives]
    levels = [(f"{'★' * level.value} {level.name(lang)}", level.about) for level in model.levels]
    return [
        reading_card(texts("about_title", lang), [(overview.title(lang), overview.text(lang)),
                                                  (texts("about_steps", lang), lines(steps))]),
        reading_card(texts("about_perspectives", lang), [(None, lines(perspectives)),
                                                         (texts("about_levels", lang), lines(levels))]),
        reading_card(texts("about_how", lang), [(section.title(lang), section.text(lang))
                                                for section in sections.values()],
                     [(texts.plain("about_start", lang), "start")]),
    ]
