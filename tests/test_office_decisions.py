"""The office's decisions by text (WeChat, the console): every message that offers a decision carries its
prompts and still ends with the command to type; the typed commands decide, each once; the 紧急信息 oral
report is noted and checked against the 1-hour rule."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs.followups import solicitation_deadlines
from bot.jobs.pledges import pledge_deadlines
from bot.transports.console import ConsoleTransport
from tests.chatkit import ADMIN, GROUP_ID

JIBAN, HBJ, ZHANG = "wxid_jiban", "wxid_hbj", "wxid_office_zhangyi"


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


@pytest.fixture
def late(bot):
    """约稿 #1 to 环保局, due 5 July 17:00, never answered: proposal #1 (−5) is put to the admins."""
    bot.bind(HBJ, "环保局")
    bot.admin("/约稿 环保局 7月5日17:00 《大气污染防治经验做法》")
    bot.at(at(2019, 7, 5, 17, 0))
    solicitation_deadlines(bot.app, bot.clock.now())
    return bot


def to_admin(outs, contact=ADMIN):
    return next(o for o in outs if o.contact_id == contact)


def test_a_private_binding_request_offers_confirm_and_reject(bot):
    outs = bot.send(bot.message("wxid_new", "/绑定 济办", name="王小红", private=True))
    notice = to_admin(outs)
    assert notice.text.endswith("确认请发送「/确认绑定 1」，不同意请发送「/拒绝绑定 1 原因」。")
    [prompt] = notice.prompts
    assert [(a.label, a.command) for a in prompt.actions] == [("确认", "/确认绑定 1"), ("拒绝", "/拒绝绑定 1")]
    assert bot.app.card_outcome("binding:1") is None
    outs = bot.send(bot.message(ADMIN, "/拒绝绑定 1 不是本单位人员", private=True))
    assert "已拒绝绑定申请 #1：王小红（wxid_new）→ 济办，原因：不是本单位人员。" in to_admin(outs).text
    assert "未获区委办信息科同意：不是本单位人员" in next(o for o in outs if o.contact_id == "wxid_new").text
    assert bot.app.card_outcome("binding:1") == "已拒绝绑定申请：不是本单位人员（高歌，6月28日 10:00）"
    assert "已失效（管理员拒绝：不是本单位人员）" in bot.admin("/确认绑定 1")
    assert bot.app.office.members.unit_of("wxid_new") is None


def test_a_confirmed_binding_says_who_and_when(bot):
    bot.send(bot.message("wxid_new", "/绑定 济办", name="王小红", private=True))
    bot.later(minutes=2)
    assert "已确认：王小红（wxid_new）为「济办」的信息员" in bot.admin("/确认绑定 1", private=True)
    assert bot.app.card_outcome("binding:1") == "已确认绑定：王小红 → 济办（高歌，6月28日 10:02）"


def test_deadline_proposals_offer_confirm_and_reasons_per_unit(late):
    notice = to_admin(late.flush())
    assert notice.text.endswith("未经管理员确认，不会扣分。")  # the commands to type, as before
    [prompt] = notice.prompts
    assert prompt.subject == "proposal:1" and prompt.title == "扣分提议 #1 环保局 −5"
    confirm, dismiss = prompt.actions
    assert confirm.runs() == [("确认扣分", "/确认扣分 1")]
    assert dismiss.runs() == [
        ("不扣分：已电话报送", "/不扣分 1 已电话报送"),
        ("不扣分：已说明情况", "/不扣分 1 已说明情况"),
        ("不扣分：经同意延期", "/不扣分 1 经同意延期"),
        ("不扣分：其他", "/不扣分 1"),
    ]


def test_confirming_twice_records_once(late):
    late.later(hours=15, minutes=2)
    assert "扣分提议 #1 已确认" in late.admin("/确认扣分 1", private=True)
    assert late.app.card_outcome("proposal:1") == "已确认扣分 −5（高歌，7月6日 08:02）"
    assert "扣分提议 #1 已确认（记录 #1），不能再处理。" in late.say(ZHANG, "/确认扣分 1", private=True)
    assert late.app.store.count_entries() == 1
    assert late.app.card_outcome("proposal:1") == "已确认扣分 −5（高歌，7月6日 08:02）"


def test_other_asks_for_the_reason_and_the_next_private_message_is_it(late):
    asked = late.admin("/不扣分 1", private=True)
    assert "不扣分须写明原因：请在 30 分钟内直接回复原因" in asked
    assert late.admin("已电话报送纸质稿", private=True) == "已决定不扣分：#1 环保局 约稿迟报。原因：已电话报送纸质稿。"
    assert late.app.card_outcome("proposal:1") == "已决定不扣分：已电话报送纸质稿（高歌，7月5日 17:00）"
    assert "发送 /帮助" in late.admin("再说一句", private=True)  # the question was answered once


def test_a_reason_sent_too_late_is_an_ordinary_message(late):
    late.admin("/不扣分 1", private=True)
    late.later(minutes=31)
    assert "已决定不扣分" not in late.admin("已电话报送", private=True)
    assert late.app.card_outcome("proposal:1") is None


def test_a_mistyped_command_is_not_taken_for_the_awaited_reason(late):
    late.later(hours=16)
    late.admin("/不扣分 1", private=True)
    assert "未知命令「/不扣份」" in late.admin("/不扣份 1 已电话报送", private=True)
    assert "不是可用的标签" in late.admin("#报道 【标题】正文", private=True)
    assert late.rows("proposals")[0]["status"] == "pending"
    assert "原因：已电话报送" in late.admin("已电话报送", private=True)  # still awaited


def test_a_member_cannot_decide(late):
    assert "仅限区委办信息科管理员使用" in late.say(HBJ, "/确认扣分 1", private=True)
    assert "仅限区委办信息科管理员使用" in late.say(HBJ, "/拒绝绑定 1")
    assert late.app.card_outcome("proposal:1") is None


def emergency(bot, event: str, now: datetime) -> list:
    bot.at(now)
    return bot.send(bot.message(JIBAN, f"#紧急 {event} 【燃气管道泄漏】现场已处置。"))


@pytest.fixture
def jiban(bot):
    bot.bind(JIBAN, "济办")
    return bot


def test_an_emergency_offers_the_oral_report_card(jiban):
    notice = to_admin(emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 0)))
    assert (
        "收到口头报告请发送「/口头报告 1 时间」（不写时间即现在），未口头报告发送「/口头报告 1 未报」。" in notice.text
    )
    [prompt] = notice.prompts
    assert [(a.label, a.command) for a in prompt.actions] == [
        ("已收到口头报告", "/口头报告 1"),
        ("未口头报告", "/口头报告 1 未报"),
    ]


def test_an_oral_report_50_minutes_after_the_event_is_in_time(jiban):
    emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 0))
    jiban.at(at(2019, 7, 1, 10, 20))
    reply = jiban.admin("/口头报告 1", private=True)
    assert (
        reply == "已登记：紧急信息 #1（济办《燃气管道泄漏》）口头报告时间 7月1日 10:20，距事发 50 分钟，在 1 小时内。"
    )
    assert jiban.rows("proposals") == []
    assert jiban.app.card_outcome("oral:1") == "已收到口头报告 7月1日 10:20，距事发 50 分钟（高歌，7月1日 10:20）"
    assert "口头报告已登记（口头报告时间 7月1日 10:20），不再重复登记" in jiban.admin("/口头报告 1 10:40")


def test_an_oral_report_70_minutes_after_the_event_is_proposed_for_a_deduction(jiban):
    emergency(jiban, "7月1日9:10", at(2019, 7, 1, 10, 0))
    jiban.at(at(2019, 7, 1, 10, 30))
    outs = jiban.send(jiban.message(ADMIN, "/口头报告 1 10:20", private=True))
    reply = to_admin(outs)
    assert reply.text.startswith(
        "已登记：紧急信息 #1（济办《燃气管道泄漏》）口头报告时间 7月1日 10:20，距事发 1 小时 10 分钟，超过 1 小时时限。\n"
        "已提议扣分：#1 济办 紧急信息一般 -20 分：紧急信息 #1《燃气管道泄漏》口头报告距事发 1 小时 10 分钟，超过 1 小时时限"
    )
    assert [p.subject for p in reply.prompts] == ["proposal:1"]
    assert {o.contact_id for o in outs if o.prompts} == {ADMIN, ZHANG, "wxid_office_guocong"}
    assert jiban.app.store.count_entries() == 0  # the office confirms it
    assert "扣分提议 #1 已确认" in jiban.admin("/确认扣分 1")
    assert jiban.app.store.count_entries() == 1


def test_no_oral_report_is_proposed_once_even_if_the_written_one_was_late_too(jiban):
    outs = emergency(jiban, "7月1日7:00", at(2019, 7, 1, 10, 0))  # written 3 hours after the event
    assert [p.subject for p in to_admin(outs).prompts] == ["oral:1", "proposal:1"]
    reply = jiban.admin("/口头报告 1 未报")
    assert reply.startswith("已登记：紧急信息 #1（济办《燃气管道泄漏》）未口头报告。（该紧急信息此前已有扣分提议。）")
    assert len(jiban.rows("proposals")) == 1
    assert jiban.app.card_outcome("oral:1") == "未口头报告（高歌，7月1日 10:00）"


def test_the_same_emergency_sent_again_is_not_a_second_one(jiban):
    emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 0))
    outs = emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 5))  # the liaison sends it once more
    assert [o.contact_id for o in outs] == [None]  # no second notice, no second oral report card
    assert "紧急信息 #1《燃气管道泄漏》已于 7月1日 10:00 收到，不重复登记" in outs[0].text
    assert len(jiban.rows("emergencies")) == 1


@pytest.mark.parametrize(
    "text, error",
    [
        ("/口头报告 1 明天", "看不懂口头报告时间「明天」"),
        ("/口头报告 1 9:00", "口头报告时间 7月1日 09:00 早于事发时间 7月1日 09:30"),
        ("/口头报告 1 7月1日11:00", "口头报告时间 7月1日 11:00 晚于现在"),
        # A time of day still ahead today is not taken for yesterday's (which would be «早于事发时间»).
        ("/口头报告 1 11:00", "口头报告时间 11:00 还没到（现在 7月1日 10:00）"),
        # Words around the time are not dropped; 下午 is read: 下午3点20 is 15:20, still ahead.
        ("/口头报告 1 下午3点20", "口头报告时间 15:20 还没到（现在 7月1日 10:00）"),
        ("/口头报告 1 上午9点", "口头报告时间 7月1日 09:00 早于事发时间 7月1日 09:30"),
        ("/口头报告 1 约9:40", "看不懂口头报告时间「约9:40」"),
        ("/口头报告 7", "没有紧急信息 #7"),
        ("/口头报告", "缺少紧急信息编号"),
    ],
)
def test_bad_oral_reports_are_explained(jiban, text, error):
    emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 0))
    assert error in jiban.admin(text)
    assert jiban.app.card_outcome("oral:1") is None


def test_an_oral_report_time_just_ahead_or_now_is_taken(jiban):
    emergency(jiban, "7月1日9:30", at(2019, 7, 1, 10, 0))
    jiban.at(at(2019, 7, 1, 10, 18))
    assert "口头报告时间 7月1日 10:20，距事发 50 分钟" in jiban.admin("/口头报告 1 10:20")  # a clock 2 minutes slow
    jiban.at(at(2019, 7, 1, 10, 30))
    jiban.send(jiban.message(JIBAN, "#紧急 7月1日10:00 【燃气管道泄漏续报】"))
    assert "口头报告时间 7月1日 10:30，距事发 30 分钟" in jiban.admin("/口头报告 2 现在")


@pytest.mark.parametrize("written", ["下午3点20", "下午3点20分", "15时20分许", "下午3:20", "今天下午3点20分"])
def test_an_oral_report_in_the_afternoon_is_after_noon(jiban, written):
    emergency(jiban, "7月1日下午3点", at(2019, 7, 1, 15, 30))
    jiban.at(at(2019, 7, 1, 16, 0))
    assert "口头报告时间 7月1日 15:20，距事发 20 分钟，在 1 小时内" in jiban.admin(f"/口头报告 1 {written}")


def test_a_time_of_day_after_a_late_evening_event_is_yesterdays(jiban):
    emergency(jiban, "6月30日23:30", at(2019, 6, 30, 23, 50))
    jiban.at(at(2019, 7, 1, 0, 10))
    assert "口头报告时间 6月30日 23:50，距事发 20 分钟" in jiban.admin("/口头报告 1 23:50")


def test_an_overdue_pledge_offers_signed(config, tmp_path):
    from bot.store import open_store
    from tests.chatkit import start_bot

    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 9, 25, 10, 0)), tmp_path)
    bot.admin("/领导调整 济办 9月25日")
    bot.at(at(2019, 10, 22, 9, 40))
    pledge_deadlines(bot.app, bot.clock.now())
    notice = to_admin(bot.flush())
    assert notice.text.endswith("签订后发送「/承诺书 单位」登记。")
    assert [(p.subject, p.actions[0].command) for p in notice.prompts] == [("pledge:1", "/承诺书 济办")]
    bot.admin("/承诺书 济办")
    assert bot.app.card_outcome("pledge:1") == "已签订承诺书：济办于 10月22日 签订（高歌 登记）"


def test_the_console_shows_the_text_ending_with_the_command(bot):
    stream = io.StringIO()
    bot.app.transport = ConsoleTransport(GROUP_ID, stream, plain=True)
    bot.send(bot.message("wxid_new", "/绑定 济办", name="王小红", private=True))
    printed = stream.getvalue()
    assert "确认请发送「/确认绑定 1」，不同意请发送「/拒绝绑定 1 原因」。" in printed
    asyncio.run(bot.app.receive(bot.message(ADMIN, "/确认绑定 1", private=True)))
    assert "已确认：王小红（wxid_new）为「济办」的信息员" in stream.getvalue()
