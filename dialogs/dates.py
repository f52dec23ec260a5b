"""Reading a planned date as people type it, in Swedish or English: "15 mars", "om två veckor",
"nästa fredag", "next Friday", "2027-03-15".

dateparser reads absolute dates; weekday phrases and "om tre månader" it misses or misreads,
so those are read here first. Pure: "today" is passed in.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from babel.dates import format_date
from dateutil.relativedelta import relativedelta

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Beyond this a reading is more likely a misread ("3/15" as the year 2115) than a plan.
FURTHEST = relativedelta(years=5)
WEEKDAYS = {
    **dict.fromkeys(("måndag", "monday"), 0), **dict.fromkeys(("tisdag", "tuesday"), 1),
    **dict.fromkeys(("onsdag", "wednesday"), 2), **dict.fromkeys(("torsdag", "thursday"), 3),
    **dict.fromkeys(("fredag", "friday"), 4), **dict.fromkeys(("lördag", "saturday"), 5),
    **dict.fromkeys(("söndag", "sunday"), 6),
}
NUMBERS = {
    **dict.fromkeys(("en", "ett", "a", "an", "one"), 1), **dict.fromkeys(("två", "two"), 2),
    **dict.fromkeys(("tre", "three"), 3), **dict.fromkeys(("fyra", "four"), 4),
    **dict.fromkeys(("fem", "five"), 5), **dict.fromkeys(("sex", "six"), 6), **dict.fromkeys(("sju", "seven"), 7),
    **dict.fromkeys(("åtta", "eight"), 8), **dict.fromkeys(("nio", "nine"), 9), **dict.fromkeys(("tio", "ten"), 10),
    **dict.fromkeys(("elva", "eleven"), 11), **dict.fromkeys(("tolv", "twelve"), 12),
}
UNITS = {
    **dict.fromkeys(("dag", "dagar", "day", "days"), "days"),
    **dict.fromkeys(("vecka", "veckor", "week", "weeks"), "weeks"),
    **dict.fromkeys(("månad", "månader", "month", "months"), "months"),
    **dict.fromkeys(("år", "year", "years"), "years"),
}
_WEEKDAY = re.compile(r"^(?:nästa|kommande|på|next|this|on|coming)?\s*(\w+)$")
_IN = re.compile(r"^(?:om|in)\s+(\d+|\w+)\s+(\w+)$")
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "future"}


class DateProblem(str, Enum):
    PAST = "past"
    UNREADABLE = "unreadable"


def read_date(text: str | None, today: date) -> date | DateProblem:
    """The date meant by `text`, or why it cannot be used as a planned date."""
    phrase = " ".join((text or "").lower().replace(",", " ").split())
    if not phrase or phrase.isdigit():
        return DateProblem.UNREADABLE  # a lone number is a day, a month or an amount: ask again
    day = _weekday(phrase, today) or _relative(phrase, today) or _absolute(phrase, today)
    if day is None or day > today + FURTHEST:
        return DateProblem.UNREADABLE
    return DateProblem.PAST if day < today else day


def examples(today: date, lang: str) -> dict[str, str]:
    """A date to show as an example of what to type, as words and as digits: the end of the month three
    months ahead, so the example is never in the past."""
    day = today + relativedelta(months=3, day=31)
    return {"example": format_date(day, "d MMMM", locale="en" if lang == "en" else "sv"),
            "example_iso": day.isoformat()}


def day_in_sweden(moment: datetime) -> date:
    """The Swedish calendar day of an aware moment: "today" is `day_in_sweden(clock())`."""
    return moment.astimezone(STOCKHOLM).date()


def morning_in_sweden(day: date) -> datetime:
    """08:00 Swedish time on `day`: when a reminder for that day is due."""
    return datetime.combine(day, time(8), tzinfo=STOCKHOLM)


def _weekday(phrase: str, today: date) -> date | None:
    match = _WEEKDAY.match(phrase)
    if not match or match[1] not in WEEKDAYS:
        return None
    ahead = (WEEKDAYS[match[1]] - today.weekday() - 1) % 7 + 1  # the coming one, never today
    return today + timedelta(days=ahead)


def _relative(phrase: str, today: date) -> date | None:
    match = _IN.match(phrase)
    if not match or match[2] not in UNITS:
        return None
    count = int(match[1]) if match[1].isdigit() else NUMBERS.get(match[1])
    return None if count is None else today + relativedelta(**{UNITS[match[2]]: count})


def _absolute(phrase: str, today: date) -> date | None:
    settings = {**_SETTINGS, "RELATIVE_BASE": datetime.combine(today, time())}
    import dateparser  # imported when a date is first typed, not at start-up (about 30 ms)

    found = dateparser.parse(phrase, languages=["sv", "en"], settings=settings)
    return None if found is None else found.date()
