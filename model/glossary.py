"""Words of the trade explained: a glossary loaded with the model, and finding its terms in texts.

A term is found by its forms (its name and what people also call it) in either language. Text is
read as lower-case words; a form's word matches a word that starts with it, so "nyckeltal" also
finds "nyckeltalen" and "reserverad upphandling" finds "reserverade upphandlingar". A word written
in capitals (an abbreviation such as DIS) matches only itself, so DIS never finds "diskutera".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

from model.fields import Where, key_list, list_field, str_field, text_field
from model.types import LANGUAGES, Text

if TYPE_CHECKING:
    from model.types import Row

WORD = re.compile(r"\w+")
PREFIX = 2  # forms are indexed by the first letters of their first word; no form word is shorter


def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text.lower()))


@dataclass(frozen=True)
class Form:
    """One way of writing a term, as the words to match."""

    term: str  # the term's key
    words: tuple[str, ...]
    whole: tuple[bool, ...]  # per word: must match the whole word (an abbreviation)

    def matches_at(self, text: tuple[str, ...], start: int) -> bool:
        if start + len(self.words) > len(text):
            return False
        return all(
            found == word if whole else found.startswith(word)
            for word, whole, found in zip(self.words, self.whole, text[start:])
        )


@dataclass(frozen=True)
class Term:
    key: str
    name: Text
    also: Mapping[str, tuple[str, ...]]  # per language: synonyms and abbreviations people may type
    explanation: Text
    related: tuple[str, ...]  # keys of other terms

    def forms(self, lang: str) -> tuple[str, ...]:
        return (self.name(lang), *self.also[lang])


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    by_key: Mapping[str, Term] = field(repr=False)
    forms: Mapping[str, tuple[Form, ...]] = field(repr=False)  # per language
    starts: Mapping[str, Mapping[str, tuple[Form, ...]]] = field(repr=False)  # per language and PREFIX letters

    def term(self, key: str) -> Term:
        return self.by_key[key]

    def related(self, term: Term) -> tuple[Term, ...]:
        return tuple(self.by_key[key] for key in term.related)

    def lookup(self, typed: str) -> Term | None:
        """The term someone asked about, from what they typed after the command word, in either
        language: "DIS", "kategoristyrningen?", "Category management". Else the one term the text
        mentions ("dynamiskt inköpssystem (DIS)"); None when there is none or more than one."""
        asked = words(typed)
        whole = [form for lang in LANGUAGES for form in self.forms[lang]
                 if len(form.words) == len(asked) and form.matches_at(asked, 0)]
        if whole:
            # The closest form wins: exact before prefix, then the longest.
            best = max(whole, key=lambda form: (form.words == asked, sum(map(len, form.words))))
            return self.by_key[best.term]
        mentioned = {term.key: term for lang in LANGUAGES for term in self.terms_in(typed, lang)}
        return next(iter(mentioned.values())) if len(mentioned) == 1 else None

    def terms_in(self, text: str, lang: str) -> tuple[Term, ...]:
        """The terms a text uses, in the order they first appear."""
        found: dict[str, Term] = {}
        text_words, starts = words(text), self.starts[lang]
        for start, word in enumerate(text_words):
            for form in starts.get(word[:PREFIX], ()):
                if form.term not in found and form.matches_at(text_words, start):
                    found[form.term] = self.by_key[form.term]
        return tuple(found.values())

    def terms_in_row(self, row: "Row", lang: str) -> tuple[Term, ...]:
        """The terms a row's topic, question, levels and actions use, in that order."""
        found: dict[str, Term] = {}
        for text in row.texts(lang):
            found.update((term.key, term) for term in self.terms_in(text, lang) if term.key not in found)
        return tuple(found.values())


def build_glossary(document: Any, where: Where) -> Glossary:
    items = list_field(document, "terms", where)
    keys = [str_field(item, "key", where) for item in items]
    by_key: dict[str, Term] = {}
    for key, item in zip(keys, items):
        term_where = where.at(key, "term")
        if key in by_key:
            raise term_where.error("key", "appears twice")
        related = key_list(item, "related", term_where, set(keys) - {key}, "terms")
        by_key[key] = Term(key, text_field(item, "name", term_where), _also(item, term_where),
                           text_field(item, "explanation", term_where), related)
    terms = tuple(by_key.values())
    forms = _forms(terms, where)
    return Glossary(terms, MappingProxyType(by_key), forms,
                    MappingProxyType({lang: _by_start(found) for lang, found in forms.items()}))


def _also(item: dict, where: Where) -> Mapping[str, tuple[str, ...]]:
    also = item.get("also") or {}
    if not isinstance(also, dict) or set(also) - set(LANGUAGES):
        raise where.error("also", "must map sv and en to lists of texts")
    found = {}
    for lang in LANGUAGES:
        values = also.get(lang) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and words(v) for v in values):
            raise where.error(f"also.{lang}", "must be a list of non-empty texts")
        found[lang] = tuple(values)
    return MappingProxyType(found)


def _forms(terms: tuple[Term, ...], where: Where) -> Mapping[str, tuple[Form, ...]]:
    """Every form per language. A form may serve one term only, in both languages, so that what
    someone types always means one term; the same term may list a form in sv and en (DIS)."""
    owners: dict[tuple[str, ...], str] = {}
    forms: dict[str, list[Form]] = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        listed: set[tuple[str, ...]] = set()
        for term in terms:
            for position, written in enumerate(term.forms(lang)):
                form = Form(term.key, words(written), tuple(w.isupper() for w in WORD.findall(written)))
                at, name = where.at(term.key, "term"), f"also.{lang}" if position else f"name.{lang}"
                if min(map(len, form.words)) < PREFIX:
                    raise at.error(name, f"has '{written}' with a one-letter word")
                owner = owners.setdefault(form.words, term.key)
                if owner != term.key or (form.words, term.key) in listed:
                    problem = "twice" if owner == term.key else f"though it is a form of {owner}"
                    raise at.error(name, f"lists '{written}' {problem}")
                listed.add((form.words, term.key))
                forms[lang].append(form)
    return MappingProxyType({lang: tuple(found) for lang, found in forms.items()})


def _by_start(forms: tuple[Form, ...]) -> Mapping[str, tuple[Form, ...]]:
    starts: dict[str, list[Form]] = {}
    for form in forms:
        starts.setdefault(form.words[0][:PREFIX], []).append(form)
    return MappingProxyType({start: tuple(found) for start, found in starts.items()})
