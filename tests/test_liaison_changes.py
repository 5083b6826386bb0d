"""A unit that loses its liaison has 3 working days (official calendar, 调休 included) to bind a new one."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs import run_job
from bot.jobs.followups import liaison_changes
from tests.chatkit import GROUP_ID

JIBAN = "wxid_jiban"
ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


def leaves(bot, contact: str):
    return asyncio.run(bot.app.member_left(contact, GROUP_ID))


@pytest.fixture
def before_national_day(bot):
    bot.at(datetime(2019, 9, 20, 10, 0))
    bot.bind(JIBAN, "济办", name="小李")
    bot.at(datetime(2019, 9, 27, 16, 0))  # the Friday before 国庆
    return bot


def test_leaving_the_group_ends_the_binding_and_tells_admins_the_deadline(before_national_day):
    bot = before_national_day
    posts = leaves(bot, JIBAN)
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS)
    # working days after 27 September: 29 (a 调休 Sunday), 30, then 国庆 until 8 October
    assert posts[0].text == (
        "济办的信息员 小李 于 9月27日 退出群聊，应在 10月8日（含）前绑定新的信息员，"
        "逾期将提议扣 3 分（联系人变动未报）。"
    )
    assert bot.app.office.members.unit_of(JIBAN) is None
    assert bot.rows("bindings")[0]["ended_reason"] == "退出群聊"
    assert leaves(bot, "wxid_not_a_liaison") == []


def test_after_the_deadline_admins_get_one_proposed_deduction(before_national_day):
    bot = before_national_day
    leaves(bot, JIBAN)
    assert liaison_changes(bot.app, at(2019, 10, 8, 23, 59)) == []
    posts = liaison_changes(bot.app, at(2019, 10, 9, 9, 30))
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS)
    assert posts[0].text.splitlines() == [
        "济办的信息员 小李 于 9月27日 退出群聊，应在 10月8日（含）前绑定新的信息员，逾期未绑定。提议扣分：",
        "#1 济办 联系人变动未报 -3 分：济办的信息员 小李 于 9月27日 退出群聊，应在 10月8日（含）前绑定新的信息员，逾期未绑定",
        "确认扣分请发送「/确认扣分 1」；有正当理由不扣的，发送「/不扣分 提议号 原因」。未经管理员确认，不会扣分。",
    ]
    assert liaison_changes(bot.app, at(2019, 10, 10, 9, 30)) == []
    assert bot.app.store.count_entries() == 0
    bot.flush()
    bot.at(datetime(2019, 10, 9, 10, 0))
    assert "-3 分" in bot.admin("/确认扣分 1")
    entry = next(bot.app.store.all_entries())
    assert (entry.unit, entry.deduction_kind, entry.date) == ("济办", "联系人变动未报", date(2019, 10, 8))


def test_a_new_liaison_asked_for_in_time_means_no_deduction_even_if_confirmed_later(before_national_day):
    bot = before_national_day
    leaves(bot, JIBAN)
    bot.at(datetime(2019, 10, 8, 17, 0))
    bot.say("wxid_new", "/绑定 济办", name="小王")
    assert liaison_changes(bot.app, at(2019, 10, 10, 9, 30)) == []
    bot.admin("/确认绑定 2")
    assert liaison_changes(bot.app, at(2019, 10, 10, 9, 30)) == []
    assert bot.rows("proposals") == []


def test_a_request_one_day_late_does_not_count(before_national_day):
    bot = before_national_day
    leaves(bot, JIBAN)
    bot.at(datetime(2019, 10, 9, 8, 0))
    bot.say("wxid_new", "/绑定 济办", name="小王")
    assert len(liaison_changes(bot.app, at(2019, 10, 9, 9, 30))) == len(ADMINS)


def test_no_change_while_another_liaison_of_the_unit_stays(before_national_day):
    bot = before_national_day
    bot.bind("wxid_second", "济办")
    assert leaves(bot, JIBAN) == []
    assert liaison_changes(bot.app, at(2019, 11, 1, 9, 30)) == []


def test_unbinding_by_an_admin_starts_the_same_clock_over_spring_festival(bot):
    bot.at(datetime(2019, 1, 28, 10, 0))
    bot.bind(JIBAN, "济办", name="小李")
    bot.at(datetime(2019, 2, 1, 11, 0))  # Friday; 2 and 3 February are 调休 working days, then 春节
    reply = bot.admin(f"/解绑 {JIBAN} 调岗")
    assert reply.splitlines()[1] == (
        "济办的信息员 小李 于 2月1日 调岗，应在 2月11日（含）前绑定新的信息员，逾期将提议扣 3 分（联系人变动未报）。"
    )
    assert liaison_changes(bot.app, at(2019, 2, 11, 18, 0)) == []
    assert liaison_changes(bot.app, at(2019, 2, 12, 9, 30)) != []


def test_moving_a_liaison_to_another_unit_leaves_the_first_unit_without_one(bot):
    bot.bind(JIBAN, "济办", name="小李")
    bot.say(JIBAN, "/绑定 环保局", name="小李")
    bot.admin("/确认绑定 2")
    posts = liaison_changes(bot.app, at(2019, 7, 4, 9, 30))
    assert posts and "济办的信息员 小李 于 6月28日 改绑到环保局" in posts[0].text


def test_a_date_outside_the_calendar_is_reported_to_admins_once_per_year_and_never_guessed(bot):
    bot.at(datetime(2099, 3, 2, 10, 0))
    bot.bind(JIBAN, "济办", name="小李")
    posts = leaves(bot, JIBAN)
    assert "济办的信息员 小李 已解除绑定。无法判断 2099年3月3日 是否为工作日" in posts[0].text
    assert bot.app.office.members.unit_of(JIBAN) is None  # the leaving is still recorded
    now = at(2099, 3, 9, 9, 30)
    posts = run_job(bot.app, "liaison_changes", now)
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS)
    assert posts[0].text.startswith("定时任务「信息员变动检查」未能执行：无法判断 2099年3月")
    assert "holidays.yaml 中填写 2099 年的安排" in posts[0].text and "重启机器人后，此项检查恢复" in posts[0].text
    assert run_job(bot.app, "liaison_changes", now) == []
    assert run_job(bot.app, "liaison_changes", at(2099, 3, 10, 9, 30)) == []  # told once; still no deduction
    assert bot.app.office.proposals.pending() == []
