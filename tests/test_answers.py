"""Reading answers as people type or click them, with the words from the texts catalogue."""
import pytest

from dialogs.answers import Reading, Said, read_choice, read_reply
from texts import Texts

CATALOGUE = Texts.load()


@pytest.mark.parametrize("text, expected", [
    ("2", Reading(Said.ANSWER, 2)),
    ("2 beslutat i KF 2024", Reading(Said.ANSWER, 2, "beslutat i KF 2024")),
    ("0", Reading(Said.ANSWER, 0)),
    ("Ej relevant: vi köper inte detta", Reading(Said.ANSWER, "na", "vi köper inte detta")),
    ("not relevant", Reading(Said.ANSWER, "na")),
    ("hoppa över", Reading(Said.SKIP)),
    ("vet inte", Reading(Said.SKIP)),
    ("don't know", Reading(Said.SKIP)),
    ("Tillbaka", Reading(Said.BACK)),
    ("back", Reading(Said.BACK)),
    ("kanske", Reading(Said.NOT_UNDERSTOOD)),
    ("4", Reading(Said.NOT_UNDERSTOOD)),
    ("2 " + "x" * 501, Reading(Said.TOO_LONG)),
])
def test_typed_replies_to_a_model_question(text, expected):
    assert read_reply(CATALOGUE, text) == expected


@pytest.mark.parametrize("value, expected", [
    ({"answer": "3", "comment": " Beslut i KS "}, Reading(Said.ANSWER, 3, "Beslut i KS")),
    ({"answer": "na", "comment": "köper inte"}, Reading(Said.ANSWER, "na", "köper inte")),
    ({"answer": "skip", "comment": "ignoreras"}, Reading(Said.SKIP)),
    ({"answer": "back"}, Reading(Said.BACK)),
    ({"answer": "ej relevant"}, Reading(Said.NOT_UNDERSTOOD)),  # buttons send keys, not words
])
def test_clicked_replies_to_a_model_question(value, expected):
    assert read_reply(CATALOGUE, None, value) == expected


DELETE = [("yes", "Ja, ta bort"), ("no", "Behåll")]


@pytest.mark.parametrize("text, value, expected", [
    (None, {"choice": "no"}, "no"), ("2", None, "no"), ("behåll", None, "no"), ("ja", None, "yes"),
    ("nej", None, "no"), ("j", None, "yes"), ("no", None, "no"), ("kanske", None, None), ("3", None, None),
])
def test_a_choice_between_yes_and_no_takes_the_words_for_them(text, value, expected):
    assert read_choice(CATALOGUE, text, value, DELETE) == expected


def test_answer_words_choose_only_among_the_options_offered():
    assert read_choice(CATALOGUE, "delvis", None, DELETE) is None
    assert read_choice(CATALOGUE, "nej", None, [("a", "Alla igen"), ("b", "Bara de som återstår")]) is None
