"""When a nudge may reach people: Swedish working days, within office hours. Pure functions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

# Public holidays plus midsommarafton, julafton and nyårsafton, which Swedish law treats as Sundays.
# Not the bank category: it also holds half days ("från kl. 14.00"), which are working mornings.
DAYS_OFF = ("public", "de_facto")  # holidays.PUBLIC, holidays.DE_FACTO
SATURDAY = 5
# Sweden never has more than a handful of days off in a row; the bound only guards against a bad calendar.
LONGEST_BREAK_DAYS = 31


@dataclass(frozen=True)
class OfficeHours:
    start: time = time(9, 0)
    end: time = time(16, 0)
    timezone: str = "Europe/Stockholm"

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"office hours must start before they end, not {self.start}–{self.end}")
        ZoneInfo(self.timezone)  # an unknown zone fails here, not at the first nudge


@lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[date]:
    import holidays  # imported on the first nudge, not at start-up (about 50 ms)

    return frozenset(holidays.country_holidays("SE", years=year, categories=DAYS_OFF))


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in _days_off(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first one after it."""
    for offset in range(LONGEST_BREAK_DAYS):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    raise ValueError(f"no working day within {LONGEST_BREAK_DAYS} days of {day}")


def next_allowed(moment: datetime, hours: OfficeHours = OfficeHours()) -> datetime:
    """`moment` if people may be nudged then, else the start of the next working day's office hours (UTC)."""
    zone = ZoneInfo(hours.timezone)
    local = _aware(moment).astimezone(zone)
    if is_working_day(local.date()) and local.time() < hours.end:
        if local.time() >= hours.start:
            return local.astimezone(timezone.utc)
        return office_start(local.date(), hours)
    return office_start(next_working_day(local.date() + timedelta(days=1)), hours)


def office_start(day: date, hours: OfficeHours = OfficeHours()) -> datetime:
    """When office hours begin on `day` (UTC); the day itself need not be a working day."""
    return datetime.combine(day, hours.start, ZoneInfo(hours.timezone)).astimezone(timezone.utc)


def local_date(moment: datetime, hours: OfficeHours = OfficeHours()) -> date:
    return _aware(moment).astimezone(ZoneInfo(hours.timezone)).date()


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware one")
    return moment
