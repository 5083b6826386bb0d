"""The command line speaks Chinese, logs in Beijing time, never overwrites a backup,
and names the admin who recorded a fact."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from click.testing import CliRunner

from bot.cli import main
from bot.cli.logs import FORMAT, BeijingFormatter
from tests.conftest import CONFIG_DIR


def _cli(tmp_path, *args):
    db = tmp_path / "data" / "infobot.db"
    return CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-30T18:00", *args])


def test_click_errors_are_in_chinese(tmp_path):
    result = _cli(tmp_path, "revoke", "3")
    assert result.exit_code == 2
    assert "错误：缺少参数 REASON（原因）。" in result.output and "用法：" in result.output
    assert "Missing argument" not in result.output and "Error:" not in result.output
    result = _cli(tmp_path, "report", "--formt", "csv")
    assert "错误：没有选项 --formt，您是不是要用：--format" in result.output
    assert "没有这个命令：repot" in _cli(tmp_path, "repot").output
    assert _cli(tmp_path, "--help").exit_code == 0


def test_backup_never_overwrites_an_existing_file(tmp_path):
    target = tmp_path / "keep.db"
    target.write_bytes(b"precious")
    result = _cli(tmp_path, "backup", str(target))
    assert result.exit_code == 1 and "已存在，未备份" in result.output
    assert target.read_bytes() == b"precious"
    assert _cli(tmp_path, "backup", str(target), "--force").exit_code == 0
    assert target.read_bytes() != b"precious"


def test_log_times_are_beijing_time():
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "hello", None, None)
    record.created = datetime(2019, 6, 30, 1, 0, tzinfo=timezone.utc).timestamp()
    record.msecs = 0
    assert BeijingFormatter(FORMAT).format(record).startswith("2019-06-30 09:00:00,000 INFO bot: hello")


def test_explain_and_detail_name_the_admin_not_the_wxid(bot, tmp_path):
    bot.admin("/培训 济办 2 全区轮训")
    from bot.reports.detail import unit_detail
    from bot.reports.explain import render_explain

    board = bot.app.office.scoreboard(detail="济办")
    text = render_explain(board, board.row("济办"), bot.app.config.bot.admin_name)
    assert "[高歌 2019-06-28 10:00]" in text and "wxid_office_gaoge" not in text
    sheet = unit_detail(board, board.row("济办"), bot.app.config.bot.admin_name)
    assert sheet.rows[0][6] == "高歌"


def test_detail_xlsx_rows_with_long_text_are_tall_enough(bot, tmp_path):
    import io

    from openpyxl import load_workbook

    from bot.reports.detail import unit_detail
    from bot.reports.xlsx import render_list_xlsx

    bot.admin("/扣分 济办 约稿迟报 " + "关于夏季环境整治的约稿未按时报送" * 6)
    board = bot.app.office.scoreboard(detail="济办")
    sheet = unit_detail(board, board.row("济办"))
    ws = load_workbook(
        io.BytesIO(render_list_xlsx(sheet.title, sheet.header, sheet.rows, sheet.notes, left=["内容", "说明", "来源"]))
    ).active
    assert ws.row_dimensions[3].height and ws.row_dimensions[3].height >= 30
    assert ws.cell(3, 4).alignment.wrap_text


def test_cli_explain_and_detail_show_the_admins_name(tmp_path):
    sheet = tmp_path / "6月.csv"
    sheet.write_text("日期,单位,事项,刊物,类型,数量,标题\n2019-06-03,济办,培训,,,2,全区轮训\n", encoding="utf-8")
    assert _cli(tmp_path, "import", str(sheet), "--by", "wxid_office_gaoge").exit_code == 0
    text = _cli(tmp_path, "explain", "济办").output
    assert "[高歌 2019-06-30 18:00，6月.csv:2]" in text and "wxid_office_gaoge" not in text
    assert ",高歌," in _cli(tmp_path, "detail", "济办").output
