"""Working days by the Chinese official calendar (法定节假日 and 调休), via the chinese-calendar package.

The package ships holiday data for a fixed range of years; outside it we stop with a clear
Chinese error rather than guess, because a wrong guess would mean a wrong deduction.
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS


class WorkdayError(ValueError):
    """A date the installed calendar has no data for; the message is for people."""


def supported_years() -> tuple[int, int]:
    return min(_HOLIDAYS).year, max(_HOLIDAYS).year


def is_workday(day: date) -> bool:
    """True on ordinary weekdays and 调休 weekends; False on weekends and official holidays."""
    first, last = supported_years()
    if not first <= day.year <= last:
        raise WorkdayError(
            f"无法判断 {day:%Y年%-m月%-d日} 是否为工作日：已安装的 chinesecalendar "
            f"只有 {first}—{last} 年的法定节假日数据。请升级：pip install -U chinesecalendar。")
    return chinese_calendar.is_workday(day)


def first_workday(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_workdays(day: date, count: int) -> date:
    """The `count`-th working day after `day` (the day itself does not count)."""
    while count > 0:
        day += timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day
