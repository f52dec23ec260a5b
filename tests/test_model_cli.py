import json
import subprocess
import sys
from pathlib import Path

import pytest

from model import load_model

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True, text=True)


def write(tmp_path, content):
    path = tmp_path / "answers.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_summary_counts_the_loaded_model():
    done = run_cli("summary")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "steps": 4, "perspectives": 4, "rows": 35, "criteria": 105, "crisis_rows": 2, "languages": ["en", "sv"],
    }


def test_score_of_a_full_answer_set(tmp_path):
    keys = [row.key for row in load_model().all_rows]
    answers = {key: 2 for key in keys}
    answers.update({"1.S.1": 0, "2.M.2": "na", "K.2": 1})
    done = run_cli("score", write(tmp_path, {"answers": answers, "target": {"overall": 3}}), "--lang", "en", "--limit", "3")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["cells"]) == 16
    assert result["cells"]["1.S"] == {"level": 0, "progress": 55.6, "complete": True}
    assert result["steps"]["1"]["level"] == 0
    assert result["overall"]["level"] == 0
    assert result["crisis"] == {"level": 1, "progress": 50.0, "complete": True}
    assert [(r["row"], r["level"]) for r in result["recommendations"]] == [("1.S.1", 1), ("1.V.1", 3), ("1.V.2", 3)]
    assert all(r["text"] for r in result["recommendations"])


def test_score_with_targets_per_step_and_perspective(tmp_path):
    answers = {row.key: 2 for row in load_model().all_rows}
    answers.update({"3.S.1": 1, "K.1": 3, "K.2": 3})
    target = {"overall": 2, "3": 3, "M": 1, "K": 3}
    done = run_cli("score", write(tmp_path, {"answers": answers, "target": target}), "--limit", "10")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["targets"]["3"] == {"target": 3, "own": True, "reached": False}
    assert result["targets"]["4"] == {"target": 2, "own": False, "reached": True}
    assert result["targets"]["M"] == {"target": 1, "own": True, "reached": True}
    assert result["targets"]["K"] == {"target": 3, "own": True, "reached": True}
    assert result["targets"]["overall"] == {"target": 2, "own": True, "reached": False}
    # Only step 3 rows, 3.M included (step 3's 3 is higher than M's 1). Rows holding their cell
    # at its level come first; 3.S.2-3.S.5 are above their cell's level 1, so they come last.
    assert [(r["row"], r["level"]) for r in result["recommendations"]] == [
        ("3.S.1", 2), ("3.V.1", 3), ("3.R.1", 3), ("3.M.1", 3), ("3.M.2", 3),
        ("3.S.2", 3), ("3.S.3", 3), ("3.S.4", 3), ("3.S.5", 3)]


@pytest.mark.parametrize(
    "content, message",
    [
        ({"answers": {"9.X.1": 1}}, "unknown row key '9.X.1'"),
        ({"answers": {"1.S.1": 7}}, "answer to 1.S.1 must be 0-3"),
        ({"answers": {}, "target": {"overall": 4}}, "target for overall must be a level 1-3"),
        ({"answers": {}, "target": {"5": 2}}, '"target" must be an object of overall, 1, 2, 3, 4, S, V, R, M, K'),
        ("{not json", "is not valid JSON"),
        ({"no": "answers"}, 'must be a JSON object with "answers"'),
    ],
)
def test_score_errors_exit_2_with_one_line(tmp_path, content, message):
    done = run_cli("score", write(tmp_path, content))
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr and done.stderr.count("\n") == 1


def test_score_of_a_missing_file(tmp_path):
    done = run_cli("score", str(tmp_path / "nowhere.json"))
    assert done.returncode == 2 and "no such file" in done.stderr
