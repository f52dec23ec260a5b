"""The shipped content matches the seed's structure and is complete in both languages."""
import re
from pathlib import Path

import pytest

from model import load_model
from model.checks import load_checks
from model.fields import read_yaml
from model.loader import CONTENT_DIR

MODEL = load_model()
TEXTS_DIR = Path(__file__).resolve().parents[1] / "texts"

# Rows per cell in the seed (DEL 2), perspectives in the order S, V, R, M.
SEED_CELLS = {"1": (6, 2, 3, 1), "2": (3, 1, 3, 2), "3": (5, 1, 1, 2), "4": (1, 1, 2, 1)}


def test_rows_and_keys_follow_the_seed_exactly():
    expected = [
        f"{step}.{perspective}.{number}"
        for step, counts in SEED_CELLS.items()
        for perspective, count in zip("SVRM", counts)
        for number in range(1, count + 1)
    ]
    assert [row.key for row in MODEL.rows] == expected
    assert [row.key for row in MODEL.crisis_rows] == ["K.1", "K.2"]
    assert [step.key for step in MODEL.steps] == ["1", "2", "3", "4"]
    assert [p.key for p in MODEL.perspectives] == ["S", "V", "R", "M"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_questions_and_topics_are_distinct(lang):
    questions = [row.question(lang) for row in MODEL.all_rows]
    topics = [row.topic(lang) for row in MODEL.all_rows]
    assert len(set(questions)) == len(questions)
    assert len(set(topics)) == len(topics)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_texts_fit_on_a_phone(lang):
    too_long = [row.key for row in MODEL.all_rows if len(row.question(lang)) > 120]
    assert too_long == []


def test_each_rung_says_something_new():
    for row in MODEL.all_rows:
        for lang in ("sv", "en"):
            assert len({rung.practice(lang) for rung in row.rungs}) == 3, row.key
            assert len({rung.action(lang) for rung in row.rungs}) == 3, row.key


def test_annex_1_lists_the_seed_indicators_by_target_area_and_says_what_applies_outside_dalarna():
    annex = MODEL.annexes.annex1
    assert [(area.key, len(area.indicators)) for area in annex.areas] == [
        ("climate_smart", 10), ("competitive", 15), ("cohesive", 12)]
    assert "Utanför Dalarna" in annex.outside_dalarna.sv and "Outside Dalarna" in annex.outside_dalarna.en
    assert MODEL.row("3.S.1").annex == "annex1"
    assert load_checks(MODEL).item("regional").annex == "annex1"


@pytest.mark.parametrize("key, percent, of", [
    ("coordinated_procurements", 80, "all"), ("environmental_requirements", 98, "all"),
    ("recycling_requirements", 20, "all"), ("climate_requirements", 20, "all"), ("chemical_requirements", 20, "all"),
    ("organic_food", 20, "food"), ("local_food", 5, "food"),
])
def test_annex_2_targets_follow_the_seed_and_say_the_number_in_words(key, percent, of):
    indicator = MODEL.annexes.annex2.indicator(key)
    assert (indicator.target_min_percent, indicator.target_of) == (percent, of)
    assert f"{percent} %" in indicator.target.sv and f"{percent} %" in indicator.target.en


def test_annex_2_lists_the_boards_indicators_once_each():
    keys = [indicator.key for indicator in MODEL.annexes.annex2.indicators]
    assert len(keys) == len(set(keys)) == 22
    assert [key for key in keys if MODEL.annexes.annex2.indicator(key).target] == [
        "coordinated_procurements", "environmental_requirements", "recycling_requirements", "climate_requirements",
        "chemical_requirements", "organic_food", "local_food", "business_climate_ranking"]


def test_the_guide_covers_how_to_run_an_analysis():
    assert [section.key for section in MODEL.guide] == ["overview", "supports", "who", "scope", "plan"]
    who = {section.key: section.text for section in MODEL.guide}["who"]
    assert all(word in who.sv for word in ("politiker", "ledning", "verksamhet", "upphandlare", "controllers"))
    assert all(word in who.en for word in ("politicians", "management", "operations", "procurement", "controllers"))
    assert MODEL.plan_questions.stay.sv == "Vad behöver vi göra för att stanna kvar där?"


def _texts(node):
    """Every {sv, en} text in a YAML document."""
    if isinstance(node, dict):
        if isinstance(node.get("sv"), str) and isinstance(node.get("en"), str):
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


CONTENT = {path.name: read_yaml(path) for path in sorted(CONTENT_DIR.glob("*.yaml"))}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def test_every_text_has_both_languages():
    for name, document in CONTENT.items():
        for text in _texts(document):
            assert text["sv"].strip() and text["en"].strip(), (name, text)


@pytest.mark.parametrize("name", sorted(CONTENT))
def test_no_sentence_is_longer_than_twenty_words(name):
    too_long = [sentence for text in _texts(CONTENT[name]) for lang in ("sv", "en")
                for sentence in SENTENCE_END.split(text[lang].strip()) if len(sentence.split()) > 20]
    assert too_long == []


def test_nyckeltal_is_kpi_in_english_everywhere():
    catalogues = [*CONTENT.values(), *(read_yaml(path) for path in sorted(TEXTS_DIR.glob("*.yaml")))]
    pairs = [text for document in catalogues for text in _texts(document)]
    assert [t["en"] for t in pairs if "nyckeltal" in t["sv"].lower() and "KPI" not in t["en"]] == []
    assert [t["en"] for t in pairs if "key figure" in t["en"].lower() or "key performance" in t["en"].lower()] == []


CHECKS = load_checks(MODEL)


@pytest.mark.parametrize("text, lang, present, absent", [
    # K.1 level 2: some functions need not work at all (not "can wait").
    (MODEL.row("K.1").rung(2).practice, "sv", "inte alls behöver fungera", "vänta"),
    (MODEL.row("K.1").rung(2).practice, "en", "need not work at all", "can stop"),
    # K.1 level 3 keeps why a supplier may break a contract.
    (MODEL.row("K.1").rung(3).practice, "sv", "skadeståndet som en kalkylerad risk", None),
    (MODEL.row("K.1").rung(3).practice, "en", "damages as a calculated risk", None),
    (CHECKS.item("small_suppliers").action, "sv", "omfattning", "omsättning"),
    (CHECKS.item("small_suppliers").action, "en", "scope", "turnover"),
    (CHECKS.item("social").action, "sv", "reserverad upphandling", None),
    (CHECKS.item("social").action, "en", "reserved procurement", None),
    # The environment check counts any environmental requirement, as annex 2's 98 % does.
    (CHECKS.item("environment").question, "sv", "något miljökrav", "proportion"),
    (CHECKS.item("environment").question, "en", "any environmental requirement", "proportion"),
    (MODEL.row("1.S.3").rung(3).practice, "sv", "beslutad och förankrad", None),
    (MODEL.row("1.V.2").rung(3).practice, "sv", "beslutad och förankrad", None),
    (MODEL.row("1.V.2").rung(3).practice, "sv", "Agenda 2030", None),
    (MODEL.row("1.V.2").rung(3).practice, "en", "Agenda 2030", None),
    (MODEL.row("1.S.4").rung(1).practice, "sv", "tydligt uppdrag", None),
    (MODEL.row("2.S.3").rung(1).practice, "sv", "analyserar", None),
])
def test_content_says_what_the_seed_says(text, lang, present, absent):
    assert present in text(lang)
    assert absent is None or absent not in text(lang)


def test_greener_alternatives_are_checked_in_every_category():
    assert CHECKS.item("alternatives").categories == ()


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_level_text_or_question_has_a_sentence_over_twenty_words(lang):
    """What people read on a question card: each row's question and level texts, and every quick-check,
    crisis and preparedness question (the seed's longest level sentence had 28 words, a crisis prompt 29)."""
    texts = [row.question(lang) for row in MODEL.all_rows]
    texts += [text(lang) for row in MODEL.all_rows for rung in row.rungs for text in (rung.practice, rung.action)]
    texts += [item.question(lang) for item in CHECKS.by_key.values()]
    too_long = [sentence for text in texts for sentence in _sentences(text) if len(sentence.split()) > 20]
    assert too_long == []


def test_the_reports_environment_indicator_counts_any_environmental_requirement():
    texts = read_yaml(TEXTS_DIR / "report.yaml")["report_indicator_environmental_requirements"]
    assert "miljökrav" in texts["sv"] and "klimat" not in texts["sv"] and "climate" not in texts["en"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_crisis_and_preparedness_prompt_asks_one_question_and_names_its_row(lang):
    """A yes/no that bundles several questions cannot be answered honestly: one question mark, at the end.
    Crisis prompts point at the crisis row they belong to."""
    items = CHECKS.crisis_prompts + CHECKS.preparedness
    bundled = [item.key for item in items
               if item.question(lang).count("?") != 1 or not item.question(lang).endswith("?")]
    assert bundled == []
    assert {item.row for item in CHECKS.crisis_prompts} == {"K.1", "K.2"}
