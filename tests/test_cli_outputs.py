"""`infobot report --format xlsx|png|docx`, `infobot detail`, `infobot quality` as an operator runs them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from bot.reports import image
from bot.reports.fonts import find_cjk_font
from tests.office_data import EXAMPLE
from tests.test_cli import run  # noqa: F401  (the CLI fixture)
from tests.test_quality_detail import NOTICE_LIST

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def imported(run):  # noqa: F811
    assert run("import", str(EXAMPLE)).exit_code == 0
    return run


def written(result) -> Path:
    assert result.exit_code == 0, result.output
    m = re.search(r"已写入 (\S+)（", result.output)
    assert m, result.output
    return Path(m[1])


def test_xlsx_without_out_goes_under_data_reports(imported, tmp_path):
    path = written(imported("report", "--format", "xlsx"))
    assert path == tmp_path / "data" / "reports" / "通报表_20190101-20190630.xlsx"
    ws = load_workbook(path).active
    assert ws["B4"].value == "济办" and ws["T4"].value == pytest.approx(0.2)  # 24/120
    assert ws["T4"].number_format == "0%"


def test_docx_with_date_and_quality_window(imported, tmp_path):
    out = tmp_path / "通报.docx"
    result = imported(
        "report", "--format", "docx", "--date", "2019-08-16", "--quality-from", "2019-05-01", "--out", str(out)
    )
    assert written(result) == out and "关于2019年上半年信息工作情况的通报" in result.output
    d = Document(str(out))
    assert d.paragraphs[0].text.endswith("2019年8月16日")
    assert [[c.text for c in r.cells] for r in d.tables[1].rows][1:] == [[str(v) for v in r] for r in NOTICE_LIST]


def test_docx_options_are_refused_elsewhere_and_checked(imported):
    r = imported("report", "--format", "xlsx", "--date", "2019-08-16")
    assert r.exit_code == 1 and "--date 和 --quality-from 只用于 --format docx" in r.output
    r = imported("report", "--format", "docx", "--date", "8月16")
    assert r.exit_code == 1 and "日期「8月16」无法识别" in r.output
    r = imported("report", "--format", "docx", "--quality-from", "2018-11-01")
    assert r.exit_code == 1 and "跨年" in r.output
    r = imported("report", "--format", "pdf")
    assert r.exit_code == 2 and "应为 text、csv、xlsx、png、docx 之一" in r.output


@pytest.mark.skipif(find_cjk_font() is None, reason="本机没有中文字体，跳过 PNG 生成检查")
def test_png_is_written(imported, tmp_path):
    out = tmp_path / "排名.png"
    assert written(imported("report", "--format", "png", "--out", str(out))) == out
    assert Image.open(out).size[0] > 1000


def test_png_without_font_falls_back_to_text_and_says_so(imported, tmp_path, monkeypatch):
    monkeypatch.setattr(image, "find_cjk_font", lambda: None)
    out = tmp_path / "排名.png"
    result = imported("report", "--format", "png", "--out", str(out))
    assert result.exit_code == 0
    assert "提示：未找到能显示中文的字体，无法生成图片（否则汉字会显示成方框）" in result.output
    assert "apt-get install fonts-noto-cjk" in result.output
    assert not out.exists()
    text = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert text.startswith("上街区各单位信息采用情况通报表") and "济办" in text


def test_quality_command_text_csv_xlsx(imported, tmp_path):
    r = imported("quality", "--from", "2019-05-01")
    assert r.exit_code == 0
    assert r.output.startswith("2019年5—6月份优质信息统计表")
    assert "第29期  我区打造全域学校食堂“4D管理”模式" in r.output
    r = imported("quality", "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.output.lstrip("\ufeff"))))
    assert rows[1:] == [[str(v) for v in row] for row in NOTICE_LIST]
    path = written(imported("quality", "--format", "xlsx"))
    assert path.name == "优质信息_20190101-20190630.xlsx"
    ws = load_workbook(path).active
    assert ws["A1"].value == "2019年1—6月份优质信息统计表" and ws["D8"].value == NOTICE_LIST[5][3]


def test_detail_command_csv_and_xlsx(imported, tmp_path):
    r = imported("detail", "济源路街道")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.output.lstrip("\ufeff"))))
    assert [row["分值"] for row in rows] == ["4", "15", "5", "24"] and rows[-1]["事项"] == "合计"
    out = tmp_path / "济办.xlsx"
    assert written(imported("detail", "济办", "--format", "xlsx", "--out", str(out))) == out
    ws = load_workbook(out).active
    assert ws["A1"].value == "济办信息工作得分明细（2019年1月1日至6月30日）"
    assert ws["E6"].value == 24 and ws["A7"].value == "注：目标任务 120，任务占比 20%，排名 1/53。"
    r = imported("detail", "不存在")
    assert r.exit_code == 1 and "未知单位「不存在」" in r.output


def test_the_office_outputs_are_documented():
    cli = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for usage in (
        "infobot detail",
        "infobot quality",
        "--format xlsx",
        "--format png",
        "--format docx",
        "ranking-example.png",
        "make fonts",
        "make office",
        "data/reports/",
    ):
        assert usage in cli, usage
