"""`förklara kategoristyrning`, `vad är DIS?`, `what does DPS mean`: a word of the trade explained, with
buttons to the related words; and the toggles that explain the words a question card uses."""
from __future__ import annotations

from botbuilder.schema import Activity

from bot.cards import text_block, toggle
from bot.cards.guide import reading_card
from dialogs.context import Services
from model.glossary import Term

MAX_RELATED = 5  # a row of buttons holds six; the related words fit in one set
SUGGESTED = ("category_management", "dynamic_purchasing_system", "spend_analysis", "total_cost", "kpi")
TOGGLES_ONE_EACH = 2  # up to this many words get a toggle each; more share one, so the card stays short


def explain(services: Services, lang: str, words: tuple[str, ...]) -> list[Activity]:
    glossary, texts = services.model.glossary, services.texts
    term = glossary.lookup(" ".join(words)) if words else None
    if term is None:
        asked = texts("explain_unknown" if words else "explain_which", lang)
        suggested = [glossary.term(key) for key in SUGGESTED]
        return [reading_card(asked, [], _buttons(services, suggested, lang))]
    related = glossary.related(term)[:MAX_RELATED]
    parts: list[tuple[str | None, str]] = [(None, term.explanation(lang))]
    if related:
        parts.append((None, texts("explain_related", lang)))
    title = _name(term, lang)
    return [reading_card(title[:1].upper() + title[1:], parts, _buttons(services, related, lang))]


def term_toggles(services: Services, keys: tuple[str, ...], lang: str) -> list[dict]:
    """"Vad betyder kategoristyrning?" per word a question uses; one "Vad betyder orden?" for more."""
    glossary, texts = services.model.glossary, services.texts
    terms = [glossary.term(key) for key in keys]
    if len(terms) <= TOGGLES_ONE_EACH:
        return [toggle(texts.plain("explain_toggle", lang, term=term.name(lang)),
                       [text_block(term.explanation(lang), spacing="Small")]) for term in terms]
    body = [text_block(f"**{_name(term, lang)}:** {term.explanation(lang)}", spacing="Small") for term in terms]
    return [toggle(texts.plain("explain_toggle_many", lang), body)] if terms else []


def _name(term: Term, lang: str) -> str:
    """"dynamiskt inköpssystem (DIS)": the name and the abbreviation people also write."""
    short = [form for form in term.also[lang] if form.isupper()]
    return f"{term.name(lang)} ({short[0]})" if short else term.name(lang)


def _buttons(services: Services, terms, lang: str) -> list[tuple[str, str]]:
    word = services.texts.plain("explain_word", lang)
    return [(term.name(lang), f"{word} {term.name(lang)}") for term in terms]
