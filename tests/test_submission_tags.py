"""No #报送 is silently dropped, tags may stand anywhere, held and proxied submissions."""

from __future__ import annotations

from datetime import datetime

from bot.common.clock import TZ
from tests.chatkit import ADMIN

JIBAN = "wxid_liaison_jiban"


def test_a_greeting_before_the_tag_is_still_a_submission(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "科长好，#报送 【济源路街道扬尘治理】正文")
    assert reply.startswith("已收到 济办 报送 #1《济源路街道扬尘治理》。")
    assert bot.rows("submissions")[0]["body"] == "正文"


def test_public_tag_short_form_and_at_the_end(bot):
    bot.bind(JIBAN, "济办")
    assert "#1《短标签》（供微信公众号）" in bot.say(JIBAN, "#公众号# 【短标签】正文")
    assert "#2《标签在后》（供微信公众号）" in bot.say(JIBAN, "【标签在后】正文 #上街信息微信公众号#")
    assert "#3《问候后》（供微信公众号）" in bot.say(JIBAN, "您好！＃公众号＃【问候后】正文")
    rows = bot.rows("submissions")
    assert [(r["title"], r["body"], r["public_account"]) for r in rows] == [
        ("短标签", "正文", 1),
        ("标签在后", "正文", 1),
        ("问候后", "正文", 1),
    ]


def test_a_tag_the_bot_cannot_read_always_gets_the_right_form(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "今天写了一篇关于济源路街道的长稿子，请查收 #报送 【标题】")
    assert "含有「#报送」，但没有登记" in reply and "格式：#报送 【标题】正文" in reply
    reply = bot.say(JIBAN, "这篇稿子 #约稿 1")  # a short greeting, then a tag with nothing to record
    assert reply == "约稿内容是空的。\n用法：#约稿 <约稿编号> 【标题】正文"
    reply = bot.say(JIBAN, "【标题】正文\n以上是对约稿的回复 #约稿 1")
    assert "含有「#约稿」，但没有登记" in reply and "#约稿 <约稿编号> 【标题】正文" in reply
    assert bot.rows("submissions") == []
    assert bot.say(JIBAN, "大家好，今天开会") == ""  # ordinary chat stays unanswered


def test_colon_after_the_tag_is_the_same_item(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送【冒号】正文")
    reply = bot.say(JIBAN, "#报送：【冒号】正文")
    assert "已于 6月28日 10:00 报送过（#1《冒号》），未重复登记" in reply
    assert len(bot.rows("submissions")) == 1


def test_resending_with_the_public_tag_marks_the_earlier_item(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【忘了标签】正文")
    reply = bot.say(JIBAN, "#报送 #上街信息微信公众号# 【忘了标签】正文")
    assert "报送过（#1《忘了标签》），未重复登记，现已标明供微信公众号" in reply
    assert [r["public_account"] for r in bot.rows("submissions")] == [1]


def test_solicitation_answer_errors_are_plain_and_no_space_works(bot):
    bot.bind(JIBAN, "济办")
    bot.admin("/约稿 济办 环保局 7月5日17:00 《大气污染防治经验做法》")
    bot.admin("/约稿 济办 7月6日17:00 《营商环境》")
    reply = bot.say(JIBAN, "#约稿 【标题】正文")
    assert "请写明回复的是哪一条约稿" in reply and "#1《大气污染防治经验做法》、#2《营商环境》" in reply
    assert "1000000000000" not in reply
    reply = bot.say(JIBAN, "#约稿1【不加空格】正文")
    assert reply == "已收到 济办 对约稿 #1《大气污染防治经验做法》的报送 #1《不加空格》。按时报送。"


def test_the_only_open_solicitation_is_answered_without_its_number(bot):
    bot.bind(JIBAN, "济办")
    bot.admin("/约稿 济办 7月5日17:00 《大气污染防治经验做法》")
    reply = bot.say(JIBAN, "#约稿 【一篇】正文")
    assert "对约稿 #1《大气污染防治经验做法》的报送 #1《一篇》。按时报送。" in reply


def test_a_submission_sent_while_the_binding_is_pending_is_recorded_on_confirmation(bot):
    bot.say(JIBAN, "/绑定 济办", name="李娜")
    sent_at = bot.clock.now()
    reply = bot.say(JIBAN, "#报送 【等待确认时报送】正文", name="李娜")
    assert "已收下《等待确认时报送》" in reply and "确认后按原时间（6月28日 10:00）登记为济办的报送" in reply
    assert bot.rows("submissions") == []
    bot.later(hours=3)
    reply = bot.admin("/确认绑定 1")
    assert "确认前收下的报送已按原时间登记：#1《等待确认时报送》（6月28日 10:00）" in reply
    row = bot.rows("submissions")[0]
    assert (row["unit"], row["sender_id"], row["at"]) == ("济办", JIBAN, sent_at.isoformat())
    assert bot.admin("/确认绑定 1").startswith("绑定申请 #1 已于")
    assert len(bot.rows("submissions")) == 1


def test_admin_records_a_submission_that_came_by_mail_or_qq(bot):
    reply = bot.admin("#报送 济办 【邮件来的稿子】正文")
    assert reply.startswith("已代 济办 登记报送 #1《邮件来的稿子》（邮件报送）。\n本周第 1 条，每周任务 5 条")
    reply = bot.admin("#报送 环保局 【QQ群来的】正文 QQ", private=True)
    assert "已代 环保局 登记报送 #2《QQ群来的》（QQ报送）" in reply
    rows = bot.rows("submissions")
    assert [(r["unit"], r["channel"], r["sender_id"], r["body"]) for r in rows] == [
        ("济办", "邮件", ADMIN, "正文"),
        ("环保局", "QQ", ADMIN, "正文"),
    ]
    assert "本周第 2 条" in bot.admin("#报送 济办 电话 【电话报的】")
    stats = bot.admin("/报送统计")
    assert "济办 2/5" in stats and "代登记：QQ 1、电话 1、邮件 1" in stats
    assert "请写明报送单位" in bot.admin("#报送 【没写单位】正文")


def test_week_count_includes_proxied_items_for_the_weekly_reminder(bot):
    for i in range(3):
        bot.admin(f"#报送 环保局 【第{i}篇】正文")
    week = dict((u, c) for u, c, _ in bot.app.office.submissions.week_progress(datetime(2019, 6, 28, 12, tzinfo=TZ)))
    assert week["环保局"] == 3


def test_my_score_gives_deduction_reasons_and_says_tied(bot):
    bot.bind(JIBAN, "济办")
    bot.admin("/扣分 济办 紧急信息Ⅳ级 暴雨积水迟报 2019-06-20")
    bot.admin("/采用 环保局 上街信息 单条 《环保》")
    reply = bot.say(JIBAN, "/我的得分")
    assert "扣分：-20（6月20日 紧急信息一般（暴雨积水迟报））" in reply
    assert "排名第 53/53 名" in reply
    reply = bot.admin("/我的得分 金融办")
    assert "任务占比 0%，并列第 2/53 名（51 个单位并列）" in reply


def test_my_submissions_marks_items_that_came_by_another_channel(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【群里报的】正文")
    bot.admin("#报送 济办 【邮件报的】正文")
    reply = bot.say(JIBAN, "/我的报送")
    assert "#2 6月28日《邮件报的》（邮件） 未采用" in reply and "#1 6月28日《群里报的》 未采用" in reply


def test_chat_that_only_mentions_the_public_tag_is_not_recorded_but_answered(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "请大家关注 #上街信息微信公众号# 今天的推送")
    assert reply.startswith("这条消息带有公众号标签，但看不出要报送的信息，没有登记。")
    assert bot.rows("submissions") == []
    reply = bot.say(JIBAN, "济源路街道开展夏季消防演练\n6月27日，街道组织… #公众号#")
    assert "#1《济源路街道开展夏季消防演练》（供微信公众号）" in reply
