"""The glossary: every term the issue names, looked up from what people type, and rows that link
exactly the terms their texts use."""
import re

import pytest

from model import load_model
from model.checks import load_checks

MODEL = load_model()
GLOSSARY = MODEL.glossary

REQUIRED = [
    "category_management", "dynamic_purchasing_system", "reserved_procurement", "employment_requirements",
    "labour_law_conditions", "functional_requirements", "total_cost", "competitive_dialogue", "negotiated_procedure",
    "innovation_partnership", "early_market_dialogue", "spend_analysis", "contract_management", "kpi", "nli", "skr",
    "soi", "lou", "agenda_2030", "dalarna_strategy", "regional_development_strategy", "cutting_edge_requirements",
]


def test_the_terms_users_meet_are_all_explained():
    assert [key for key in REQUIRED if key not in GLOSSARY.by_key] == []


@pytest.mark.parametrize("typed, key", [
    ("kategoristyrning", "category_management"),
    ("Kategoristyrningen?", "category_management"),
    ("category management", "category_management"),
    ("Category Management?", "category_management"),
    ("DIS?", "dynamic_purchasing_system"),
    ("dis", "dynamic_purchasing_system"),
    ("dynamic purchasing system", "dynamic_purchasing_system"),
    ("dynamiska inköpssystem", "dynamic_purchasing_system"),
    ("dynamiskt inköpssystem (DIS)", "dynamic_purchasing_system"),
    ("vad är DIS?", "dynamic_purchasing_system"),
    ("reserverade upphandlingar", "reserved_procurement"),
    ("sysselsättningskrav", "employment_requirements"),
    ("labour-law conditions", "labour_law_conditions"),
    ("funktionsupphandling", "functional_requirements"),
    ("livscykelkostnad", "total_cost"),
    ("TCO", "total_cost"),
    ("konkurrenspräglad dialog", "competitive_dialogue"),
    ("förhandlat förfarande", "negotiated_procedure"),
    ("innovation partnership", "innovation_partnership"),
    ("tidig dialog", "early_market_dialogue"),
    ("spendanalys", "spend_analysis"),
    ("avtalsförvaltning", "contract_management"),
    ("nyckeltal", "kpi"),
    ("KPIs", "kpi"),
    ("key figures", "kpi"),
    ("NLI", "nli"),
    ("Sveriges Kommuner och Regioner", "skr"),
    ("SOI", "soi"),
    ("lagen om offentlig upphandling", "lou"),
    ("agenda 2030", "agenda_2030"),
    ("Dalastrategin", "dalarna_strategy"),
    ("RUS", "regional_development_strategy"),
    ("regional development strategy", "regional_development_strategy"),
    ("spjutspetskrav", "cutting_edge_requirements"),
    ("spjutspetsnivå", "cutting_edge_requirements"),
    ("likabehandling", "equal_treatment"),
])
def test_a_term_is_found_from_what_people_type(typed, key):
    assert GLOSSARY.lookup(typed).key == key


@pytest.mark.parametrize("typed", ["", "?", "diskutera", "upphandling", "DIS och LOU", "something else"])
def test_no_term_or_two_terms_find_nothing(typed):
    assert GLOSSARY.lookup(typed) is None


def test_terms_are_found_in_a_text_in_the_order_they_appear():
    text = "Vi diskuterar nyckeltalen och använder dynamiska inköpssystem (DIS) och SOI:s kompetensmodell."
    assert [t.key for t in GLOSSARY.terms_in(text, "sv")] == ["kpi", "dynamic_purchasing_system", "soi"]
    assert [t.key for t in GLOSSARY.terms_in("Early dialogue with the market; KPIs.", "en")] == [
        "early_market_dialogue", "kpi"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_row_declares_exactly_the_terms_its_texts_use(lang):
    """`terms` in rows.yaml is the curated link from a question card to its explanations: a term in
    a row's text that is not declared (or declared and not used) fails here, in either language."""
    wrong = {row.key: (sorted(row.terms), sorted(t.key for t in GLOSSARY.terms_in_row(row, lang)))
             for row in MODEL.all_rows if set(row.terms) != {t.key for t in GLOSSARY.terms_in_row(row, lang)}}
    assert wrong == {}


def test_rows_that_ask_about_the_indicators_link_the_regional_strategy():
    assert "dalarna_strategy" in MODEL.row("3.S.1").terms
    assert "regional_development_strategy" in GLOSSARY.term("dalarna_strategy").related


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_explanations_are_one_to_three_sentences(lang):
    counts = {t.key: len(re.findall(r"[.!?](?:\s|$)", t.explanation(lang))) for t in GLOSSARY.terms}
    assert {key: n for key, n in counts.items() if not 1 <= n <= 3} == {}


def test_the_crisis_principles_are_explained_in_the_glossary():
    guide = load_checks(MODEL).crisis_guide
    assert [principle.term for principle in guide.principles] == [
        "proportionality", "transparency", "equal_treatment", "non_discrimination", "mutual_recognition"]
    assert set(GLOSSARY.term("procurement_principles").related) == {p.term for p in guide.principles}
