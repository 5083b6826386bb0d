"""Liaisons in the group: #报送, /我的得分, /我的报送, /排名, binding."""

from __future__ import annotations

from bot.model.message import FileBlob
from tests.documents import PDF, docx_bytes

JIBAN = "wxid_liaison_jiban"


def test_unbound_member_is_told_how_to_bind_and_admin_confirms(bot):
    reply = bot.say(JIBAN, "#报送 【济源路街道“一长三员”助力城市精细化管理】正文", name="小李")
    assert "您还没有绑定单位" in reply and "/绑定 单位名" in reply
    assert bot.rows("submissions") == []

    reply = bot.say(JIBAN, "/绑定 济源路街道", name="小李")
    assert "已提交绑定申请：小李 → 济办（申请 #1）" in reply and "/确认绑定 1" in reply
    assert "仅限区委办信息科管理员" in bot.say(JIBAN, "/确认绑定 1", name="小李")
    assert "已确认：小李（wxid_liaison_jiban）为「济办」的信息员" in bot.admin("/确认绑定 1")
    assert "已收到 济办 报送 #1" in bot.say(JIBAN, "#报送 【标题】正文", name="小李")


def test_unknown_unit_in_binding_names_near_matches(bot):
    reply = bot.say(JIBAN, "/绑定 济源路街道办事处")
    assert "未知单位「济源路街道办事处」。您是不是要找：济办" in reply and "用法：/绑定 单位名" in reply


def test_submission_reply_gives_number_unit_title_and_weekly_count(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "#报送 【济源路街道“一长三员”助力城市精细化管理】\n今年以来，济源路街道……")
    assert reply == (
        "已收到 济办 报送 #1《济源路街道“一长三员”助力城市精细化管理》。\n本周第 1 条，每周任务 5 条，还差 4 条。"
    )
    row = bot.rows("submissions")[0]
    assert (row["unit"], row["sender_id"], row["title"], row["body"]) == (
        "济办",
        JIBAN,
        "济源路街道“一长三员”助力城市精细化管理",
        "今年以来，济源路街道……",
    )


def test_title_forms_fullwidth_hash_and_mentions(bot):
    bot.bind(JIBAN, "济办")
    assert "#1《甲标题》" in bot.say(JIBAN, "＃报送《甲标题》正文")
    assert "#2《乙标题》" in bot.say(JIBAN, "@信息员之家\u2005#报送 乙标题\n正文第二段")
    assert "#3《丙》" in bot.say(JIBAN, "# 报送【丙】")
    assert [r["title"] for r in bot.rows("submissions")] == ["甲标题", "乙标题", "丙"]


def test_public_account_tag(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "#报送 #上街信息微信公众号# 【公众号稿】正文")
    assert "（供微信公众号）" in reply
    reply = bot.say(JIBAN, "＃上街信息微信公众号＃【另一篇】正文")
    assert "#2《另一篇》（供微信公众号）" in reply
    assert [r["public_account"] for r in bot.rows("submissions")] == [1, 1]


def test_same_text_within_7_days_is_recorded_once(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【标题】正文，内容。")
    bot.later(days=6, hours=23)
    reply = bot.say(JIBAN, "#报送  【标题】 正文,内容。")
    assert "已于 6月28日 10:00 报送过（#1《标题》），未重复登记" in reply
    bot.later(hours=2)
    assert "已收到 济办 报送 #2" in bot.say(JIBAN, "#报送 【标题】正文，内容。")


def test_weekly_count_resets_on_monday_and_quota_depends_on_category(bot):
    bot.bind(JIBAN, "济办")
    bot.bind("wxid_hbj", "环保局")
    for i in range(3):
        bot.say(JIBAN, f"#报送 【第{i}条】")
    assert "本周第 1 条，每周任务 3 条，还差 2 条" in bot.say("wxid_hbj", "#报送 【环保】")
    bot.later(days=2, hours=14)  # Sunday 24:00 → Monday 00:00
    assert "本周第 1 条，每周任务 5 条" in bot.say(JIBAN, "#报送 【下周一】")


def test_document_before_or_after_is_attached_and_stored(bot, tmp_path):
    bot.bind(JIBAN, "济办")
    doc = FileBlob("一长三员.docx", docx_bytes())
    assert bot.say(JIBAN, "", file=doc) == "已收到文件「一长三员.docx」。请在 10 分钟内发送 #报送，它会作为附件。"
    reply = bot.say(JIBAN, "#报送 【一长三员】")
    assert "附件：一长三员.docx" in reply
    bot.later(minutes=3)
    reply = bot.say(JIBAN, "", file=FileBlob("补充材料.pdf", PDF))
    assert reply == "已将附件「补充材料.pdf」附到报送 #1《一长三员》。"
    rows = bot.rows("attachments")
    assert [(r["submission_id"], r["file_name"]) for r in rows] == [(1, "一长三员.docx"), (1, "补充材料.pdf")]
    from pathlib import Path

    assert Path(rows[0]["path"]).read_bytes() == docx_bytes()
    assert Path(rows[0]["path"]).is_relative_to(tmp_path / "attachments")
    assert bot.say(JIBAN, "", file=FileBlob("照片.jpg", b"\xff\xd8")) == (
        "未保存文件「照片.jpg」：只收 docx、doc、pdf、wps 附件。附件（docx、doc、pdf、wps）请在报送前后 10 分钟内发来："
        "微信发到群里或私聊机器人，企业微信请私聊机器人发送。"
    )
    assert len(bot.rows("attachments")) == 2


def test_a_document_from_an_admin_without_a_unit_is_answered_not_ignored(bot):
    reply = bot.admin("", file=FileBlob("材料.docx", docx_bytes()))
    assert reply.startswith("未保存文件「材料.docx」：文件只作为信息员本单位报送的附件保存，您没有绑定单位。")
    assert "docx、doc、pdf、wps" in reply
    assert bot.rows("attachments") == []
    assert bot.say("wxid_stranger", "", file=FileBlob("材料.docx", docx_bytes())) == ""  # unknown: quiet


def test_my_score_shows_total_target_ratio_rank_breakdown_gap_and_progress(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【一长三员】正文")
    bot.admin("/采用 1 上街信息 单条 第22期")
    bot.admin("/采用 济办 郑州信息 专期 《另一篇》")
    bot.admin("/培训 济办 1")
    bot.admin("/扣分 济办 约稿迟报")
    reply = bot.say(JIBAN, "/我的得分")
    assert reply.splitlines() == [
        "济办 得分（2019年1月1日至6月28日）",
        "累计得分 44 分，目标 120 分，任务占比 37%，排名第 1/53 名",
        "全年时间进度 49%，距全年目标还差 76 分",
        "区级采用 4 分：单条 1",
        "市级采用 30 分：专期 1",
        "省级采用 0 分：无",
        "加分：领导批示 0，培训学习 15（1 人次），优质信息 0（0 条）",
        "扣分：-5（6月28日 约稿迟报）",
        "评先资格提醒：任务占比 37% 低于时间进度 49%；目前累计得分还差 76 分，年底未完成目标任务的单位不予评先",
    ]


def test_my_submissions_shows_adoption_status(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【甲】")
    bot.say(JIBAN, "#报送 【乙】")
    bot.admin("/采用 1 上街信息 单条 20")
    reply = bot.say(JIBAN, "/我的报送")
    assert reply.splitlines() == [
        "济办 最近 2 条报送：",
        "#2 6月28日《乙》 未采用",
        "#1 6月28日《甲》 已采用：《上街信息》单条 第20期",
    ]


def test_ranking_shows_both_ends_and_own_unit(bot):
    bot.bind(JIBAN, "济办")
    bot.bind("wxid_hbj", "环保局")
    bot.admin("/采用 环保局 郑州信息 专期 《环保专期》")
    reply = bot.say(JIBAN, "/排名")
    lines = reply.splitlines()
    assert lines[0] == "任务占比排名（2019年1月1日至6月28日，共 53 个单位）"
    assert lines[2] == "1. 环保局 30%（30分）"
    assert lines[-1] == "本单位：济办 尚未得分（52 个单位并列第 2 名）"
    assert "后五名：" not in lines


def test_ranking_at_the_start_of_the_year_counts_the_units_without_a_score(bot):
    bot.bind(JIBAN, "济办")
    assert bot.say(JIBAN, "/排名").splitlines()[1:] == [
        "还没有单位得分。",
        "尚未得分（0 分）的单位 53 个，并列第 1 名。",
        "本单位：济办 尚未得分（53 个单位并列第 1 名）",
    ]


def test_ranking_lists_both_ends_when_few_units_are_tied_at_zero():
    from types import SimpleNamespace
    from bot.reports.summary import ranking_summary

    rows = [
        SimpleNamespace(unit=SimpleNamespace(name=f"单位{i}"), total=t, rank=r, percent=t, parts=None)
        for i, (t, r) in enumerate([(50, 1), (40, 2), (30, 3), (20, 4), (10, 5), (8, 6), (6, 7), (0, 8), (0, 8)])
    ]
    board = SimpleNamespace(rows=rows, period=SimpleNamespace(label="2019年1月1日至6月28日"), row=lambda n: None)
    lines = ranking_summary(board).splitlines()
    assert lines[7:] == [
        "后五名：",
        "6. 单位5 8%（8分）",
        "7. 单位6 6%（6分）",
        "并列第 8 名 单位7 0%（0分）",
        "并列第 8 名 单位8 0%（0分）",
    ]
    assert not any("尚未得分" in line for line in lines)


def test_help_is_generated_from_the_registry_for_the_sender(bot):
    member = bot.say("wxid_someone", "/帮助")
    assert "/绑定 单位名" in member and "/采用" not in member and "#报送" not in member
    bot.bind(JIBAN, "济办")
    liaison = bot.say(JIBAN, "/帮助")
    assert "#报送 【标题】正文" in liaison and "/我的得分" in liaison and "/采用" not in liaison
    admin = bot.admin("/帮助", private=True)
    for usage in [
        "/采用 <报送编号|单位> <刊物> <类型> [第N期] [《标题》]",
        "/批示",
        "/培训",
        "/优质",
        "/扣分",
        "/撤销",
        "/确认绑定",
        "/报送统计",
    ]:
        assert usage in admin


def test_other_rooms_and_chatter_are_ignored(bot):
    bot.bind(JIBAN, "济办")
    assert bot.say(JIBAN, "#报送 【别的群】", topic="家人群", room_id="room_family") == ""
    assert bot.say(JIBAN, "大家好，今天开会吗？") == ""
    assert bot.rows("submissions") == []
    assert "未知命令「/我的分数」。您是不是要用：/我的得分" in bot.say(JIBAN, "/我的分数")


def test_submission_only_in_the_group(bot):
    bot.bind(JIBAN, "济办")
    assert "请在「上街信息员之家」群内发送" in bot.say(JIBAN, "#报送 【私聊】", private=True)
    assert "累计得分 0 分" in bot.say(JIBAN, "/我的得分", private=True)


def test_a_private_binding_request_reaches_the_admins_and_the_applicant_knows_it_waits(bot):
    sent = bot.send(bot.message(JIBAN, "/绑定 济办", name="小李", private=True))
    to_admins = [o for o in sent if o.contact_id and o.contact_id != JIBAN]
    assert {o.contact_id for o in to_admins} == {a.contact_id for a in bot.app.config.bot.admins}
    assert "新的绑定申请 #1：小李（wxid_liaison_jiban） → 济办" in to_admins[0].text
    assert "绑定申请 #1（济办）正在等待区委办信息科确认" in bot.say(JIBAN, "/我的得分", private=True)


def test_a_document_sent_privately_is_attached_too(bot):
    """企业微信 hands the bot files only in one-to-one chats."""
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【一长三员】")
    reply = bot.say(JIBAN, "", file=FileBlob("一长三员.docx", docx_bytes()), private=True)
    assert reply == "已将附件「一长三员.docx」附到报送 #1《一长三员》。"
