"""`bilaga 1` / `annex 1`: the Dalarna Strategy's indicators by target area, and what plays their part
outside Dalarna; `bilaga 2` / `annex 2`: the joint board's indicators with their targets. The 3.S.1
question and the quick check's regional item unfold annex 1 (`annex1_toggle`)."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import text_block, toggle
from bot.cards.guide import bullets, reading_card
from dialogs.context import Services

ANNEX1 = "annex1"


def annex(services: Services, lang: str, words: tuple[str, ...]) -> list[Activity]:
    texts = services.texts
    if words[:1] == ("1",):
        first = services.model.annexes.annex1
        return [reading_card(first.title(lang), _annex1_parts(services, lang), _other(services, "2", lang),
                             note=first.outside_dalarna(lang))]
    if words[:1] == ("2",):
        return [reading_card(services.model.annexes.annex2.title(lang), _annex2_parts(services, lang),
                             _other(services, "1", lang))]
    return [reading_card(texts("annex_which", lang), [], _other(services, "1", lang) + _other(services, "2", lang))]


def annex1_toggle(services: Services, lang: str) -> dict:
    """"Visa indikatorerna": annex 1 unfolded on a question card that asks about it."""
    first = services.model.annexes.annex1
    body = [text_block(first.title(lang), weight="Bolder")]
    for heading, text in _annex1_parts(services, lang):
        if heading:
            body.append(text_block(heading, weight="Bolder", spacing="Small"))
        body.append(text_block(text, spacing="Small"))
    body.append(text_block(first.outside_dalarna(lang), isSubtle=True))
    return toggle(services.texts.plain("annex_show_1", lang), body)


def toggles_for(services: Services, annex_key: str | None, lang: str) -> list[dict]:
    return [annex1_toggle(services, lang)] if annex_key == ANNEX1 else []


def _annex1_parts(services: Services, lang: str) -> list[tuple[str | None, str]]:
    first = services.model.annexes.annex1
    return [(None, first.about(lang))] + [
        (area.name(lang), bullets([indicator(lang) for indicator in area.indicators])) for area in first.areas]


def _annex2_parts(services: Services, lang: str) -> list[tuple[str | None, str]]:
    second, texts = services.model.annexes.annex2, services.texts
    lines = [texts.plain("annex_target", lang, name=i.name(lang), target=i.target(lang)) if i.target else i.name(lang)
             for i in second.indicators]
    return [(None, second.about(lang)), (None, bullets(lines))]


def _other(services: Services, number: str, lang: str) -> list[tuple[str, str]]:
    texts = services.texts
    if number == "1":
        return [(texts.plain("annex_1", lang), texts.plain("annex_command_1", lang))]
    return [(texts.plain("annex_2", lang), texts.plain("annex_command_2", lang))]
