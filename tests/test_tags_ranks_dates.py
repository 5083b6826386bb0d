"""Tag order and typos, #紧急 times ahead, 人次, tied ranks, back-dated facts and 综合 credit, as members send them."""

from __future__ import annotations

import pytest

from tests.chatkit import ADMIN

JIBAN = "wxid_liaison_jiban"


@pytest.mark.parametrize(
    "first, second",
    [
        ("#公众号# #报送 【城管局测试甲】城管局正文甲", "#报送 【城管局测试甲】城管局正文甲"),
        ("#报送 【城管局测试甲】城管局正文甲", "#公众号# #报送 【城管局测试甲】城管局正文甲"),
        ("#上街信息微信公众号#  #报送 《城管局测试甲》城管局正文甲", "#报送 《城管局测试甲》城管局正文甲"),
        ("#报送 【城管局测试甲】城管局正文甲", "#上街信息微信公众号# #报送 【城管局测试甲】城管局正文甲"),
    ],
)
def test_public_tag_before_the_submit_tag_is_the_same_item(bot, first, second):
    bot.bind(JIBAN, "济办")
    assert bot.say(JIBAN, first).startswith("已收到 济办 报送 #1《城管局测试甲》")
    reply = bot.say(JIBAN, second)
    marked = "，现已标明供微信公众号" if "公众号" in second else ""  # the tag added on resending marks the original
    assert f"报送过（#1《城管局测试甲》），未重复登记{marked}。" in reply
    rows = bot.rows("submissions")
    assert [(r["title"], r["body"], r["public_account"]) for r in rows] == [("城管局测试甲", "城管局正文甲", 1)]


def test_training_unit_word_after_a_space_is_the_unit_not_a_note(bot):
    assert "+45" in bot.admin("/培训 济办 3人次")
    reply = bot.admin("/培训 济办 3 人次")
    assert reply.startswith("未登记：与 #1 相同")
    assert [(e["kind"], e["unit"], e["quantity"], e["note"]) for e in bot.rows("entries")] == [
        ("training", "济办", 3, None)
    ]


def test_an_event_date_a_few_days_ahead_is_refused_not_read_as_last_year(bot):
    from datetime import datetime

    from bot.common.clock import TZ

    bot.bind(JIBAN, "济办")
    bot.at(datetime(2019, 12, 2, 9, 0, tzinfo=TZ))
    outs = bot.send(bot.message(JIBAN, "#紧急 12月5日10:00 【峡窝镇未来】内容"))
    assert len(outs) == 1
    assert outs[0].text.startswith("事发时间 12月5日 10:00 晚于收到时间 12月2日 09:00，请核对后重发。")
    assert not any(o.contact_id == ADMIN for o in outs)  # no false late alert to the office
    assert bot.rows("emergencies") == [] and bot.rows("submissions") == []


@pytest.mark.parametrize(
    "text, meant",
    [
        ("#报道 【济办开展消防演练】内容", "#报送"),
        ("#報送 【济办开展消防演练】内容", "#报送"),
        ("报送 【峡窝镇无井号】内容", "#报送"),
        ("#约搞 1 【约稿回复】内容", "#约稿"),
        ("#紧级 6月28日8:00 【紧急事件】内容", "#紧急"),
    ],
)
def test_a_misspelt_tag_gets_a_hint_naming_the_right_tag(bot, text, meant):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, text)
    assert reply.startswith("没有登记：") and f"您是不是要用：{meant}？" in reply and f"格式：{meant} " in reply
    assert bot.rows("submissions") == []


def test_chat_without_a_tag_stays_unanswered_and_strangers_get_one_hint_a_day(bot):
    bot.bind(JIBAN, "济办")
    assert bot.say(JIBAN, "报送工作大家抓紧") == ""
    assert bot.say(JIBAN, "报送 今天的材料稍后发") == ""
    assert bot.say(JIBAN, "大家好，#话题 讨论") == ""
    assert "您是不是要用：#报送？" in bot.say("wxid_stranger", "#报道 【标题】内容")
    assert bot.say("wxid_stranger", "#報送 【标题】内容") == ""


def test_ranking_and_my_score_give_tied_units_the_same_rank(bot):
    bot.bind(JIBAN, "济办")
    bot.admin("/采用 环保局 郑州信息 专期 《环保专期》")
    bot.admin("/采用 中心办 上街信息 单条 《中心办一条》")
    bot.admin("/采用 团区委 上街信息 单条 《团区委一条》")  # 4/40 = 10%, below 中心办's 4/120
    mine = bot.say(JIBAN, "/我的得分")
    assert "并列第 4/53 名（50 个单位并列）" in mine
    lines = bot.say(JIBAN, "/排名").splitlines()
    # 50 units tied at 0: none of them is picked as 前五名 or 后五名; they are counted.
    assert lines[1:] == [
        "前五名：",
        "1. 环保局 30%（30分）",
        "2. 团区委 10%（4分）",
        "3. 中心办 3%（4分）",
        "尚未得分（0 分）的单位 50 个，并列第 4 名。",
        "本单位：济办 尚未得分（50 个单位并列第 4 名）",
    ]
    board = bot.app.office.scoreboard()
    assert board.row("金融办").rank == board.row("济办").rank  # the published table's 序号 agrees too


@pytest.mark.parametrize(
    "command, refusal",
    [
        ("/批示 1 区 6月1日", "批示日期 2019年6月1日 早于报送 #1 的报送日期 2019年6月28日"),
        ("/优质 1 5月1日", "优质信息日期 2019年5月1日 早于报送 #1 的报送日期 2019年6月28日"),
        ("/采用 1 上街信息 单条 6月1日 再次", "采用日期 2019年6月1日 早于报送 #1 的报送日期 2019年6月28日"),
    ],
)
def test_instruction_and_award_cannot_be_dated_before_the_submission(bot, command, refusal):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【消防演练】正文")
    bot.admin("/采用 1 上街信息 单条 第20期")
    assert bot.admin(command).startswith(refusal)
    assert [e["kind"] for e in bot.rows("entries")] == ["adoption"]


def _sent_on(bot, day: int, sender: str, unit: str, text: str) -> None:
    from datetime import datetime

    bot.at(datetime(2019, 6, day, 10, 0))
    if bot.app.office.members.unit_of(sender) is None:
        bot.bind(sender, unit)
    bot.say(sender, text)
    bot.at(datetime(2019, 6, 28, 10, 0))


def test_publishing_is_dated_no_earlier_than_its_items_and_the_total_is_the_net_change(bot):
    _sent_on(bot, 26, JIBAN, "济办", "#报送 【消防演练】正文")
    bot.admin("/采用 1 公众号 单条 6月27日")  # #1: 4 分 in the 公众号
    preview = bot.admin("/组刊 上街信息 第23期 单条 1")
    assert "济办《消防演练》单条 记 0 分：重复发表" in preview and "合计 +0 分。" in preview
    refused = bot.admin("/刊发 上街信息 第23期 6月25日")
    assert refused.startswith("刊发日期 2019年6月25日 早于报送 #1 的报送日期 2019年6月26日，请核对日期。")
    assert "晚于今天" in bot.admin("/刊发 上街信息 第23期 6月29日")
    assert len(bot.rows("entries")) == 1 and bot.rows("issues")[0]["status"] == "draft"
    reply = bot.admin("/刊发 上街信息 第23期 6月26日")  # earlier than the 公众号's: this one counts instead
    assert "#2 济办《消防演练》单条 +4 分（#1 " in reply
    assert "合计 +0 分（已减去改为不计的 4 分）。" in reply
    assert bot.app.office.scoreboard().row("济办").total == 4


def test_a_roundup_credits_each_unit_once_per_article(bot):
    for n in (1, 2, 3):
        _sent_on(bot, 27, "wxid_xiawo", "峡窝镇", f"#报送 【峡窝镇动态{n}】正文{n}")
    _sent_on(bot, 27, JIBAN, "济办", "#报送 【济办动态】正文")
    preview = bot.admin("/组刊 上街信息 第30期 综合 1+2+3+4")
    assert "峡窝镇《峡窝镇动态1》综合 +2 分\n济办《济办动态》综合 +2 分\n合计 +4 分。" in preview
    reply = bot.admin("/刊发 上街信息 第30期")
    assert "登记 2 条采用" in reply and "合计 +4 分。" in reply
    assert [(e["unit"], e["grade"]) for e in bot.rows("entries")] == [("峡窝镇", "综合"), ("济办", "综合")]
    assert bot.app.office.scoreboard().row("峡窝镇").total == 2
    assert [i["entry_id"] for i in bot.rows("issue_items")] == [1, 1, 1, 2]
    assert "撤销 2 条采用（#1、#2）" in bot.admin("/撤刊 上街信息 第30期 重复")
    assert bot.app.office.scoreboard().row("峡窝镇").total == 0
