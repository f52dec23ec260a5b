import pytest

from model import ModelError
from tests.tiny_model import ANNEXES, GLOSSARY, ROWS, STRUCTURE, row_yaml, tiny_model


def test_tiny_model_loads_cells_in_model_order():
    model = tiny_model()
    assert [row.key for row in model.cells["1.S"]] == ["1.S.1", "1.S.2"]
    assert [row.key for row in model.crisis_rows] == ["K.1"]
    assert model.row("2.V.1").rung(3).action("en") == "Do 2.V.1 step 3"


@pytest.mark.parametrize(
    "rows, message",
    [
        (ROWS + row_yaml("1.S.1"), "row 1.S.1: field 'key' appears twice"),
        (ROWS.replace('key: "2.V.1"', 'key: "5.V.1"'), "row 5.V.1: field 'key' names unknown step 5"),
        (ROWS.replace('key: "2.V.1"', 'key: "2.X.1"'), "row 2.X.1: field 'key' names unknown perspective X"),
        (ROWS.replace('key: "2.V.1"', 'key: "two"'), "row two: field 'key' is not of the form"),
        (ROWS.replace("question: {sv: Fråga 1.V.1?, en: Question 1.V.1?}", "question: {sv: Fråga?}"),
         "row 1.V.1: field 'question.en' is missing"),
        (ROWS.replace("    topic: {sv: Ämne 1.S.2, en: Topic 1.S.2}\n", ""), "row 1.S.2: field 'topic' is missing"),
        (ROWS.replace("      - {practice: {sv: K.1 gör 3, en: K.1 does 3}, action: {sv: Gör K.1 steg 3, en: Do K.1 step 3}}\n", ""),
         "row K.1: field 'rungs' must have exactly three rungs, has 2"),
        (ROWS.replace("action: {sv: Gör 1.S.1 steg 2, en: Do 1.S.1 step 2}", "action: {en: Do it}"),
         "row 1.S.1: field 'rungs[2].action.sv' is missing"),
        (ROWS.replace('key: "1.S.2"\n', 'key: "1.S.2"\n    terms: [kpi, tco]\n'),
         "row 1.S.2: field 'terms' names unknown glossary terms ['tco']"),
        (ROWS.replace('key: "1.S.2"\n', 'key: "1.S.2"\n    annex: annex3\n'),
         "row 1.S.2: field 'annex' must be one of ['annex1', 'annex2']"),
    ],
)
def test_broken_rows_name_file_row_and_field(rows, message):
    with pytest.raises(ModelError) as caught:
        tiny_model(rows=rows)
    assert str(caught.value).startswith("rows.yaml:")
    assert message in str(caught.value)


def test_rows_link_glossary_terms_and_annexes():
    rows = ROWS.replace('key: "1.S.2"\n', 'key: "1.S.2"\n    terms: [kpi, dis]\n    annex: annex2\n')
    row = tiny_model(rows=rows).row("1.S.2")
    assert (row.terms, row.annex) == (("kpi", "dis"), "annex2")


def test_broken_structure_names_the_file_and_field():
    with pytest.raises(ModelError, match=r"^structure.yaml: field 'perspectives' is missing"):
        tiny_model(structure=STRUCTURE.split("perspectives:")[0] + "crisis: {}\n")


@pytest.mark.parametrize(
    "glossary, message",
    [
        (GLOSSARY + GLOSSARY.split("terms:")[1], "glossary.yaml: term dis: field 'key' appears twice"),
        (GLOSSARY.replace("related: [kpi]", "related: [kpi, lou]"),
         "glossary.yaml: term dis: field 'related' names unknown terms ['lou']"),
        (GLOSSARY.replace("related: [kpi]", "related: [dis]"),
         "glossary.yaml: term dis: field 'related' names unknown terms ['dis']"),
        (GLOSSARY.replace("en: [KPIs, key performance indicator]", "en: [KPIs, DPS]"),
         "glossary.yaml: term kpi: field 'also.en' lists 'DPS' though it is a form of dis"),
        (GLOSSARY.replace("sv: [KPI]", "sv: [KPI, kpi]"), "glossary.yaml: term kpi: field 'also.sv' lists 'kpi' twice"),
        (GLOSSARY.replace("explanation: {sv: Ett mått., en: A measure.}", "explanation: {sv: Ett mått.}"),
         "glossary.yaml: term kpi: field 'explanation.en' is missing"),
        (GLOSSARY.replace("sv: [KPI]", "sv: KPI"), "glossary.yaml: term kpi: field 'also.sv' must be a list"),
        (GLOSSARY.replace("name: {sv: nyckeltal,", "name: {sv: DIS,"),
         "glossary.yaml: term kpi: field 'name.sv' lists 'DIS' though it is a form of dis"),
        (GLOSSARY.replace("en: [DIS, DPS]", "en: [DIS, DPS, D P S]"),
         "glossary.yaml: term dis: field 'also.en' has 'D P S' with a one-letter word"),
    ],
)
def test_a_broken_glossary_names_file_term_and_field(glossary, message):
    with pytest.raises(ModelError) as caught:
        tiny_model(glossary=glossary)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "annexes, message",
    [
        (ANNEXES.replace("  outside_dalarna: {sv: Er region., en: Your region.}\n", ""),
         "annexes.yaml: field 'annex1.outside_dalarna' is missing"),
        (ANNEXES.replace("indicators: [{sv: Utsläpp, en: Emissions}]", "indicators: [{sv: Utsläpp}]"),
         "annexes.yaml: annex 1 area green: field 'indicators[1].en' is missing"),
        (ANNEXES.replace("measure: share", "measure: percent"),
         "annexes.yaml: annex 2 indicator environmental_requirements: field 'measure' must be one of"),
        (ANNEXES.replace("target_of: all", "target_of: schools"),
         "annexes.yaml: annex 2 indicator environmental_requirements: field 'target_min_percent' must be 1-100"),
        (ANNEXES.replace("      target: {sv: Minst 98 %., en: At least 98 %.}\n", ""),
         "annexes.yaml: annex 2 indicator environmental_requirements: field 'target' is missing"),
    ],
)
def test_broken_annexes_name_file_entry_and_field(annexes, message):
    with pytest.raises(ModelError) as caught:
        tiny_model(annexes=annexes)
    assert str(caught.value).startswith(message)


def test_loaded_content_is_frozen():
    model = tiny_model()
    with pytest.raises(AttributeError):
        model.glossary.term("kpi").name = None
    with pytest.raises(TypeError):
        model.glossary.by_key["x"] = None
    with pytest.raises(TypeError):
        model.glossary.term("kpi").also["sv"] = ()
    assert model.annexes.annex2.target_percent(("environmental_requirements",)) == 98
