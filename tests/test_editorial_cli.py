"""`infobot issue show` as an operator runs it: the issue as text, or as the printed docx."""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from docx import Document

from bot.cli import main
from bot.common.clock import FixedClock
from bot.store import open_store
from tests.chatkit import start_bot
from tests.conftest import CONFIG_DIR


@pytest.fixture
def run(config, tmp_path):
    db = tmp_path / "data" / "infobot.db"
    bot = start_bot(config, open_store(db), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    bot.at(datetime(2019, 6, 26, 10, 0))  # sent before the issue's date
    for n, unit in enumerate(["济办", "环保局", "中心办"]):
        bot.bind(f"wxid_{n}", unit)
        bot.say(f"wxid_{n}", f"#报送 【{unit}工作信息】\n{unit}正文。")
    bot.at(datetime(2019, 6, 28, 10, 0))
    bot.admin("/组刊 上街信息 第23期 单条 1 综合 《三地动态》 2+3")
    bot.admin("/刊发 上街信息 第23期 6月27日")
    bot.admin("/优质 2")
    bot.app.store.close()

    def invoke(*args):
        return CliRunner().invoke(
            main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-30T18:00", *args]
        )

    return invoke


def test_issue_as_text(run):
    result = run("issue", "show", "上街信息", "23")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "《上街信息》",
        "第23期",
        "中共上街区委办公室    2019年6月27日",
        "—" * 20,
        "",
        "【单条】济办工作信息",
        "济办正文。",
        "（济办）",
        "",
        "【综合】三地动态",
        "环保局：环保局正文。",
        "中心办：中心办正文。",
    ]


def test_issue_as_docx_to_a_file_and_by_default_next_to_the_database(run, tmp_path):
    out = tmp_path / "刊物.docx"
    result = run("issue", "show", "上街信息", "第23期", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}（《上街信息》第23期，2 篇 3 条）" in result.output
    texts = [p.text for p in Document(str(out)).paragraphs if p.text.strip()]
    assert texts[:4] == ["《上街信息》", "第23期", "中共上街区委办公室\t2019年6月27日", "济办工作信息"]
    result = run("issue", "show", "上街信息", "23", "--format", "docx")
    assert (tmp_path / "data" / "reports" / "上街信息_第23期.docx").is_file(), result.output


def test_unknown_issue_or_publication_exits_1(run):
    result = run("issue", "show", "上街信息", "24")
    assert result.exit_code == 1 and "没有《上街信息》第24期" in result.output
    result = run("issue", "show", "郑州信息", "23")
    assert result.exit_code == 1 and "未知可组刊的刊物「郑州信息」" in result.output


def test_quality_list_names_the_issue_it_was_published_in(run):
    result = run("quality", "--from", "2019-05-01")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "环保局工作信息" in line)
    assert "《上街信息》" in row and "第23期" in row and "环保局" in row
