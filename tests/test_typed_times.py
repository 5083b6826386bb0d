"""Dates and times as typed in the group, for 约稿 deadlines and 紧急信息 event times."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from bot.chat.typed_times import find_moment, match_moment
from bot.common.clock import FixedClock

NOW = FixedClock(datetime(2019, 6, 28, 10, 0)).now()  # a Friday


def local(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7月5日 题目", local(2019, 7, 5, 18, 0)),
        ("7月5日17:30前 题目", local(2019, 7, 5, 17, 30)),
        ("7月5日 17时 题目", local(2019, 7, 5, 17, 0)),
        ("2019-07-05 17:30 题目", local(2019, 7, 5, 17, 30)),
        ("2019年7月5日 题目", local(2019, 7, 5, 18, 0)),
        ("７月５日１７：３０ 全角", local(2019, 7, 5, 17, 30)),
        ("明天17点半 题目", local(2019, 6, 29, 17, 30)),
    ],
)
def test_deadlines(text, expected):
    assert match_moment(text, 0, NOW, time(18, 0)).at == expected


def test_a_deadline_in_january_written_in_december_is_next_year():
    assert match_moment("1月10日", 0, local(2019, 12, 20, 10, 0), time(18, 0)).at == local(2020, 1, 10, 18, 0)


@pytest.mark.parametrize("text", ["济办 7月5日", "后勤", "3 题目", "7月35日", "25:00"])
def test_not_a_deadline(text):
    assert match_moment(text, 0, NOW, time(18, 0)) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("6月28日7时40分许，某小区发生", local(2019, 6, 28, 7, 40)),
        ("【标题】今日上午9点半，发生", local(2019, 6, 28, 9, 30)),
        ("共3.5万元，23:10发生", local(2019, 6, 27, 23, 10)),  # a time later than now was yesterday
        ("12月30日8:00发生", local(2018, 12, 30, 8, 0)),  # an event is never in the coming months
    ],
)
def test_event_times_anywhere_in_a_report(text, expected):
    assert find_moment(text, NOW).at == expected


def test_a_report_without_a_time_of_day_has_no_event_time():
    assert find_moment("6月28日上午，某路段积水", NOW) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("下午3点20分，某小区发生", local(2019, 6, 27, 15, 20)),  # later than now today: yesterday's
        ("6月28日上午9点半，发生", local(2019, 6, 28, 9, 30)),
        ("6月27日下午3点，发生", local(2019, 6, 27, 15, 0)),  # the date is kept with the time
        ("6月27日下午3点20分许，发生", local(2019, 6, 27, 15, 20)),
        ("6月27日 下午 3:20 发生", local(2019, 6, 27, 15, 20)),
        ("6月27日中午1点发生", local(2019, 6, 27, 13, 0)),
        ("6月27日中午12点半发生", local(2019, 6, 27, 12, 30)),
        ("6月27日晚上8点发生", local(2019, 6, 27, 20, 0)),
        ("6月27日晚上12点发生", local(2019, 6, 28, 0, 0)),  # the midnight that ends the 27th
        ("6月28日凌晨2点发生", local(2019, 6, 28, 2, 0)),
        ("6月28日凌晨12点发生", local(2019, 6, 28, 0, 0)),
        ("6月27日夜里11点发生", local(2019, 6, 27, 23, 0)),
        ("6月27日傍晚6时许发生", local(2019, 6, 27, 18, 0)),
        ("6月27日下午15时20分许发生", local(2019, 6, 27, 15, 20)),  # 24-hour clock after 下午: as written
        ("6月27日15时20分许发生", local(2019, 6, 27, 15, 20)),
        ("昨晚不算，今天上午8点整发生", local(2019, 6, 28, 8, 0)),
        ("6月28日早上7点左右发生", local(2019, 6, 28, 7, 0)),
    ],
)
def test_the_part_of_the_day_is_read(text, expected):
    assert find_moment(text, NOW).at == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("明天下午5点 题目", local(2019, 6, 29, 17, 0)),
        ("7月5日下午5点半 题目", local(2019, 7, 5, 17, 30)),
        ("下午4点 题目", local(2019, 6, 28, 16, 0)),
        ("７月５日下午５：３０ 全角", local(2019, 7, 5, 17, 30)),
    ],
)
def test_deadlines_with_the_part_of_the_day(text, expected):
    moment = match_moment(text, 0, NOW, time(18, 0))
    assert moment.at == expected and text[moment.end :].strip() in ("题目", "全角")


@pytest.mark.parametrize("text", ["下午 题目", "24:00", "晚上25点"])
def test_not_a_time_with_a_part_of_the_day(text):
    assert match_moment(text, 0, NOW, time(18, 0)) is None
