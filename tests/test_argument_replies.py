"""Small things a user noticed: nothing given is dropped silently, errors name only what is missing,
numbers written in words, and replies that say everything that happened."""

from __future__ import annotations

import pytest


JIBAN = "wxid_liaison_jiban"


# --- nothing given is dropped without a word ------------------------------------------------------


def test_confirm_several_binding_requests_at_once(bot):
    bot.say("wxid_a", "/绑定 济办", name="李娜")
    bot.say("wxid_b", "/绑定 环保局", name="王强")
    reply = bot.admin("/确认绑定 1 2 9")
    assert "已确认：李娜（wxid_a）为「济办」的信息员" in reply
    assert "已确认：王强（wxid_b）为「环保局」的信息员" in reply
    assert "未确认申请 #9：没有绑定申请 #9。" in reply
    assert (bot.app.office.members.unit_of("wxid_a"), bot.app.office.members.unit_of("wxid_b")) == ("济办", "环保局")


def test_proxy_submission_refuses_a_channel_it_does_not_know(bot):
    reply = bot.admin("#报送 城管 【城管局夜市整治】内容 微信")
    assert "未知报送渠道「微信」。可用：邮件、QQ、电话" in reply
    assert bot.rows("submissions") == []
    assert "（QQ报送）" in bot.admin("#报送 城管 【城管局夜市整治】内容 QQ")


# --- 「缺少…」 names only what is missing -------------------------------------------------------------


@pytest.mark.parametrize(
    "command,missing",
    [
        ("/扣分 城管局", "缺少扣分原因。"),
        ("/组刊 上街信息 第32期", "缺少本期内容。"),
        ("/调研奖 济办 一等", "缺少《标题》。"),
        ("/调研奖 济办 《关于社区治理的调研》", "缺少奖项（一等、二等、三等）。"),
        ("/紧急扣分 妇联", "缺少级别（一般 -20、较大 -30、重大 -40、特别重大 -50）。"),
        ("/采用 1", "缺少刊物。"),
        ("/刊发 上街信息", "缺少期数。"),
    ],
)
def test_missing_names_only_what_was_not_given(bot, command, missing):
    reply = bot.admin(command)
    assert reply.startswith(missing), reply


# --- numbers written in words ---------------------------------------------------------------------


def test_issue_number_in_chinese_numerals_is_read_as_digits(bot):
    reply = bot.admin("/采用 济办 上街信息 综合 第二十三期 《济办综合稿》")
    assert "济办 采用《上街信息》综合 第23期《济办综合稿》" in reply, reply
    assert bot.app.store.entry(1).issue == "第23期"


def test_issue_number_in_words_it_cannot_read_asks_for_digits(bot):
    reply = bot.admin("/采用 济办 上街信息 综合 第二三期 《济办综合稿》")
    assert reply.startswith("期数「第二三期」请写成 1 到 9999 的数字，如 第23期。"), reply
    assert bot.app.store.count_entries() == 0


def test_compose_takes_an_issue_number_in_words(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【济办消防演练】正文")
    assert bot.admin("/组刊 上街信息 第二十三期 单条 1").startswith("已组《上街信息》第23期"), bot.admin("/刊物")


def test_year_error_quotes_the_whole_word(bot):
    reply = bot.admin("/调研情况 今年")
    assert reply.startswith("年度应写成四位数字，如 2019 或 2019年（不写即今年），实际是「今年」。"), reply


# --- replies that say what happened ---------------------------------------------------------------


def test_year_end_of_a_year_not_begun_says_so(bot):
    reply = bot.admin("/年终 2030")
    assert reply.startswith("2030 年度还没有开始，没有考核数据。可查询 2019 年及以前的年度。"), reply
    assert "预估" not in reply


def test_commitment_signed_before_the_leadership_change_is_refused(bot):
    bot.admin("/领导调整 环保局 6月20日")
    reply = bot.admin("/承诺书 环保局 6月10日")
    assert reply.startswith("签订日期 2019年6月10日 早于环保局主要领导调整日期 2019年6月20日"), reply
    assert len(bot.app.office.pledges.open()) == 1
    assert "签订《紧急信息报送承诺书》（领导调整 6月20日，在期限内）" in bot.admin("/承诺书 环保局 6月21日")


def test_a_deduction_that_cancels_eligibility_says_so(bot):
    reply = bot.admin("/扣分 团区委 情节特别严重")
    assert "团区委 扣分：紧急信息情节特别严重，不另扣分，取消团区委2019年评先资格。" in reply, reply
    assert "+0 分" not in reply


# --- the command line speaks Chinese and names its own commands -----------------------------------


def _cli(tmp_path, *args):
    from click.testing import CliRunner

    from bot.cli import main
    from tests.conftest import CONFIG_DIR

    return CliRunner().invoke(
        main, ["--config", str(CONFIG_DIR), "--db", str(tmp_path / "infobot.db"), "--now", "2019-06-30T18:00", *args]
    )


@pytest.mark.parametrize(
    "args,error",
    [
        (["report", "--year", "20x"], "错误：--year 应为整数，实际是「20x」。\n"),
        (["report", "--format", "pdf"], "错误：--format 应为 text、csv、xlsx、png、docx 之一，实际是「pdf」。\n"),
        (["revoke", "abc", "写错了"], "错误：ENTRY_ID（记录号） 应为整数，实际是「abc」。\n"),
        (["--db"], "错误：选项 --db 后面缺少值。\n"),
    ],
)
def test_cli_value_errors_are_in_chinese(tmp_path, args, error):
    result = _cli(tmp_path, *args)
    assert result.exit_code == 2 and result.output.startswith(error), result.output


def test_cli_issue_show_lists_the_issues_instead_of_a_chat_command(config, tmp_path):
    from datetime import datetime

    from bot.common.clock import FixedClock
    from bot.store import open_store
    from tests.chatkit import start_bot

    bot = start_bot(config, open_store(tmp_path / "infobot.db"), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【济办消防演练】正文")
    bot.admin("/组刊 上街信息 第23期 单条 1")
    bot.say(JIBAN, "#报送 【济办防汛检查】正文")
    assert "已组《上街信息》第7期" in bot.admin("/组刊 上街信息 第7期 单条 2")
    bot.app.store.close()
    result = _cli(tmp_path, "issue", "show", "上街信息", "99")
    assert result.exit_code == 1
    assert result.output == (
        "没有《上街信息》第99期。已有的期数：第7期、第23期。查看一期：infobot issue show 上街信息 期数\n"
    ), result.output
    result = _cli(tmp_path, "issue", "show", "公众号", "1")
    assert result.output.endswith("还没有组过刊。\n") and "/刊物" not in result.output, result.output


def test_quality_heading_names_the_days_when_data_stop_inside_a_month(tmp_path):
    result = _cli(tmp_path, "--now", "2019-12-02T10:00", "quality")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2019年1月1日至12月2日优质信息统计表"), result.output


def test_an_implausible_training_count_is_refused_with_the_valid_range(bot):
    reply = bot.admin("/培训 济办 500")
    assert reply.startswith("人次应为 1 到 200 之间的整数，实际是「500」，请核对。"), reply
    assert bot.app.store.count_entries() == 0
    assert "济办 培训学习 200 人次，+3000 分" in bot.admin("/培训 济办 200")
