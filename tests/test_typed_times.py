"""Dates and times as typed in the group, for 约稿 deadlines and 紧急信息 event times."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from bot.chat.typed_times import find_moment, match_moment
from bot.common.clock import FixedClock

NOW = FixedClock(datetime(2019, 6, 28, 10, 0)).now()  # a Friday


def local(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


@pytest.mark.parametrize("text,expected", [
    ("7月5日 题目", local(2019, 7, 5, 18, 0)),
    ("7月5日17:30前 题目", local(2019, 7, 5, 17, 30)),
    ("7月5日 17时 题目", local(2019, 7, 5, 17, 0)),
    ("2019-07-05 17:30 题目", local(2019, 7, 5, 17, 30)),
    ("2019年7月5日 题目", local(2019, 7, 5, 18, 0)),
    ("７月５日１７：３０ 全角", local(2019, 7, 5, 17, 30)),
    ("明天17点半 题目", local(2019, 6, 29, 17, 30)),
])
def test_deadlines(text, expected):
    assert match_moment(text, 0, NOW, time(18, 0)).at == expected


def test_a_deadline_in_january_written_in_december_is_next_year():
    assert match_moment("1月10日", 0, local(2019, 12, 20, 10, 0), time(18, 0)).at == local(2020, 1, 10, 18, 0)


@pytest.mark.parametrize("text", ["济办 7月5日", "后勤", "3 题目", "7月35日", "25:00"])
def test_not_a_deadline(text):
    assert match_moment(text, 0, NOW, time(18, 0)) is None


@pytest.mark.parametrize("text,expected", [
    ("6月28日7时40分许，某小区发生", local(2019, 6, 28, 7, 40)),
    ("【标题】今日上午9点半，发生", local(2019, 6, 28, 9, 30)),
    ("共3.5万元，23:10发生", local(2019, 6, 27, 23, 10)),   # a time later than now was yesterday
    ("12月30日8:00发生", local(2018, 12, 30, 8, 0)),        # an event is never in the coming months
])
def test_event_times_anywhere_in_a_report(text, expected):
    assert find_moment(text, NOW).at == expected


def test_a_report_without_a_time_of_day_has_no_event_time():
    assert find_moment("6月28日上午，某路段积水", NOW) is None
