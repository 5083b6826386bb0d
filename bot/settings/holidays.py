"""config/holidays.yaml: each year's 放假安排 from the 国务院办公厅 notice, one entry per festival.

    holidays:
      2027:
        元旦: {holiday: 2027-01-01}
        春节: {holiday: 2027-02-06 ~ 2027-02-13, workday: [2027-02-14]}

`holiday` is a date, a range 「起 ~ 止」 (or 「起 至 止」), or a list of those; `workday` lists the 调休上班 days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.common.workdays import YearArrangement
from bot.settings.reader import YamlFile

MAX_RANGE_DAYS = 15  # the longest arrangement so far is 9 days; a longer range is a typo
WEEKDAYS = "一二三四五六日"
EXAMPLE = "{holiday: 2027-02-06 ~ 2027-02-13, workday: [2027-02-14]}"


def parse_holidays(f: YamlFile, data: object) -> dict[int, YearArrangement]:
    root = f.mapping(data, "") if data is not None else {}
    f.unknown_keys(root, {"holidays"}, "")
    years = root.get("holidays")
    if years is None:
        return {}
    out: dict[int, YearArrangement] = {}
    for key, festivals in f.mapping(years, "holidays").items():
        year = f.year(key, f"holidays.{key}")
        if year is not None:
            out[year] = _year(f, year, festivals)
    return out


def _year(f: YamlFile, year: int, festivals: object) -> YearArrangement:
    path = f"holidays.{year}"
    holiday: dict[date, str] = {}
    workday: dict[date, str] = {}
    for name, entry in f.mapping(festivals, path).items():
        where = f"{path}.{name}"
        if not isinstance(entry, dict):
            f.problem(where, f"应写成 {EXAMPLE}")
            continue
        f.unknown_keys(entry, {"holiday", "workday"}, where)
        if entry.get("holiday") is None:
            f.problem(f"{where}.holiday", "缺少此项（放假的日期或日期范围）")
        for day in _days(f, year, entry.get("holiday"), f"{where}.holiday"):
            _claim(f, holiday, day, f"{where}.holiday", "放假")
        for day in _days(f, year, entry.get("workday"), f"{where}.workday", ranges=False):
            if day.weekday() < 5:
                f.problem(
                    f"{where}.workday",
                    f"{day} 是星期{WEEKDAYS[day.weekday()]}，本来就上班。workday 只填通知里写明「上班」的周六、周日",
                )
                continue
            _claim(f, workday, day, f"{where}.workday", "上班")
    for day in sorted(holiday.keys() & workday.keys()):
        f.problem(
            workday[day], f"{day} 同时写在 {holiday[day]}（放假）和 {workday[day]}（上班），请对照放假通知改正其一"
        )
    return YearArrangement(frozenset(holiday.keys() - workday.keys()), frozenset(workday.keys() - holiday.keys()))


def _claim(f: YamlFile, seen: dict[date, str], day: date, path: str, what: str) -> None:
    if day in seen and seen[day] != path:
        f.problem(path, f"{day} 已写在 {seen[day]}（{what}），同一天不要写两次")
    seen.setdefault(day, path)


def _days(f: YamlFile, year: int, value: object, path: str, ranges: bool = True) -> list[date]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    found: list[date] = []
    for item in items:
        span = _span(f, item, path, ranges)
        if span is None:
            continue
        first, last = span
        if not (first.year == year or (first.year == year - 1 and first.month == 12)) or last.year > year:
            f.problem(path, f"{_show(item)}不在 {year} 年内（只有元旦假期可从上一年 12 月开始）")
            continue
        found += [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return found


def _span(f: YamlFile, item: object, path: str, ranges: bool) -> tuple[date, date] | None:
    if isinstance(item, datetime):
        item = item.date()
    if isinstance(item, date):
        return item, item
    how = "日期范围「2027-02-06 ~ 2027-02-13」或日期" if ranges else "日期，如 2027-02-14"
    if not isinstance(item, str):
        f.problem(path, f"应为{how}，实际是{_show(item)}")
        return None
    text = item.replace("至", "~")
    parts = [p.strip() for p in text.split("~")] if ranges else [text.strip()]
    if len(parts) > 2 or not all(parts):
        f.problem(path, f"「{item}」应写成{how}")
        return None
    try:
        days = [datetime.strptime(p, "%Y-%m-%d").date() for p in parts]
    except ValueError:
        f.problem(path, f"「{item}」不是有效的日期，应写成{how}（年-月-日）")
        return None
    first, last = days[0], days[-1]
    if last < first:
        f.problem(path, f"「{item}」的结束日期早于开始日期")
        return None
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        f.problem(path, f"「{item}」长达 {(last - first).days + 1} 天，超过 {MAX_RANGE_DAYS} 天，请核对")
        return None
    return first, last


def _show(value: object) -> str:
    return f"「{value}」"
