"""A restart is quick because what the first health check does not need is imported when first used: holidays
(the first reminder), dateparser (the first typed date), the report templates (the first report page). Each test
runs a fresh interpreter, as a restart is. (How long a start takes is bench/start_bench.py's to say.)"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATER = ["holidays", "dateparser", "jinja2"]


def fresh(code: str) -> object:
    done = subprocess.run([sys.executable, "-c", f"import json, sys\nimport app\n{code}"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_starting_the_bot_leaves_holidays_dates_and_templates_for_later():
    assert fresh(f"print(json.dumps([m for m in {LATER!r} if m in sys.modules]))") == []


def test_what_was_left_for_later_works_when_first_used():
    found = fresh("""
from datetime import date
from dialogs.dates import read_date
from model.schedule import is_working_day
print(json.dumps([is_working_day(date(2026, 12, 24)), is_working_day(date(2026, 12, 28)),
                  str(read_date("15 mars 2027", date(2026, 12, 1)))]))""")
    assert found == [False, True, "2027-03-15"]  # julafton is a day off
