"""Working days by the Chinese official calendar (法定节假日 and 调休).

The chinese-calendar package ships the State Council's arrangements for a fixed range of years
(1.11.0: 2004—2026). config/holidays.yaml adds later years (and may replace a year the package has),
copied by the office from the 国务院办公厅 notice published each November. `WorkCalendar` is an
immutable value built once from both at config load (`bot.settings.load_config`) and reached through
`config.calendar`; nothing here is global or mutable.

For a year neither source covers, the callers choose:

- Strict (`is_workday`, `first_workday`, `add_workdays`): raise `WorkdayError`. Used where a wrong
  guess changes a deduction or a deadline people are held to: the 15-working-day 承诺书 clock and the
  3-working-day liaison-change check. Those are skipped and the admins told, never guessed.
- Guessing (`guessing()`): treat Monday–Friday as working days for such a year. Used only to decide
  *when* a scheduled post goes out (first working day of the month, weekly reminders on workdays, the
  office-hours gate). A wrong guess there moves a reminder by a day; refusing would post nothing at
  all for the whole year. The job runner tells the admins once per year that it is guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

PACKAGE = "chinesecalendar"


class WorkdayError(ValueError):
    """A date whose year the calendar has no data for; the message is for people."""

    def __init__(self, day: date, calendar: WorkCalendar):
        self.day = day
        self.year = day.year
        known = calendar.describe_years() or "无"
        super().__init__(
            f"无法判断 {day:%Y年%-m月%-d日} 是否为工作日：{day.year} 年的法定节假日和调休还没有配置"
            f"（已知：{known}）。请按国务院办公厅的放假通知，在 {calendar.config_file} 中填写 {day.year} 年的安排。"
        )


@dataclass(frozen=True)
class YearArrangement:
    """One year's 放假安排 as the notice gives it: days off, and weekend days that are working days."""

    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]  # 调休上班: weekend days that are working days
    sources: Mapping[int, str]  # covered year → where its data comes from
    config_file: str = "config/holidays.yaml"
    guess_uncovered: bool = False

    def covers(self, year: int) -> bool:
        return year in self.sources

    def guessing(self) -> WorkCalendar:
        """The same calendar, but Monday–Friday for a year it does not cover (see the module docstring)."""
        return replace(self, guess_uncovered=True)

    def is_workday(self, day: date) -> bool:
        """True on ordinary weekdays and 调休 weekends; False on weekends and official holidays."""
        if not self.covers(day.year):
            if not self.guess_uncovered:
                raise WorkdayError(day, self)
            return day.weekday() < 5
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def first_workday(self, year: int, month: int) -> date:
        day = date(year, month, 1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (the day itself does not count)."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def describe_years(self) -> str:
        """「2004—2026 年（chinesecalendar）、2027 年（config/holidays.yaml）」: runs of years by source."""
        runs: list[list] = []
        for year in sorted(self.sources):
            source = self.sources[year]
            if runs and runs[-1][1] == year - 1 and runs[-1][2] == source:
                runs[-1][1] = year
            else:
                runs.append([year, year, source])
        return "、".join((f"{a} 年" if a == b else f"{a}—{b} 年") + f"（{s}）" for a, b, s in runs)


@cache
def _package_data() -> tuple[frozenset[date], frozenset[date]]:
    from chinese_calendar.constants import holidays, workdays

    return frozenset(holidays), frozenset(workdays)


def build_calendar(
    configured: Mapping[int, YearArrangement] = MappingProxyType({}), config_file: str = "config/holidays.yaml"
) -> WorkCalendar:
    """The package's years, with each configured year added or replacing the package's data for it.

    A configured year may list days at the end of the year before (元旦 sometimes starts on 31
    December); those days take the configured value too.
    """
    package_holidays, package_workdays = _package_data()
    sources = {y: PACKAGE for y in range(min(package_holidays).year, max(package_holidays).year + 1)}
    replaced = set(configured)
    holidays = {d for d in package_holidays if d.year not in replaced}
    workdays = {d for d in package_workdays if d.year not in replaced}
    for year, arrangement in configured.items():
        sources[year] = config_file
        holidays = (holidays - arrangement.workdays) | arrangement.holidays
        workdays = (workdays - arrangement.holidays) | arrangement.workdays
    return WorkCalendar(
        frozenset(holidays), frozenset(workdays), MappingProxyType(dict(sorted(sources.items()))), config_file
    )


def package_calendar() -> WorkCalendar:
    """The package's data alone (no config file), e.g. for a Config built in code."""
    return build_calendar()
