"""The same fact never counts twice; mail and QQ items can be imported; no future dates."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.ledger.importer import ImportRejected
from tests.conftest import CONFIG_DIR

HEADER = "日期,单位,事项,刊物,类型,数量,标题\n"
MAY = (
    "2019-05-10,环保局,领导批示,,区,,五月信息B\n"
    "2019-05-12,环保局,采用,上街信息,单条,,五月信息B\n"
    "2019-05-20,济办,培训,,,2,\n"
)
JUNE = "2019-06-10,济办,采用,郑州信息,单条,,六月信息\n"


def test_the_same_instruction_or_award_twice_is_refused_naming_the_earlier_record(bot):
    first = bot.admin("/批示 环保局 区 《五月信息B》 2019-05-10")
    assert first.startswith("已登记 #1：环保局 区领导批示《五月信息B》，+10 分")
    again = bot.admin("/批示 环保局 区 《五月信息B》 2019-05-10")
    assert again.startswith(
        "未登记：与 #1 相同（环保局 区领导批示《五月信息B》，2019年5月10日，高歌 6月28日 10:00 登记）"
    )
    assert "请在命令末尾加「再次」" in again and "用法" not in again
    assert "已登记 #2：环保局 区领导批示《五月信息B》，+10 分" in bot.admin(
        "/批示 环保局 区 《五月信息B》 2019-05-10 再次"
    )
    bot.admin("/优质 环保局 《五月信息B》")
    assert bot.admin("/优质 环保局 《五月信息B》").startswith("未登记：与 #3 相同")
    assert [r["kind"] for r in bot.rows("entries")] == ["instruction", "instruction", "award"]


def test_a_reversed_fact_may_be_recorded_again_and_real_repeats_differ_by_note(bot):
    bot.admin("/培训 济办 2 全区轮训")
    assert "已登记 #2" in bot.admin("/培训 济办 2 党校专题")  # two trainings on one day, different notes
    bot.admin("/撤销 1 人次写错")
    assert "已登记 #4" in bot.admin("/培训 济办 2 全区轮训")


def _cli(tmp_path, *args, now="2019-06-30T18:00"):
    db = tmp_path / "data" / "infobot.db"
    return CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", now, *args])


def test_a_cumulative_register_imports_only_the_new_rows(tmp_path):
    may = tmp_path / "5月.csv"
    may.write_text(HEADER + MAY, encoding="utf-8")
    both = tmp_path / "5-6月.csv"
    both.write_text(HEADER + MAY + JUNE, encoding="utf-8")
    assert "导入 3 条记录（#1–#3）" in _cli(tmp_path, "import", str(may)).output
    result = _cli(tmp_path, "import", str(both))
    assert result.exit_code == 0, result.output
    assert "导入 1 条记录（#4–#4）" in result.output
    assert "跳过 3 行：与已登记的记录相同，未重复登记（第 2、3、4 行）" in result.output
    table = _cli(tmp_path, "report", "--format", "csv").output
    jiban = next(line for line in table.splitlines() if line.startswith("济办,") or ",济办," in line)
    assert ",30," in jiban  # 2 persons of training once, not twice


def test_import_records_mail_submissions_for_the_weekly_quota(svc, tmp_path):
    path = tmp_path / "报送.csv"
    path.write_text(
        HEADER + "2019-06-25,济办,报送,,QQ,,QQ群报来的信息\n2019-06-26,环保局,报送,,,,邮件报来的\n", encoding="utf-8"
    )
    result = svc.importer.import_file(path, by="cli:gaoge")
    assert (result.submissions, result.entries, result.skipped) == (2, [], [])
    rows = list(svc.store.db["submissions"].rows)
    assert [(r["unit"], r["title"], r["channel"], r["at"][:10]) for r in rows] == [
        ("济办", "QQ群报来的信息", "QQ", "2019-06-25"),
        ("环保局", "邮件报来的", "邮件", "2019-06-26"),
    ]
    assert svc.store.submissions_per_unit(*_week())["济办"] == 1
    again = tmp_path / "报送2.csv"
    again.write_text(
        HEADER + "2019-06-25,济办,报送,,QQ,,QQ群报来的信息\n2019-06-27,济办,报送,,电话,,电话报的\n", encoding="utf-8"
    )
    result = svc.importer.import_file(again, by="cli:gaoge")
    assert (result.submissions, result.skipped) == (1, [2])


def _week():
    from datetime import datetime

    from bot.common.clock import TZ

    return datetime(2019, 6, 24, tzinfo=TZ), datetime(2019, 7, 1, tzinfo=TZ)


def test_import_refuses_future_dates_and_bad_channels(svc, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(
        HEADER + "2019-12-10,济办,培训,,,2,\n2019-06-01,济办,报送,,传真,,标题\n2029-05-10,济办,培训,,,2,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as err:
        svc.importer.import_file(path, by="cli:gaoge")
    text = str(err.value)
    assert "第 2 行：日期 2019年12月10日 晚于今天（2019年6月30日）" in text
    assert "第 4 行：日期「2029年5月10日」不在有效范围内" in text
    assert "第 3 行：报送的「类型」列应写渠道：邮件、QQ、电话" in text


def test_adoption_and_award_need_a_title_and_an_adoption_follows_its_submission(bot):
    reply = bot.admin("/采用 济办 上街信息 单条")
    assert reply.startswith(
        "请写明信息标题，如：/采用 济办 上街信息 单条 《标题》；或用报送编号：/采用 12 上街信息 单条。"
    )
    assert bot.admin("/优质 环保局").startswith("请写明信息标题，如：/优质 环保局 《标题》")
    bot.bind("wxid_jb", "济办")
    bot.say("wxid_jb", "#报送 【今天报的】正文")
    reply = bot.admin("/采用 1 上街信息 单条 2019-06-20")
    assert reply.startswith("采用日期 2019年6月20日 早于报送 #1 的报送日期 2019年6月28日")
    assert bot.rows("entries") == []
    assert "已登记 #1" in bot.admin("/采用 1 上街信息 单条")
