"""Scoring periods: a date range within one year (targets are annual)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"起始日期 {self.start} 晚于截止日期 {self.end}")
        if self.start.year != self.end.year:
            raise PeriodError(f"起止日期须在同一年度（目标任务按年度下达），而 {self.start} 与 {self.end} 跨年")

    @property
    def year(self) -> int:
        return self.start.year

    @classmethod
    def year_to_date(cls, today: date) -> "Period":
        """From 1 January to today: what the monthly bulletin shows."""
        return cls(date(today.year, 1, 1), today)

    @classmethod
    def whole_year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
            return f"{s.year}年全年"
        return f"{s.year}年{s.month}月{s.day}日至{e.month}月{e.day}日"

    def year_elapsed(self) -> float:
        """Share of the year passed by the end of the period (时间进度)."""
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        return ((self.end - first).days + 1) / ((last - first).days + 1)
