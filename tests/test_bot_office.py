"""The office's commands: each answers with what it recorded; non-admins are refused and write nothing."""

from __future__ import annotations

import pytest

from tests.chatkit import ADMIN, ADMIN_NAME

JIBAN = "wxid_liaison_jiban"


@pytest.fixture
def submitted(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【济源路街道“一长三员”助力城市精细化管理】正文")
    return bot


def test_adopt_by_submission_number(submitted):
    reply = submitted.admin("/采用 1 《上街信息》 单条 第22期")
    assert reply.splitlines() == [
        "已登记 #1：济办 采用《上街信息》单条 第22期《济源路街道“一长三员”助力城市精细化管理》，+4 分（报送 #1）。",
        "济办 累计 4 分，任务占比 3%，排名第 1/53 名。",
    ]
    entry = submitted.app.store.entry(1)
    assert (entry.submission_id, entry.recorded_by, entry.issue) == (1, ADMIN, "第22期")


def test_adopt_by_unit_with_title_and_the_duplicate_rule_shows_at_once(submitted):
    submitted.admin("/采用 1 上街信息 单条")
    reply = submitted.admin("/采用 1 公众号 简讯")
    assert "记 0 分：重复发表，只计最高成绩（见 #1 采用" in reply
    reply = submitted.admin("/采用 济源路街道 郑州信息 专期 《另一篇 带空格的标题》")
    assert "济办 采用《郑州信息》专期《另一篇 带空格的标题》，+30 分" in reply


def test_an_adoption_that_displaces_an_earlier_one_says_so(submitted):
    """The reply's points and the new total agree: the 公众号 adoption no longer counts once 上街信息 does."""
    first = submitted.admin("/采用 1 公众号 简讯")
    assert "，+2 分（报送 #1）" in first and "累计 2 分" in first
    reply = submitted.admin("/采用 1 上街信息 单条 第3期")
    assert reply.splitlines() == [
        "已登记 #2：济办 采用《上街信息》单条 第3期《济源路街道“一长三员”助力城市精细化管理》，+4 分"
        "（#1 采用《上街信息微信公众号》简讯《济源路街道“一长三员”助力城市精细化管理》 的 2 分改为不计）（报送 #1）。",
        "济办 累计 4 分，任务占比 3%，排名第 1/53 名。",
    ]


@pytest.mark.parametrize(
    "command,error",
    [
        ("/采用 1 郑州日报 单条", "未知刊物「郑州日报」。您是不是要找：郑州信息？可用：上街信息、"),
        ("/采用 1 工作交流 简讯", "未知《工作交流》的类型「简讯」。可用：单条、综合、专期"),
        ("/采用 1 要情汇报 单条", "刊物「要情汇报」不止一个，请写明：区委要情汇报、市委要情汇报"),
        ("/采用 济源路街道办事处 上街信息 单条", "未知单位「济源路街道办事处」。您是不是要找：济办"),
        ("/采用 99 上街信息 单条", "没有报送 #99"),
        ("/采用 1", "缺少刊物。"),
        ("/采用 1 上街信息 单条 多余 参数", "多余的参数"),
        ("/批示 1 国", "未知批示级别「国」。可用：省、市、区"),
        ("/培训 济办 两人", "人次应为 1 到 200 之间的整数，实际是「两人」"),
        ("/扣分 济办 迟到", "未知扣分原因「迟到」"),
        ("/撤销 1", "撤销须写明原因"),
        ("/撤销 abc 原因", "记录号应为 1 到"),
        ("/报送统计 今年", "未知统计范围「今年」。可用：本周、本月"),
    ],
)
def test_bad_input_names_what_is_valid_and_writes_nothing(submitted, command, error):
    reply = submitted.admin(command)
    assert error in reply, reply
    assert "用法：" in reply
    assert submitted.app.store.count_entries() == 0


def test_instruction_training_award_deduction(submitted):
    submitted.admin("/采用 1 郑州信息 单条")
    assert "济办 市领导批示《济源路街道“一长三员”助力城市精细化管理》，+20 分" in submitted.admin("/批示 1 市")
    assert "济办 培训学习 3 人次，+45 分" in submitted.admin("/培训 济办 3人次")
    assert "济办 优质信息《济源路街道“一长三员”助力城市精细化管理》，+5 分" in submitted.admin("/优质 1")
    assert "济办 扣分：紧急信息一般（6月1日漏报），-20 分" in submitted.admin("/扣分 济办 紧急信息Ⅳ级 6月1日漏报")
    entries = list(submitted.app.store.all_entries())
    assert entries[1].ref_id == entries[0].id and entries[3].ref_id == entries[0].id
    assert "累计得分 60 分，目标 120 分，任务占比 50%" in submitted.admin("/我的得分 济办")  # 10+20+45+5-20


def test_reverse_answers_with_the_new_total(submitted):
    submitted.admin("/采用 1 郑州信息 专期")
    reply = submitted.admin("/撤销 1 应为单条")
    assert (
        reply
        == "已撤销 #1（济办 采用《郑州信息》专期《济源路街道“一长三员”助力城市精细化管理》），撤销记录 #2：应为单条。济办 现累计 0 分。"
    )
    assert "已于" in submitted.admin("/撤销 1 再来")


def test_submission_stats_for_the_week(submitted):
    submitted.bind("wxid_hbj", "环保局")
    for i in range(3):
        submitted.say("wxid_hbj", f"#报送 【环保{i}】")
    reply = submitted.admin("/报送统计")
    assert reply.startswith("本周（6月24日至6月30日）报送统计：共 4 条。")
    assert "济办 1/5" in reply and "环保局 3" in reply.split("已完成")[1]
    assert "本月（2019年6月）报送统计：共 4 条。\n环保局 3、济办 1、中心办 0" in submitted.admin("/报送统计 本月")


def test_admin_commands_work_in_private(submitted):
    assert "已登记 #1" in submitted.admin("/采用 1 上街信息 单条", private=True)


def test_unbind_ends_the_binding(submitted):
    assert "已解除 wxid_liaison_jiban与「济办」的绑定：调岗" in submitted.admin(f"/解绑 {JIBAN} 调岗")
    assert "您还没有绑定单位" in submitted.say(JIBAN, "/我的得分")


ADMIN_COMMANDS = [
    "/采用 1 上街信息 单条",
    "/批示 1 省",
    "/培训 济办 2",
    "/优质 1",
    "/扣分 济办 约稿迟报",
    "/撤销 1 原因",
    "/确认绑定 1",
    "/解绑 wxid_liaison_jiban",
    "/报送统计",
]


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
@pytest.mark.parametrize("private", [False, True])
def test_non_admin_is_refused_even_with_the_admins_display_name(submitted, command, private):
    before = {t: submitted.rows(t) for t in ("entries", "bindings", "submissions", "attachments")}
    for sender, name in [(JIBAN, "小李"), ("wxid_impostor", ADMIN_NAME)]:
        reply = submitted.say(sender, command, name=name, private=private)
        assert "仅限区委办信息科管理员使用" in reply
        reply = submitted.say(sender, f"@{ADMIN_NAME}\u2005{command}", name=name, private=private)
        assert "仅限区委办信息科管理员使用" in reply
    assert {t: submitted.rows(t) for t in before} == before


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
def test_quoting_an_admin_does_not_borrow_their_rights(submitted, command):
    before = {t: submitted.rows(t) for t in ("entries", "bindings")}
    separator = "- - - - - - - - - - - - - - -"
    for text in [
        f"「{ADMIN_NAME}：{command}」\n{separator}\n同意",
        f"「{ADMIN_NAME}：好的」\n{separator}\n{command}",
        f"{ADMIN_NAME}说：{command}",
        f"转发 {ADMIN_NAME}：\n{command}",
    ]:
        reply = submitted.say("wxid_impostor", text, name=ADMIN_NAME)
        assert "已登记" not in reply and "已确认" not in reply and "已撤销" not in reply and "已解除" not in reply
    assert "仅限区委办信息科管理员使用" in submitted.say(
        "wxid_impostor", f"「{ADMIN_NAME}：好的」\n{separator}\n{command}"
    )
    assert {t: submitted.rows(t) for t in before} == before


def test_an_admin_replying_to_a_quote_is_understood(submitted):
    reply = submitted.admin("「小李：#报送 【一长三员】」\n- - - - - - - - - - - - - - -\n/采用 1 上街信息 单条")
    assert reply.startswith("已登记 #1：济办 采用《上街信息》单条")


@pytest.mark.parametrize(
    "command,error",
    [
        ("/扣分 济办 约稿迟报 2", "「2」是什么？每条 /扣分 登记一次扣分"),
        ("/批示 1 市 3", "多余的参数：3"),
        ("/优质 1 优质信息 多余", "多余的参数：多余"),
        ("/采用 1 上街信息 单条 2019-07-01", "日期 2019年7月1日 晚于今天"),
        ("/采用 1 上街信息 单条 2月30日", "日期「2月30日」不存在"),
    ],
)
def test_words_are_never_silently_dropped(submitted, command, error):
    assert error in submitted.admin(command)
    assert submitted.app.store.count_entries() == 0


def test_dates_in_chat_commands(submitted):
    reply = submitted.admin("/扣分 济办 约稿迟报 6月20日 六月约稿")
    assert "扣分：约稿迟报（六月约稿），-5 分" in reply
    assert submitted.app.store.entry(1).date.isoformat() == "2019-06-20"
    reply = submitted.admin("/采用 济办 郑州信息 单条 2018-12-20 《去年的》")
    assert "济办 2018 年累计 10 分" in reply


def test_a_liaison_cannot_look_at_another_units_score(submitted):
    assert "信息员只能查询本单位（济办）" in submitted.say(JIBAN, "/我的得分 环保局")
    assert "济办 得分" in submitted.say(JIBAN, "/我的得分 济办")
