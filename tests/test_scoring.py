import pytest

from model.scoring import (
    cell_standing,
    nearest_target,
    parse_answers,
    parse_target,
    reached_targets,
    recommendations,
    score,
    target_lines,
    with_target,
)
from model.types import CRISIS_CELL
from tests.tiny_model import tiny_model

MODEL = tiny_model()


def standing(level, progress, complete):
    return {"level": level, "progress": progress, "complete": complete}


@pytest.mark.parametrize(
    "answers, cell, expected",
    [
        ({}, "1.S", standing(None, 0.0, False)),
        ({"1.S.1": 2, "1.S.2": 1}, "1.S", standing(1, 50.0, True)),
        ({"1.S.1": 2}, "1.S", standing(2, 66.7, False)),
        ({"1.S.1": "na", "1.S.2": 3}, "1.S", standing(3, 100.0, True)),
        ({"1.S.1": "na", "1.S.2": "na"}, "1.S", standing(None, 0.0, True)),
        ({"1.S.1": 0, "1.S.2": 3}, "1.S", standing(0, 50.0, True)),
    ],
)
def test_cell_is_the_lowest_answered_applicable_row(answers, cell, expected):
    assert score(MODEL, answers).cells[cell].to_dict() == expected
    assert cell_standing(MODEL, answers, cell).to_dict() == expected  # what an answer turn reports


@pytest.mark.parametrize(
    "answers, part, key, expected",
    [
        ({"1.S.1": 3, "1.S.2": 2, "1.V.1": 1}, "steps", "1", standing(1, 66.7, True)),
        ({"1.S.1": 3, "1.S.2": 2}, "steps", "1", standing(2, 83.3, False)),
        ({"1.S.1": 3, "1.S.2": 3, "2.S.1": 0}, "perspectives", "S", standing(0, 66.7, True)),
        ({"1.V.1": "na", "2.V.1": 2}, "perspectives", "V", standing(2, 66.7, True)),
    ],
)
def test_steps_and_perspectives_take_the_minimum(answers, part, key, expected):
    assert getattr(score(MODEL, answers), part)[key].to_dict() == expected


def test_crisis_cell_stays_out_of_the_overall_level():
    main = {key: 3 for key in ("1.S.1", "1.S.2", "1.V.1", "2.S.1", "2.V.1")}
    result = score(MODEL, {**main, "K.1": 0})
    assert result.overall.to_dict() == standing(3, 100.0, True)
    assert result.crisis.to_dict() == standing(0, 0.0, True)
    assert cell_standing(MODEL, {**main, "K.1": 0}, CRISIS_CELL).to_dict() == standing(0, 0.0, True)


ANSWERS = {"1.S.1": 2, "1.S.2": 1, "1.V.1": 0, "2.S.1": 3, "2.V.1": 2, "K.1": 1}


@pytest.mark.parametrize(
    "answers, target, limit, expected",
    [
        # Default targets: one above each cell's level. Level 0 first, then rows holding their cell.
        (ANSWERS, None, 5, [("1.V.1", 1), ("1.S.2", 2), ("2.V.1", 3), ("K.1", 2)]),
        # An overall target brings in rows above their cell's level too, after the others.
        (ANSWERS, {"overall": 3}, 5, [("1.V.1", 1), ("1.S.2", 2), ("2.V.1", 3), ("K.1", 2), ("1.S.1", 3)]),
        # A perspective target applies to that perspective only; V at 1 asks nothing of 2.V.1.
        (ANSWERS, {"V": 1}, 5, [("1.V.1", 1), ("1.S.2", 2), ("K.1", 2)]),
        (ANSWERS, {"overall": 3}, 2, [("1.V.1", 1), ("1.S.2", 2)]),
        # A step's target comes before the whole model's: step 1 at 1 asks nothing more of 1.S.
        (ANSWERS, {"overall": 3, "1": 1}, 5, [("1.V.1", 1), ("2.V.1", 3), ("K.1", 2)]),
        (ANSWERS, {"overall": 3, "2": 2}, 5, [("1.V.1", 1), ("1.S.2", 2), ("K.1", 2), ("1.S.1", 3)]),
        # Step and perspective both set: the cell must reach the higher, so 1.S goes to 3.
        (ANSWERS, {"1": 1, "S": 3}, 5, [("1.V.1", 1), ("1.S.2", 2), ("2.V.1", 3), ("K.1", 2), ("1.S.1", 3)]),
        # The crisis cell takes only its own target, stored as {"K": n}.
        (ANSWERS, {"K": 1}, 5, [("1.V.1", 1), ("1.S.2", 2), ("2.V.1", 3)]),
        # na and unanswered rows are never recommended.
        ({"1.S.1": "na", "1.V.1": 1}, {"overall": 3}, 5, [("1.V.1", 2)]),
        ({key: 3 for key in ANSWERS}, None, 5, []),
    ],
)
def test_recommendations_in_priority_order(answers, target, limit, expected):
    found = recommendations(MODEL, answers, target, limit)
    assert [(r.row.key, r.level) for r in found] == expected


def test_a_recommendation_is_the_next_rung_as_an_action():
    [first] = recommendations(MODEL, {"1.S.1": 1}, None, 1)
    assert first.to_dict("sv") == {"row": "1.S.1", "level": 2, "text": "Gör 1.S.1 steg 2"}
    assert first.to_dict("en")["text"] == "Do 1.S.1 step 2"


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"9.Z.9": 1}, "unknown row key '9.Z.9'"),
        ({"1.S.1": 4}, "answer to 1.S.1 must be 0-3"),
        ({"1.S.1": True}, "answer to 1.S.1 must be 0-3"),
        ({"1.S.1": "two"}, "answer to 1.S.1 must be 0-3"),
        (["1.S.1"], "must be an object"),
    ],
)
def test_bad_answers_are_named(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_answers(MODEL, raw)


@pytest.mark.parametrize(
    "target, cell, expected",
    [
        (None, "1.S", None),
        ({"overall": 2}, "1.S", 2),
        ({"overall": 2}, "K", None),
        ({"overall": 1, "K": 3}, "K", 3),
        ({"overall": 3, "1": 1}, "1.S", 1),
        ({"overall": 3, "1": 1}, "2.S", 3),
        ({"1": 1, "S": 3}, "1.S", 3),
        ({"1": 1, "S": 3}, "1.V", 1),
        ({"S": 2}, "2.V", None),
        ({"overall": 2, "V": None}, "1.V", 2),
    ],
)
def test_nearest_target_is_the_most_specific_one_set(target, cell, expected):
    assert nearest_target(target, cell) == expected


def lines(answers, target):
    return [(line.part, line.standing.level, line.target, line.own, line.reached)
            for line in target_lines(MODEL, score(MODEL, answers), target)]


def test_status_shows_each_part_with_its_level_beside_its_nearest_target():
    assert lines(ANSWERS, {"overall": 2, "2": 3, "V": 1, "K": 1}) == [
        ("overall", 0, 2, True, False),
        ("1", 0, 2, False, False),
        ("2", 2, 3, True, False),
        ("S", 1, 2, False, False),
        ("V", 0, 1, True, False),
        ("K", 1, 1, True, True),
    ]
    assert [target for _, _, target, _, _ in lines(ANSWERS, None)] == [None] * 6


@pytest.mark.parametrize(
    "answers, target, expected",
    [
        # Reached means every applicable row of the part answered, at the target or above.
        ({"2.S.1": 3, "2.V.1": 3}, {"overall": 3, "2": 3}, ["2"]),
        ({"2.S.1": 3}, {"2": 3}, []),
        ({"2.S.1": 3, "2.V.1": "na"}, {"2": 3}, ["2"]),
        # Only targets set for the part itself: step 1 reaching the model's target is not asked about.
        ({key: 2 for key in ANSWERS}, {"overall": 2}, ["overall"]),
        ({key: 2 for key in ANSWERS}, {"overall": 3, "K": 2, "S": 2}, ["S", "K"]),
        (ANSWERS, None, []),
    ],
)
def test_reached_targets_are_the_parts_that_got_there(answers, target, expected):
    assert [line.part for line in reached_targets(MODEL, score(MODEL, answers), target)] == expected


@pytest.mark.parametrize(
    "target, part, level, expected",
    [
        (None, "2", 2, {"2": 2}),
        ({"overall": 2}, "2", 3, {"overall": 2, "2": 3}),
        ({"overall": 2, "2": 3}, "2", None, {"overall": 2}),
        ({"overall": 2}, "overall", 3, {"overall": 3}),
    ],
)
def test_a_target_is_set_or_cleared_for_one_part_and_the_others_kept(target, part, level, expected):
    assert with_target(target, part, level) == expected


@pytest.mark.parametrize("raw", [None, {"overall": 2}, {"K": 1}, {"1": 3, "S": 2, "overall": 1}])
def test_stored_and_new_target_forms_are_accepted(raw):
    assert parse_target(MODEL, raw) == raw


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"overall": 5}, "target for overall must be a level 1-3"),
        ({"overall": 0}, "target for overall must be a level 1-3"),
        ({"S": "high"}, "target for S must be a level 1-3"),
        ({"1": True}, "target for 1 must be a level 1-3"),
        ({"X": 1}, '"target" must be an object of overall, 1, 2, S, V, K'),
        ({"3": 1}, '"target" must be an object of overall, 1, 2, S, V, K'),
        (3, '"target" must be an object'),
    ],
)
def test_bad_targets_are_refused(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_target(MODEL, raw)
