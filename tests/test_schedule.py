"""When nudges may reach people: Swedish working days within office hours, Stockholm time."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from model.schedule import OfficeHours, is_working_day, next_allowed

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize("moment, expected", [
    (local(2025, 3, 4, 10, 30), local(2025, 3, 4, 10, 30)),  # a Tuesday morning: now
    (local(2025, 3, 4, 9, 0), local(2025, 3, 4, 9, 0)),  # office hours begin: now
    (local(2025, 3, 4, 6, 15), local(2025, 3, 4, 9, 0)),  # early: when the day begins
    (local(2025, 3, 4, 16, 0), local(2025, 3, 5, 9, 0)),  # office hours over: next morning
    (local(2025, 3, 7, 17, 0), local(2025, 3, 10, 9, 0)),  # Friday evening: Monday
    (local(2025, 3, 8, 11, 0), local(2025, 3, 10, 9, 0)),  # Saturday: Monday
    (local(2025, 3, 9, 11, 0), local(2025, 3, 10, 9, 0)),  # Sunday: Monday
    (local(2025, 6, 20, 10, 0), local(2025, 6, 23, 9, 0)),  # midsommarafton, then a weekend
    (local(2025, 6, 19, 10, 0), local(2025, 6, 19, 10, 0)),  # the day before it is a working day
    (local(2025, 12, 24, 10, 0), local(2025, 12, 29, 9, 0)),  # julafton, juldagen, annandag, weekend
    (local(2025, 12, 25, 10, 0), local(2025, 12, 29, 9, 0)),  # juldagen
    (local(2025, 12, 23, 16, 30), local(2025, 12, 29, 9, 0)),  # after hours right before Christmas
    (local(2025, 12, 31, 10, 0), local(2026, 1, 2, 9, 0)),  # nyårsafton, then nyårsdagen
    (local(2025, 4, 18, 10, 0), local(2025, 4, 22, 9, 0)),  # långfredagen to the day after annandag påsk
    (local(2025, 5, 29, 10, 0), local(2025, 5, 30, 9, 0)),  # Kristi himmelsfärdsdag
    (local(2025, 6, 6, 10, 0), local(2025, 6, 9, 9, 0)),  # nationaldagen on a Friday
])
def test_a_nudge_outside_office_hours_moves_to_the_next_allowed_moment(moment, expected):
    assert next_allowed(moment) == expected
    assert next_allowed(moment).tzinfo == timezone.utc


def test_office_hours_follow_stockholm_time_across_summer_time():
    assert next_allowed(local(2025, 1, 14, 7, 0)) == datetime(2025, 1, 14, 8, 0, tzinfo=timezone.utc)
    assert next_allowed(local(2025, 7, 15, 7, 0)) == datetime(2025, 7, 15, 7, 0, tzinfo=timezone.utc)
    # The night summer time begins (30 March 2025) and the Monday after it.
    assert next_allowed(local(2025, 3, 29, 23, 0)) == datetime(2025, 3, 31, 7, 0, tzinfo=timezone.utc)


def test_an_organisation_may_have_other_office_hours():
    mornings = OfficeHours(time(8, 0), time(12, 0))
    assert next_allowed(local(2025, 3, 4, 7, 0), mornings) == local(2025, 3, 4, 8, 0)
    assert next_allowed(local(2025, 3, 4, 13, 0), mornings) == local(2025, 3, 5, 8, 0)
    helsinki = OfficeHours(time(9, 0), time(16, 0), "Europe/Helsinki")
    assert next_allowed(local(2025, 3, 4, 8, 30), helsinki) == local(2025, 3, 4, 8, 30)  # 09:30 in Helsinki


@pytest.mark.parametrize("start, end, zone", [
    (time(16, 0), time(9, 0), "Europe/Stockholm"), (time(9, 0), time(9, 0), "Europe/Stockholm"),
    (time(9, 0), time(16, 0), "Europe/Dalarna"),
])
def test_impossible_office_hours_are_refused(start, end, zone):
    with pytest.raises(Exception):
        OfficeHours(start, end, zone)


def test_working_days_leave_out_weekends_public_holidays_and_the_three_eves():
    days_off = [date(2025, 1, 1), date(2025, 1, 6), date(2025, 5, 1), date(2025, 6, 6), date(2025, 6, 20),
                date(2025, 12, 24), date(2025, 12, 26), date(2025, 12, 31), date(2026, 6, 19)]
    assert not any(is_working_day(day) for day in days_off)
    # Bank half days (from 14.00) are working mornings: trettondagsafton, valborgsmässoafton, 23 December.
    assert all(is_working_day(day) for day in (date(2025, 4, 30), date(2025, 12, 23), date(2026, 1, 5)))


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31),
                       timezones=st.just(timezone.utc))


@given(moments)
def test_the_next_allowed_moment_is_never_earlier_always_allowed_and_soon(moment):
    allowed = next_allowed(moment)
    there = allowed.astimezone(STOCKHOLM)
    assert moment <= allowed < moment + timedelta(days=6)
    assert is_working_day(there.date()) and time(9, 0) <= there.time() < time(16, 0)
    assert next_allowed(allowed) == allowed
