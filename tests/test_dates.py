"""Reading planned dates as people type them, against a fixed "today" (Tuesday 24 November 2026)."""
from datetime import date, datetime, timezone

import pytest

from dialogs.dates import DateProblem, day_in_sweden, morning_in_sweden, read_date

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("text, expected", [
    ("15 mars", date(2027, 3, 15)),
    ("den 15 mars", date(2027, 3, 15)),
    ("15 March", date(2027, 3, 15)),
    ("om två veckor", date(2026, 12, 8)),
    ("in two weeks", date(2026, 12, 8)),
    ("om 10 dagar", date(2026, 12, 4)),
    ("om tre månader", date(2027, 2, 24)),
    ("in a month", date(2026, 12, 24)),
    ("nästa fredag", date(2026, 11, 27)),
    ("Nästa Fredag", date(2026, 11, 27)),
    ("next Friday", date(2026, 11, 27)),
    ("på måndag", date(2026, 11, 30)),
    ("tisdag", date(2026, 12, 1)),  # today is a Tuesday: the coming one is next week
    ("2027-03-15", date(2027, 3, 15)),
    ("2027-01-10", date(2027, 1, 10)),
    ("15.3.2027", date(2027, 3, 15)),
    ("idag", TODAY),
    ("i morgon", date(2026, 11, 25)),
])
def test_swedish_and_english_dates_are_read(text, expected):
    assert read_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["igår", "yesterday", "last Friday", "förra veckan", "15 mars 2026", "2026-01-01"])
def test_a_date_that_has_passed_is_rejected(text):
    assert read_date(text, TODAY) is DateProblem.PAST


@pytest.mark.parametrize("text", ["blaha", "", None, "2", "3/15", "om många veckor", "2 miljoner"])
def test_what_is_not_a_date_is_unreadable(text):
    # "3/15" would be read as the year 2115: no one plans that far ahead.
    assert read_date(text, TODAY) is DateProblem.UNREADABLE


def test_today_is_the_swedish_calendar_day():
    assert day_in_sweden(datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)) == date(2026, 11, 25)
    assert day_in_sweden(datetime(2026, 11, 24, 22, 59, tzinfo=timezone.utc)) == date(2026, 11, 24)


def test_reminders_are_due_at_eight_swedish_time_summer_and_winter():
    assert morning_in_sweden(date(2027, 3, 1)).astimezone(timezone.utc) == datetime(2027, 3, 1, 7, tzinfo=timezone.utc)
    assert morning_in_sweden(date(2027, 6, 1)).astimezone(timezone.utc) == datetime(2027, 6, 1, 6, tzinfo=timezone.utc)
