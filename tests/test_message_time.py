"""A message keeps the time its sender sent it, in Beijing time, never later than now."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from bot.common.clock import TZ, FixedClock

wechaty = pytest.importorskip("bot.transports.wechaty", reason="未安装 python-wechaty（.[wechaty]）")

NOW = datetime(2019, 7, 5, 18, 0, tzinfo=TZ)


def sent_at(timestamp):
    inbox = SimpleNamespace(now=FixedClock(NOW).now)
    fake_self = SimpleNamespace(_inbox=lambda: inbox)
    msg = SimpleNamespace(payload=SimpleNamespace(timestamp=timestamp))
    return wechaty.WechatyTransport._sent_at(fake_self, msg)


def test_backlog_keeps_the_send_time():
    sent = datetime(2019, 7, 5, 16, 30, tzinfo=TZ)
    assert sent_at(int(sent.timestamp())) == sent
    assert sent_at(int(sent.timestamp() * 1000)) == sent  # milliseconds
    assert sent_at(int(sent.timestamp())).utcoffset().total_seconds() == 8 * 3600


def test_a_clock_ahead_of_ours_or_no_stamp_gives_now():
    assert sent_at(int(datetime(2019, 7, 6, tzinfo=timezone.utc).timestamp())) == NOW
    assert sent_at(0) == NOW


def test_the_router_stores_beijing_time(bot):
    msg = bot.message("wxid_x", "大家好")
    from dataclasses import replace

    bot.send(replace(msg, at=datetime(2019, 6, 28, 2, 0, tzinfo=timezone.utc)))
    assert bot.rows("messages")[0]["at"] == "2019-06-28T10:00:00+08:00"


def test_wecom_create_time_is_read_the_same_way():
    from bot.common.clock import sent_time

    sent = datetime(2019, 7, 5, 16, 30, tzinfo=TZ)
    assert sent_time(int(sent.timestamp()), NOW) == sent
    assert sent_time(None, NOW) == NOW and sent_time("1562315400", NOW) == NOW
