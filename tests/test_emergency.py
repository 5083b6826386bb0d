"""#紧急: time-stamped, the 1-hour/2-hour rule restated, a written report later than 2 h flagged; grade deductions."""

from __future__ import annotations

import pytest

from bot.office.emergencies import RULE
from tests.chatkit import ADMIN, ADMIN_NAME

JIBAN = "wxid_jiban"
ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]


@pytest.fixture
def liaison(bot):
    bot.bind(JIBAN, "济办")
    return bot  # Friday 2019-06-28 10:00


def test_a_report_within_two_hours_is_stamped_and_the_rule_restated(liaison):
    out = liaison.send(liaison.message(JIBAN, "#紧急 6月28日8:30 【济源路一处燃气管道泄漏】现场已处置。"))
    reply = [o for o in out if o.contact_id is None][0]
    assert reply.text.splitlines() == [
        "已收到 济办 紧急信息 #1《济源路一处燃气管道泄漏》（报送 #1），收到时间 6月28日 10:00，事发时间 6月28日 08:30。",
        RULE,
    ]
    assert RULE == "重大紧急信息须在事发后 1 小时内口头报告、2 小时内书面报告。"
    to_admins = [o for o in out if o.contact_id]
    assert sorted(o.contact_id for o in to_admins) == sorted(ADMINS)
    assert to_admins[0].text.startswith(
        "【紧急信息】济办 #1《济源路一处燃气管道泄漏》，收到时间 6月28日 10:00，"
        "事发时间 6月28日 08:30。距事发 1 小时 30 分钟，在 2 小时内。"
    )
    row = liaison.rows("emergencies")[0]
    assert (row["unit"], row["event_at"], row["at"], row["submission_id"]) == (
        "济办",
        "2019-06-28T08:30:00+08:00",
        "2019-06-28T10:00:00+08:00",
        1,
    )


def test_a_written_report_more_than_two_hours_after_the_event_is_flagged(liaison):
    out = liaison.send(liaison.message(JIBAN, "#紧急 【某小区电梯困人】6月28日7时40分许，某小区发生电梯困人事件。"))
    reply = [o for o in out if o.contact_id is None][0].text
    assert "事发时间 6月28日 07:40" in reply
    assert reply.endswith("本次书面报告距事发已 2 小时 20 分钟，超过 2 小时时限，已报区委办信息科。")
    admin = [o for o in out if o.contact_id == ADMIN][0].text
    assert "书面报告迟报：距事发 2 小时 20 分钟，超过 2 小时。" in admin
    assert "如需扣分：/紧急扣分 1 级别（一般 -20、较大 -30、重大 -40、特别重大 -50）" in admin


def test_a_time_alone_means_today_or_yesterday(liaison):
    reply = liaison.say(JIBAN, "#紧急 23:10 【夜间火情】")
    assert "事发时间 6月27日 23:10" in reply and "超过 2 小时时限" in reply


@pytest.mark.parametrize("event", ["下午3点20分", "6月28日下午3点20分", "今天下午3点20分许", "15时20分许", "下午3:20"])
def test_an_afternoon_event_time_is_after_noon(liaison, event):
    liaison.at(liaison.clock.now().replace(hour=16, minute=0))
    reply = liaison.say(JIBAN, f"#紧急 {event} 【某小区燃气泄漏】现场已处置。")
    assert "事发时间 6月28日 15:20" in reply and "超过 2 小时时限" not in reply
    assert "《某小区燃气泄漏》" in reply  # the event time is not taken into the title


def test_an_evening_event_written_in_the_morning_is_last_nights(liaison):
    reply = liaison.say(JIBAN, "#紧急 【夜间火情】昨日晚上11点许，某小区发生火情。")
    assert "事发时间 6月27日 23:00" in reply


def test_a_report_without_an_event_time_is_kept_and_the_sender_is_asked(liaison):
    reply = liaison.say(JIBAN, "#紧急 【某路段积水】")
    assert "未写明事发时间，无法核对时限。请补发" in reply
    assert liaison.rows("emergencies")[0]["event_at"] is None


def test_an_event_time_in_the_future_is_refused(liaison):
    reply = liaison.say(JIBAN, "#紧急 6月28日11:30 【时间写错】")
    assert "事发时间 6月28日 11:30 晚于收到时间 6月28日 10:00，请核对后重发" in reply
    assert liaison.rows("emergencies") == [] and liaison.rows("submissions") == []


def test_admin_records_the_deduction_by_grade(liaison):
    liaison.say(JIBAN, "#紧急 7:00 【迟报的一件事】")
    reply = liaison.admin("/紧急扣分 1 较大 书面报告迟报")
    assert reply.startswith("已登记 #1：济办 扣分：紧急信息较大（紧急信息 #1《迟报的一件事》 书面报告迟报），-30 分。")
    assert "-20 分" in liaison.admin("/紧急扣分 济办 Ⅳ级 漏报")
    assert "-40 分" in liaison.admin("/紧急扣分 济办 紧急信息Ⅱ级")
    assert "-50 分" in liaison.admin("/紧急扣分 济办 特别重大")
    kinds = [e.deduction_kind for e in liaison.app.store.all_entries()]
    assert kinds == ["紧急信息较大", "紧急信息一般", "紧急信息重大", "紧急信息特别重大"]


@pytest.mark.parametrize(
    "command,error",
    [
        ("/紧急扣分 1 严重", "未知紧急信息级别「严重」。可用：一般 -20、较大 -30、重大 -40、特别重大 -50"),
        ("/紧急扣分 1 约稿迟报", "未知紧急信息级别「约稿迟报」"),
        ("/紧急扣分 9 一般", "没有紧急信息 #9"),
        ("/紧急扣分 1", "缺少级别（"),
    ],
)
def test_bad_grade_deductions_say_what_is_valid(liaison, command, error):
    liaison.say(JIBAN, "#紧急 7:00 【一件事】")
    reply = liaison.admin(command)
    assert error in reply and "用法：/紧急扣分" in reply
    assert liaison.app.store.count_entries() == 0


def test_only_admins_record_emergency_deductions(liaison):
    liaison.say(JIBAN, "#紧急 7:00 【一件事】")
    for sender, name in [(JIBAN, "小李"), ("wxid_impostor", ADMIN_NAME)]:
        assert "仅限区委办信息科管理员使用" in liaison.say(sender, "/紧急扣分 1 一般", name=name)
    assert liaison.app.store.count_entries() == 0


def test_unbound_members_are_told_to_bind_first(bot):
    assert "您还没有绑定单位" in bot.say("wxid_someone", "#紧急 8:00 【事】")
    assert bot.rows("emergencies") == []
