"""Dates and times as people type them in the group: 7月5日、2019-07-05 18:00、明天17点、14时30分、下午3点20分.

The text is matched as typed (full-width digits and colons included), so the positions
found can cut the original text without changing a title's punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_DATE = (
    r"(?:(?P<y>\d{4})\s*[-/.－／．年]\s*)?(?P<mo>\d{1,2})\s*[-/.－／．月]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"|(?P<rel>今天|今日|明天|明日|后天)"
)
# The part of the day written before a 12-hour clock: 下午3点 is 15:00, 晚上12点 is midnight.
_PERIODS = {
    "凌晨": "dawn",
    "半夜": "night",
    "午夜": "night",
    "深夜": "night",
    "夜里": "night",
    "夜间": "night",
    "早上": "morning",
    "早晨": "morning",
    "清晨": "morning",
    "上午": "morning",
    "中午": "noon",
    "下午": "afternoon",
    "傍晚": "evening",
    "晚上": "evening",
    "晚间": "evening",
}
_PERIOD = "(?P<period>" + "|".join(_PERIODS) + ")"
_TIME = (
    rf"(?:{_PERIOD}\s*)?"
    r"(?P<h>\d{1,2})\s*(?:[:：]\s*(?P<mi>\d{2})|[时点]\s*(?:(?P<mi2>\d{1,2})\s*分?|(?P<half>半))?)"
    r"(?:\s*(?:许|整|左右))?"
)
_MOMENT = re.compile(rf"(?=\d|今|明|后|{'|'.join(_PERIODS)})(?:{_DATE})?(?:\s*T?\s*(?:{_TIME}))?(?:\s*之?前)?")
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}

FORMATS = "7月5日、7月5日17:30、2019-07-05 17:30、明天17点"


@dataclass(frozen=True)
class Moment:
    at: datetime
    has_time: bool
    start: int  # where it stands in the text
    end: int
    has_date: bool = False  # a date (or 今天/明天) was written, not only a time of day


def match_moment(text: str, pos: int, now: datetime, default_time: time, *, past: bool = False) -> Moment | None:
    """A date and/or time starting exactly at `pos`; a date alone takes `default_time`.

    Without a year, the nearest sensible year: the coming one for deadlines, the closest one for
    events (`past`; an event time still ahead is then refused by the caller, not moved a year back). A time alone is today (or yesterday, for an event later than now).
    """
    m = _MOMENT.match(text, pos)
    return _moment(m, now, default_time, past) if m and _found(m) else None


def find_moment(text: str, now: datetime) -> Moment | None:
    """The first date-and-time or time-of-day anywhere in the text (an event time in a report)."""
    for m in _MOMENT.finditer(text):
        if m.group("h") is not None:
            moment = _moment(m, now, time(0, 0), past=True)
            if moment:
                return moment
    return None


def _found(m: re.Match) -> bool:
    return any(m.group(g) is not None for g in ("mo", "rel", "h"))


def _moment(m: re.Match, now: datetime, default_time: time, past: bool) -> Moment | None:
    try:
        day = _day(m, now.date())
        clock, next_day = _time(m) or (default_time, False)
        at = datetime.combine(day, clock, tzinfo=now.tzinfo) + timedelta(days=next_day)
    except ValueError:  # 2月30日, 25:00
        return None
    if m.group("y") is None and m.group("rel") is None:
        if m.group("mo") is None:  # a time alone
            if past and at > now:
                at -= timedelta(days=1)
        elif past:  # the nearest year: 12月30日 on 1月2日 is last year's; 12月5日 on 12月2日 is still ahead
            at = min(
                (at.replace(year=at.year + step) for step in (-1, 0, 1) if _valid_in(at, at.year + step)),
                key=lambda c: abs(c - now),
            )
        elif not past and at < now - timedelta(days=180):
            at = at.replace(year=at.year + 1)
    return Moment(
        at, m.group("h") is not None, m.start(), m.end(), m.group("mo") is not None or m.group("rel") is not None
    )


def _valid_in(at: datetime, year: int) -> bool:
    """2月29日 exists only in leap years."""
    try:
        at.replace(year=year)
    except ValueError:
        return False
    return True


def _day(m: re.Match, today: date) -> date:
    if m.group("rel"):
        return today + timedelta(days=_RELATIVE[m.group("rel")])
    if m.group("mo") is None:
        return today
    year = int(m.group("y")) if m.group("y") else today.year
    return date(year, int(m.group("mo")), int(m.group("d")))


def _time(m: re.Match) -> tuple[time, bool] | None:
    """The time of day, and whether it is the midnight that ends the day written (晚上12点)."""
    if m.group("h") is None:
        return None
    minute = m.group("mi") or m.group("mi2")
    written = int(m.group("h"))
    if written > 23:
        raise ValueError(f"hour {written}")
    hour = _hour(written, _PERIODS.get(m.group("period") or ""))
    return time(hour % 24, 30 if m.group("half") else int(minute or 0)), hour >= 24


def _hour(hour: int, period: str | None) -> int:
    """下午3点 → 15, 中午1点 → 13, 凌晨12点 → 0, 夜里11点 → 23; 晚上12点 → 24 and 晚上1点 → 25
    (past the midnight after the day written; 凌晨1点 is the day written's own).

    An hour already past noon (下午15点) is taken as written.
    """
    if period is None or hour > 12:
        return hour
    if period in ("morning", "dawn"):
        return 0 if period == "dawn" and hour == 12 else hour
    if period == "noon":
        return hour + 12 if hour < 11 else hour
    if period == "afternoon":
        return hour if hour == 12 else hour + 12
    if period == "evening":
        return hour + 12 if hour >= 5 else hour + 24
    return hour + 12 if hour >= 6 else hour  # night: 夜里2点, 夜里11点, 半夜12点 (24)
