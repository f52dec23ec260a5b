"""The shipped content matches the seed's structure and is complete in both languages."""
import pytest

from model import load_model

MODEL = load_model()

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


def _texts(node):
    if isinstance(node, dict):
        if "sv" in node or "en" in node:
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_annexes_hold_both_languages_and_the_environmental_target():
    texts = list(_texts(dict(MODEL.annexes)))
    assert texts and all(text.get("sv") and text.get("en") for text in texts)
    assert len(MODEL.annexes["annex1"]["areas"]) == 3
    indicators = {item["key"]: item for item in MODEL.annexes["annex2"]["indicators"]}
    assert indicators["environmental_requirements"]["target_min_percent"] == 98
