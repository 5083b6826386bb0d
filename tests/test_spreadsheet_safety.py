"""Text a member or an import file supplies never becomes a live formula in the office's xlsx and CSV files."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.common.clock import FixedClock
from bot.reports.bulletin_files import bulletin_files
from bot.reports.table import BulletinTable, Column
from bot.reports.xlsx import render_xlsx
from bot.store import open_store
from tests.chatkit import start_bot
from tests.test_cli import run  # noqa: F401  (the CLI fixture)
from tests.test_cli_outputs import written

LINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"
JIBAN = "wxid_liaison_jiban"
RISKY = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def poisoned(run, tmp_path):  # noqa: F811
    """Two submissions with formula titles, awarded in chat; an imported row with a formula title and recorder."""
    db = tmp_path / "data" / "infobot.db"
    bot = start_bot(load_config(), open_store(db), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    bot.bind(JIBAN, "济办")
    assert "已收到 济办 报送 #1" in bot.say(JIBAN, f"#报送 【{LINK}】正文")
    assert "已收到 济办 报送 #2" in bot.say(JIBAN, f"#报送 【{DDE}】正文")
    assert "#" in bot.admin("/优质 1") and "#" in bot.admin("/优质 2")
    bot.admin("/扣分 济办 约稿迟报")
    bot.app.store.close()
    sheet = tmp_path / "登记.csv"
    sheet.write_text(
        "日期,单位,事项,刊物,类型,数量,标题\n"
        "2019-06-20,济办,优质信息,,,1,+SUM(1;2)\n"
        "2019-06-21,济办,采用,上街信息,单条,1,@SUM(A1)\n",
        encoding="utf-8",
    )
    result = run("import", str(sheet), "--by", "-2+3+cmd|' /C calc'!A0")
    assert result.exit_code == 0, result.output
    return run


def load_config():
    from bot.settings import load_config as load
    from tests.conftest import CONFIG_DIR

    return load(CONFIG_DIR)


def cells(path: Path):
    return [c for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None]


def assert_text_only(path: Path, *expected: str) -> None:
    found = cells(path)
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    for c in found:
        if isinstance(c.value, str):
            assert c.data_type == "s"
            if c.value.startswith(RISKY):
                assert c.quotePrefix, c.coordinate
                assert c.number_format == "@", c.coordinate  # shown as text (以文本显示)
    values = {c.value for c in found}
    for text in expected:
        assert any(text in str(v) for v in values), text


def assert_csv_quoted(data: str, *expected: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    fields = [f for row in rows for f in row]
    assert [f for f in fields if f.startswith(RISKY) and not f.lstrip("-").isdigit()] == []
    for text in expected:
        assert f"'{text}" in fields, text
    return rows


def test_quality_list_keeps_formula_titles_as_text(poisoned, tmp_path):
    path = written(poisoned("quality", "--format", "xlsx", "--out", str(tmp_path / "q.xlsx")))
    assert_text_only(path, LINK, DDE, "+SUM(1;2)")
    titles = [c.value for c in cells(path) if c.column == 4 and c.row > 2]
    assert sorted(titles) == sorted([LINK, DDE, "+SUM(1;2)"])  # exactly as typed, no quote added inside the cell
    r = poisoned("quality", "--format", "csv")
    assert r.exit_code == 0
    assert_csv_quoted(r.output, LINK, DDE, "+SUM(1;2)")


def test_unit_detail_keeps_formula_text_and_negative_points_numeric(poisoned, tmp_path):
    path = written(poisoned("detail", "济办", "--format", "xlsx", "--out", str(tmp_path / "d.xlsx")))
    assert_text_only(path, "-2+3+cmd|' /C calc'!A0")
    points = [c for c in cells(path) if c.column == 5 and c.row > 2]
    assert -5 in [c.value for c in points] and all(c.data_type == "n" for c in points)
    r = poisoned("detail", "济办")
    rows = assert_csv_quoted(r.output, "-2+3+cmd|' /C calc'!A0")
    assert "-5" in [row[4] for row in rows]  # a deduction stays a plain number


def test_bulletin_csv_and_xlsx_hold_no_formula(poisoned, tmp_path):
    path = written(poisoned("report", "--format", "xlsx", "--out", str(tmp_path / "b.xlsx")))
    assert_text_only(path, "济办")
    deductions = [c for c in cells(path) if c.value == -5]
    assert deductions and all(c.data_type == "n" for c in deductions)
    r = poisoned("report", "--format", "csv")
    assert r.exit_code == 0 and "-5" in r.output


def test_monthly_bulletin_xlsx_writes_risky_text_as_text(tmp_path):
    table = BulletinTable(
        "=title",
        [Column(None, "单位", lambda r: r), Column(None, "扣分", lambda r: r)],
        [[DDE, -5], ["@x", 3], ["\x07-bell", 1]],
        ["=note"],
    )
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_xlsx(table))
    assert_text_only(path, DDE, "@x", "=title", "-bell")
    assert {c.value: c.data_type for c in cells(path) if isinstance(c.value, int)} == {-5: "n", 3: "n", 1: "n"}
    assert [c.quotePrefix for c in cells(path) if c.value == "-bell"] == [True]  # the bell gone, then risky


def test_the_monthly_post_xlsx_is_the_same_safe_writer(bot, tmp_path):
    render = bulletin_files(tmp_path / "reports", bot.app.config.rules)
    bot.bind(JIBAN, "济办")
    bot.admin("/扣分 济办 约稿迟报")
    _, xlsx = render(bot.app.office.scoreboard())
    assert_text_only(xlsx, "济办")
    assert {c.data_type for c in cells(xlsx) if c.value == -5} == {"n"}
