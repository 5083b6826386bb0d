"""调研: #调研 on the 附件1 topics, /课题, /调研情况, December reminders, the −10 proposals, prizes."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs.research import research_proposals, research_reminders
from bot.model.message import FileBlob
from tests.chatkit import GROUP_ID
from tests.documents import docx_bytes

JIBAN = "wxid_jiban"
FULIAN = "wxid_fulian"


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


@pytest.fixture
def liaisons(bot):
    bot.bind(JIBAN, "济办")
    bot.bind(FULIAN, "妇联")
    bot.app.office.notices.register_group(GROUP_ID)
    return bot  # Friday 2019-06-28 10:00


def test_topics_are_listed_by_section_with_their_numbers(liaisons):
    reply = liaisons.say(JIBAN, "/课题")
    lines = reply.splitlines()
    assert lines[0] == "2019年度调研选题范围（上报：#调研 课题号 【标题】正文）："
    assert lines[1:4] == ["（一）全面从严治党", "  1. 基层党建", "  2. 作风建设"]
    assert "  35. 重大风险防范" in lines and lines[-1] == "  0 或 其它：区委确定的其它重点工作"


@pytest.mark.parametrize(
    "text, reply",
    [
        (
            "#调研 7 【关于新型社区管理的调研】正文",
            "已收到 济办 2019年上半年课题 7「新型社区管理」调研报告《关于新型社区管理的调研》（调研 #1，报送 #1）。",
        ),
        ("#调研 课题7号 【关于新型社区管理的调研】正文", "课题 7「新型社区管理」调研报告"),
        (
            "#调研 专期 【济源路街道“一长三员”工作法】正文",
            "已收到 济办 2019年上半年经验专期《济源路街道“一长三员”工作法》",
        ),
        ("#调研 其它 【关于某项重点工作的调研】", "课题 0「区委确定的其它重点工作」调研报告"),
        ("#调研 99 【标题】", "没有课题号「99」。2019 年度课题号 1—35，发送 /课题 查看"),
        ("#调研 7", "请写明课题号和报告"),
    ],
)
def test_research_report(liaisons, text, reply):
    assert reply in liaisons.say(JIBAN, text)


def test_a_report_is_a_submission_and_takes_its_attachment(liaisons):
    liaisons.say(JIBAN, "#调研 7 【关于新型社区管理的调研】正文")
    liaisons.later(minutes=2)
    doc = FileBlob(name="调研报告.docx", data=docx_bytes("调研报告"))
    reply = liaisons.say(JIBAN, "", file=doc)
    assert "已将附件「调研报告.docx」附到报送 #1《关于新型社区管理的调研》" in reply
    row = liaisons.rows("research_reports")[0]
    assert (row["unit"], row["kind"], row["topic"], row["year"], row["half"], row["submission_id"]) == (
        "济办",
        "调研报告",
        7,
        2019,
        1,
        1,
    )


def test_research_is_for_bound_liaisons(liaisons):
    assert "您还没有绑定单位" in liaisons.say("wxid_stranger", "#调研 7 【标题】正文")
    assert liaisons.rows("research_reports") == []


def test_status_lists_what_each_unit_still_owes(liaisons):
    liaisons.say(JIBAN, "#调研 7 【调研报告】正文")
    liaisons.admin("/采用 济办 郑州信息 专期 《济办专期》")
    reply = liaisons.admin("/调研情况")
    lines = reply.splitlines()
    assert lines[0] == "2019年调研情况（截至6月28日）："
    assert lines[1].startswith("上半年调研报告：已报 1 个，未报 52 个：") and "济办" not in lines[1]
    assert lines[2].startswith("上半年经验专期：已报 0 个，未报 53 个：")
    assert lines[3] == "一镇五办及承担重点工作的部门（6 个）全年："
    assert lines[4] == "市级专期未发表：中心办、峡窝镇、工业办、新安办、矿山办"
    assert lines[5].startswith("《上街政研》文章未发表：中心办、峡窝镇、工业办、新安办、济办")
    assert "济办" not in lines[6] and "妇联" in lines[6]


def test_december_reminder_names_missing_work_and_mentions_liaisons(liaisons):
    liaisons.say(JIBAN, "#调研 7 【上半年调研报告】正文")
    liaisons.at(at(2019, 12, 2, 9, 15))  # Monday, the first working day of December
    posted = research_reminders(liaisons.app, liaisons.clock.now())
    assert len(posted) == 1 and posted[0].room_id == GROUP_ID
    text = posted[0].text
    assert text.startswith("【调研提醒】2019年即将结束。以下 53 个单位本年度调研任务尚未完成")
    assert "济办：上半年经验专期、下半年调研报告、下半年经验专期、市级专期、《上街政研》文章" in text
    assert "妇联：上半年调研报告、上半年经验专期、下半年调研报告、下半年经验专期\n" in text
    assert "全年未向《上街政研》投稿的单位扣 10 分。" in text
    assert JIBAN in posted[0].mentions and FULIAN in posted[0].mentions
    assert research_reminders(liaisons.app, liaisons.clock.now()) == []  # once a year


def test_no_reminder_outside_december(liaisons):
    liaisons.at(at(2019, 11, 1, 9, 15))
    assert research_reminders(liaisons.app, liaisons.clock.now()) == []


def test_after_the_year_units_without_a_zhengyan_submission_are_proposed_minus_ten(liaisons):
    liaisons.say(JIBAN, "#调研 7 【调研报告】正文")  # a research report sent
    liaisons.admin("/采用 组织部 上街政研 《政研文章》")  # an article published
    liaisons.at(at(2020, 1, 2, 9, 30))
    posted = research_proposals(liaisons.app, liaisons.clock.now())
    assert {o.contact_id for o in posted} == {"wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"}
    text = posted[0].text
    assert text.startswith("2019 年度未向《上街政研》投稿（未上报调研报告，也无文章被采用）的单位，提议扣分：")
    proposals = liaisons.rows("proposals")
    units = {p["unit"] for p in proposals}
    assert len(units) == 51 and "济办" not in units and "组织部" not in units and "妇联" in units
    fulian = next(p for p in proposals if p["unit"] == "妇联")
    assert (fulian["deduction_kind"], fulian["date"], fulian["status"]) == ("政研任务未完成", "2019-12-31", "pending")
    assert f"#{fulian['id']} 妇联 政研任务未完成 -10 分" in text
    assert research_proposals(liaisons.app, liaisons.clock.now()) == []  # proposed once
    reply = liaisons.admin(f"/确认扣分 {fulian['id']}")
    assert "-10" in reply
    entry = liaisons.rows("entries")[-1]
    assert (entry["unit"], entry["deduction_kind"], entry["date"]) == ("妇联", "政研任务未完成", "2019-12-31")


def test_prizes_and_excellent_research_articles(liaisons):
    reply = liaisons.admin("/调研奖 济办 一等 《关于城市精细化管理的调研》")
    assert (
        reply
        == "已登记 2019 年度优秀调研成果奖：济办《关于城市精细化管理的调研》一等奖（不计分），将列入年度情况通报。"
    )
    assert "已登记过调研奖" in liaisons.admin("/调研奖 济办 二等 《关于城市精细化管理的调研》")
    assert "未知奖项「特等」。可用：一等、二等、三等" in liaisons.admin("/调研奖 济办 特等 《另一篇》")
    assert liaisons.rows("entries") == []  # a prize carries no points
    reply = liaisons.admin("/优秀调研 济办 《关于城市精细化管理的调研》")
    assert "济办 优秀调研文章《关于城市精细化管理的调研》，+5 分" in reply


def test_the_same_report_sent_twice_is_one_report(liaisons):
    liaisons.say(JIBAN, "#调研 7 【关于新型社区管理的调研】正文")
    liaisons.later(minutes=30)
    reply = liaisons.say(JIBAN, "#调研 7 【关于新型社区管理的调研】正文")
    assert "（调研 #1，报送 #1）" in reply and "未另计报送条数" in reply
    assert [(r["id"], r["submission_id"]) for r in liaisons.rows("research_reports")] == [(1, 1)]
    assert liaisons.admin("/调研情况").splitlines()[1].startswith("上半年调研报告：已报 1 个，")


def test_the_reply_says_how_soon_and_where_to_send_the_full_report(liaisons):
    reply = liaisons.say(JIBAN, "#调研 7 【关于新型社区管理的调研】正文")
    assert reply.splitlines()[-1] == (
        "报告全文（docx、doc、pdf、wps）请在报送前后 10 分钟内发来：微信发到群里或私聊机器人，"
        "企业微信请私聊机器人发送，机器人自动附上；也可发邮件至政研邮箱。"
    )
