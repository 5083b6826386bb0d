"""The bulletin workbook as the office opens it: title, merged header, cells, formats, font."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_list_xlsx, render_xlsx
from tests.office_data import EXCEEDED, seed_half_year


def workbook(svc):
    data = render_xlsx(bulletin_table(svc.scoreboard(), svc.config.rules))
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def ws(svc):
    seed_half_year(svc)
    return workbook(svc)


def col(ws, label: str) -> int:
    """The column whose two-row header cell reads `label` (累计得分, 任务占比…)."""
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == label)


def test_title_row_and_two_row_merged_header(ws):
    assert ws.title == "通报表"
    assert ws["A1"].value == "上街区各单位信息采用情况通报表（2019年1月1日至6月30日）"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_column == 21  # the office's 20 columns, plus 扣分 because 公安局 lost points
    assert "A1:U1" in merged
    # 区委采用 over D–G, 市委采用 over H–K, 省委采用 over L–N; the others span both header rows.
    assert {"D2:G2", "H2:K2", "L2:N2"} <= merged
    assert {"A2:A3", "B2:B3", "C2:C3", "O2:O3", "R2:R3", "U2:U3"} <= merged
    assert (ws["D2"].value, ws["H2"].value, ws["L2"].value) == ("区委采用", "市委采用", "省委采用")
    assert [ws.cell(3, c).value for c in range(4, 15)] == ["单条", "综合", "简讯", "专期"] * 2 + [
        "单条",
        "综合",
        "专期",
    ]
    assert [ws.cell(2, c).value for c in (1, 2, 3, *range(15, 22))] == [
        "序号",
        "单位",
        "上街政研",
        "领导批示",
        "培训学习",
        "优质信息",
        "扣分",
        "累计得分",
        "目标任务",
        "任务占比",
    ]


def test_cells_equal_the_scoreboard_and_ratio_is_a_percent_number(svc, ws):
    board = svc.scoreboard()
    total, target, ratio, cut = (col(ws, x) for x in ("累计得分", "目标任务", "任务占比", "扣分"))
    for i, unit in enumerate(board.rows, start=4):
        assert [ws.cell(i, c).value for c in (1, 2, total, target, cut)] == [
            unit.rank,
            unit.unit.name,
            unit.total,
            unit.target.total,
            unit.deduction_points,
        ]
        cell = ws.cell(i, ratio)
        assert cell.value == pytest.approx(unit.percent / 100)
        assert cell.number_format == "0%"
    assert ws.cell(3 + 53, 2).value == "公安局" and ws.cell(3 + 53, cut).value == -5  # last
    assert [ws.cell(i, 2).value for i in (4, 5, 6)] == EXCEEDED
    assert ws["U4"].value == pytest.approx(1.04)  # 纪委监委 125/120
    assert (ws["K4"].value, ws["L4"].value, ws["G4"].value, ws["D4"].value) == (1, 3, 1, 5)


def test_font_borders_widths_and_notes(ws):
    for ref in ("A1", "D2", "E3", "B4", "U56"):
        assert ws[ref].font.name == "宋体", ref
    assert ws["A1"].font.bold and ws["A1"].font.size == 16

    # Every cell is boxed, merged ones included along their outline (Excel/WPS draw gaps otherwise).
    def sides(ref):
        b = ws[ref].border
        return {s for s in ("left", "right", "top", "bottom") if getattr(b, s).style == "thin"}

    assert sides("A2") >= {"left", "right", "top"} and sides("A3") >= {"left", "right", "bottom"}
    assert sides("E2") >= {"top", "bottom"} and sides("G2") >= {"top", "bottom", "right"}
    assert sides("E3") == sides("U56") == {"left", "right", "top", "bottom"}
    widths = {c: ws.column_dimensions[c].width for c in ("B", "D")}
    assert widths["B"] >= 18 > widths["D"] >= 5  # 政务服务和大数据局 fits
    assert ws.freeze_panes == "C4"
    assert ws["A57"].value.startswith("注：累计得分含采用")
    assert ws.page_setup.orientation == "landscape"


def test_extra_columns_get_their_own_merged_group(svc, rec):
    rec.adoption("公安局", "今日郑州重要信息", "综合", "2019-03-01")
    rec.adoption("公安局", "紧急信息专报", "单条", "2019-03-01")
    rec.adoption("公安局", "区要情汇报", None, "2019-03-01")
    ws = workbook(svc)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["O2"].value == "区委要情" and "O2:O3" in merged
    assert ws["P2"].value == "市委问题建议" and "P2:Q2" in merged and ws["R2"].value == "领导批示"
    assert (ws["P3"].value, ws["Q3"].value) == ("单条", "综合")
    assert (ws["O4"].value, ws["P4"].value, ws["Q4"].value) == (1, 1, 1)


def test_list_workbook_has_title_header_and_left_aligned_text():
    data = render_list_xlsx(
        "标题", ["序号", "信息标题"], [[1, "甲"], [2, "乙"]], ["备注"], sheet_name="优质信息", left=["信息标题"]
    )
    ws = load_workbook(io.BytesIO(data))["优质信息"]
    assert ws["A1"].value == "标题" and "A1:B1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "信息标题"]
    assert [c.value for c in ws[4]] == [2, "乙"]
    assert ws["B3"].alignment.horizontal == "left" and ws["A3"].alignment.horizontal == "center"
    assert ws["A5"].value == "注：备注"
    assert ws["B3"].font.name == "宋体"
