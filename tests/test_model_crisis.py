"""Crisis readiness content: one question per prompt, each tied to a crisis row, and the reasons
the model document gives for the principles that weigh more in a crisis."""
import pytest

from model import ModelError, load_model
from model.checks import load_checks, load_checks_from_text

MODEL = load_model()
CHECKS = load_checks(MODEL)
GUIDE = CHECKS.crisis_guide


def test_every_crisis_prompt_belongs_to_a_crisis_row():
    assert {prompt.row for prompt in CHECKS.crisis_prompts} == {"K.1", "K.2"}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_prompt_asks_one_question(lang):
    questions = [item.question(lang) for item in (*CHECKS.crisis_prompts, *CHECKS.preparedness)]
    assert [q for q in questions if q.count("?") != 1 or not q.endswith("?")] == []


def test_the_principles_with_reasons_and_the_prompts_they_stand_behind():
    reasons = {principle.term: len(principle.reasons) for principle in GUIDE.principles}
    assert reasons == {"proportionality": 1, "transparency": 1, "equal_treatment": 2, "non_discrimination": 0,
                       "mutual_recognition": 0}
    behind = {prompt.key: prompt.principle for prompt in CHECKS.crisis_prompts if prompt.principle}
    assert behind == {
        "crisis_availability": "proportionality", "crisis_reasons": "proportionality",
        "crisis_escalation": "transparency", "crisis_compensation": "transparency",
        "crisis_renegotiation": "equal_treatment", "crisis_follow_up": "equal_treatment",
        "crisis_penalties": "equal_treatment"}


@pytest.mark.parametrize("term, lang, words", [
    # Objective reasons make crisis terms defensible.
    ("proportionality", "sv", ("objektiva skälen", "försvara")),
    ("proportionality", "en", ("objective reasons", "defend")),
    # Vague terms spread bid prices and cause disputes over which crisis level applies.
    ("transparency", "sv", ("anbudspriser som spretar", "vilket läge som gäller")),
    ("transparency", "en", ("spread bid prices", "which level applies")),
    # Not claiming penalties breaks equal treatment; settlements are judged restrictively.
    ("equal_treatment", "sv", ("vite", "förlikningar restriktivt", "flexibilitet i avtalet")),
    ("equal_treatment", "en", ("penalties", "settlements are judged restrictively", "flexibility into the contract")),
])
def test_the_reasons_say_what_the_document_says(term, lang, words):
    said = " ".join(reason(lang) for reason in GUIDE.principle(term).reasons)
    assert [word for word in words if word not in said] == []


def test_preparedness_covers_the_documents_background_with_reasons():
    assert [item.key for item in CHECKS.preparedness] == [
        "preparedness_competence", "preparedness_plans", "preparedness_stock", "preparedness_suppliers",
        "preparedness_contracts"]
    assert all(item.why for item in CHECKS.preparedness)
    assert "avtalsparter och leveranskedjor" in GUIDE.intro.sv


CATEGORIES = "categories: [{key: bygg, name: {sv: Bygg, en: Construction}}]"
TEXTS = "title: {sv: T, en: T}, question: {sv: Q?, en: Q?}, action: {sv: A, en: A}"
PRINCIPLES = "intro: {sv: I, en: I}\nprinciples: {intro: {sv: P, en: P}, list: [{term: proportionality}]}\n"


@pytest.mark.parametrize("crisis, problem", [
    (f"crisis_prompts: [{{key: C, row: '4.R.1', {TEXTS}}}]\npreparedness: []\n{PRINCIPLES}",
     "row C: field 'row' names 4.R.1; a crisis prompt belongs to a crisis row (K.1, K.2)"),
    (f"crisis_prompts: [{{key: C, row: 'K.1', principle: fairness, {TEXTS}}}]\npreparedness: []\n{PRINCIPLES}",
     "row C: field 'principle' must be one of the principles ['proportionality']"),
    ("crisis_prompts: []\npreparedness: []\n" + PRINCIPLES.replace("proportionality", "fairness"),
     "principle fairness: field 'term' is not a term of the glossary"),
    ("crisis_prompts: []\npreparedness: []\nintro: {sv: I, en: I}\n", "field 'principles' is missing"),
])
def test_broken_crisis_content_is_refused_with_file_entry_and_field(crisis, problem):
    with pytest.raises(ModelError) as caught:
        load_checks_from_text(MODEL, f"{CATEGORIES}\nchecks: []", crisis)
    assert str(caught.value).startswith(f"crisis.yaml: {problem}")
