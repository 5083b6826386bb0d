"""A fair outbox: no member's flood delays the office, uses up the daily cap, or gets answered without end."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.settings import load_config
from bot.settings.delivery import OutboxSettings
from bot.settings.limits import LimitSettings
from bot.store import open_store
from tests.chatkit import ADMIN, GROUP_ID, start_bot
from tests.test_delivery import Paced
from tests.test_wechat_config import problems, set_section

STRANGER = "wxid_stranger"
JIBAN = "wxid_liaison_jiban"


def with_limits(config, **kw):
    return replace(config, bot=replace(config.bot, limits=replace(config.bot.limits, **kw)))


def receive(paced: Paced, sender: str, text: str, **kw) -> None:
    asyncio.run(paced.app.receive(paced.harness.message(sender, text, **kw)))


def test_a_flood_from_an_unbound_member_never_delays_the_admin(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path, limits=OutboxSettings(3, 0, 20))
    for _ in range(25):
        receive(bot, STRANGER, "/x")
    hints = [r for r in bot.harness.rows("outbox") if r["requested_by"] == STRANGER]
    assert [h["text"][:8] for h in hints] == ["未知命令「/x」"]  # one hint a day, not 25
    for _ in range(25):
        receive(bot, STRANGER, "/帮助")  # a command anyone may use: 25 chat replies, more than the cap
    receive(bot, ADMIN, "/帮助", private=True)
    bot.deliver()
    sent = bot.transport.sent
    assert sent[0].contact_id == ADMIN  # queued last, sent first
    assert len(sent) == 20 and all(o.room_id == GROUP_ID for o in sent[1:])

    # The cap is reached; the office's messages still go out the same day, the members' wait.
    bot.app.office.notices.post([(bot.app.office.notices.to_group("【提醒】本周报送情况"), "weekly:test")])
    receive(bot, ADMIN, "/帮助", private=True)
    receive(bot, STRANGER, "/帮助")
    bot.deliver()
    assert [o.text[:10] for o in sent[20:]] == ["【提醒】本周报送情况", sent[0].text[:10]]
    waiting = [r for r in bot.harness.rows("outbox") if r["status"] == "pending" and r["requested_by"] == STRANGER]
    assert len(waiting) == 1 + 25 + 1 - 19  # the hint and 26 help replies, 19 of which went out
    cap = [r for r in bot.harness.rows("outbox") if (r["key"] or "").startswith("outbox:cap:")]
    assert cap and {r["status"] for r in cap} == {"pending"}  # told to the admins first thing tomorrow


def test_past_the_hourly_budget_the_bot_says_so_once_then_stays_silent(config, tmp_path):
    bot = start_bot(
        with_limits(config, replies_per_hour=5), open_store(None), FixedClock(datetime(2019, 6, 28, 10, 20)), tmp_path
    )
    bot.bind(JIBAN, "济办", name="小济")
    replies = [bot.say(JIBAN, "/我的得分", name="小济") for _ in range(5)]
    assert all(r.startswith("济办") for r in replies)
    notice = bot.say(JIBAN, "/我的得分", name="小济")
    assert notice == "「小济」本小时内机器人已回复您 5 次，11:00 前不再回复您的消息（发来的报送等照常登记）。"
    assert bot.say(JIBAN, "/我的得分") == ""
    assert bot.say(JIBAN, "#报送 【超额也登记】正文") == ""
    assert [r["title"] for r in bot.rows("submissions")] == ["超额也登记"]
    assert all(bot.admin("/帮助", private=True) for _ in range(8))
    bot.later(minutes=40)  # 11:00: a new hour
    assert bot.say(JIBAN, "/我的得分").startswith("济办")


def test_a_stranger_gets_one_hint_a_day_a_liaison_every_time(bot):
    assert "未知命令「/x」" in bot.say(STRANGER, "/x")
    assert bot.say(STRANGER, "/y") == ""
    assert bot.say(STRANGER, "你好", private=True) == ""
    bot.bind(JIBAN, "济办")
    assert "未知命令" in bot.say(JIBAN, "/x") and "未知命令" in bot.say(JIBAN, "/x")
    bot.later(days=1)
    assert "发送 /帮助 查看可用命令" in bot.say(STRANGER, "你好", private=True)
    assert bot.say(STRANGER, "/x") == ""


def test_limits_are_read_and_checked(cfg):  # noqa: F811
    assert load_config(cfg).bot.limits == LimitSettings(message_chars=20000, replies_per_hour=30)
    set_section(cfg, "limits", "limits:\n  replies_per_hour: 0\n  message_chars: 10\n  flood: 1")
    text = problems(cfg)
    assert "bot.yaml 的 limits.replies_per_hour：应不小于 1，实际是 0" in text
    assert "bot.yaml 的 limits.message_chars：应不小于 500，实际是 10" in text
    assert "bot.yaml 的 limits.flood：未知的配置项。可用：message_chars、replies_per_hour" in text


@pytest.mark.parametrize("section", ["limits:\n  replies_per_hour: 2"])
def test_omitted_keys_take_defaults(cfg, section):  # noqa: F811
    set_section(cfg, "limits", section)
    assert load_config(cfg).bot.limits == LimitSettings(message_chars=20000, replies_per_hour=2)


def test_what_a_liaison_makes_the_bot_tell_the_admins_goes_with_the_office(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#紧急 6月28日9:30 【火情】正文")
    rows = bot.rows("outbox")
    admins = {a.contact_id for a in bot.app.config.bot.admins}
    assert {r["contact_id"]: r["priority"] for r in rows if r["contact_id"] in admins} == dict.fromkeys(admins, 0)
    assert [r["priority"] for r in rows if r["room_id"] == GROUP_ID] == [1]  # the reply in the group
    assert {r["requested_by"] for r in rows} == {JIBAN}  # all of it counts against the liaison's budget
