"""Working days follow the official calendar: holidays are off, 调休 weekends are working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.common.workdays import WorkdayError, package_calendar

CAL = package_calendar()
is_workday, first_workday, add_workdays = CAL.is_workday, CAL.first_workday, CAL.add_workdays


def days(start: str, count: int) -> list[date]:
    first = date.fromisoformat(start)
    return [first + timedelta(days=i) for i in range(count)]


def test_national_day_2019_with_its_adjusted_working_days():
    assert is_workday(date(2019, 9, 27))  # Friday
    assert not is_workday(date(2019, 9, 28))  # Saturday, ordinary weekend
    assert is_workday(date(2019, 9, 29))  # Sunday, 调休 working day
    assert is_workday(date(2019, 9, 30))
    assert not any(is_workday(d) for d in days("2019-10-01", 7))  # 国庆 1–7 October
    assert is_workday(date(2019, 10, 8))
    assert is_workday(date(2019, 10, 12))  # Saturday, 调休 working day
    assert not is_workday(date(2019, 10, 13))


def test_spring_festival_2019_with_its_adjusted_working_days():
    assert is_workday(date(2019, 2, 2)) and is_workday(date(2019, 2, 3))  # Saturday and Sunday, 调休
    assert not any(is_workday(d) for d in days("2019-02-04", 7))  # 春节 4–10 February
    assert is_workday(date(2019, 2, 11))


def test_first_working_day_of_the_month():
    assert first_workday(2019, 10) == date(2019, 10, 8)  # after 国庆
    assert first_workday(2019, 1) == date(2019, 1, 2)  # after 元旦
    assert first_workday(2019, 5) == date(2019, 5, 5)  # a 调休 Sunday after 劳动节
    assert first_workday(2019, 7) == date(2019, 7, 1)


def test_counting_working_days_across_holidays():
    assert add_workdays(date(2019, 9, 27), 3) == date(2019, 10, 8)  # 9-29 (调休), 9-30, 10-8
    assert add_workdays(date(2019, 2, 1), 3) == date(2019, 2, 11)  # 2-2, 2-3 (调休), 2-11
    assert add_workdays(date(2019, 6, 28), 3) == date(2019, 7, 3)
    assert add_workdays(date(2019, 10, 11), 1) == date(2019, 10, 12)  # a Saturday that is a working day


def test_a_year_the_calendar_does_not_know_is_a_clear_chinese_error():
    with pytest.raises(WorkdayError) as err:
        is_workday(date(2099, 1, 5))
    message = str(err.value)
    assert "无法判断 2099年1月5日 是否为工作日" in message
    assert "2099 年的法定节假日和调休还没有配置" in message and "已知：2004—" in message
    assert "在 config/holidays.yaml 中填写 2099 年的安排" in message
    assert err.value.year == 2099
