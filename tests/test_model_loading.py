import pytest

from model import ModelError, load_model_from_text
from tests.tiny_model import ROWS, STRUCTURE, row_yaml, tiny_model


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
    ],
)
def test_broken_rows_name_file_row_and_field(rows, message):
    with pytest.raises(ModelError) as caught:
        load_model_from_text(STRUCTURE, rows)
    assert str(caught.value).startswith("rows.yaml:")
    assert message in str(caught.value)


def test_broken_structure_names_the_file_and_field():
    with pytest.raises(ModelError, match=r"^structure.yaml: field 'perspectives' is missing"):
        load_model_from_text(STRUCTURE.split("perspectives:")[0] + "crisis: {}\n", ROWS)
