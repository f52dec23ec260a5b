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


@pytest.mark.parametrize(
    "content, message",
    [
        ({"answers": {"9.X.1": 1}}, "unknown row key '9.X.1'"),
        ({"answers": {"1.S.1": 7}}, "answer to 1.S.1 must be 0-3"),
        ({"answers": {}, "target": {"overall": 4}}, "target for overall must be a level 0-3"),
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
