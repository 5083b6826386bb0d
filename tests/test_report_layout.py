"""Tables read as people expect: no year-end columns mid-year, a legend, headers and
figures that fit, titles that say how far the data go, and praise for the leaders."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from bot.reports.bulletin_doc import _column_needs, render_docx, title_lines
from bot.reports.bulletin_draft import document_title, draft_bulletin
from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_xlsx
from bot.scoring import Period
from tests.office_data import seed_half_year

HALF = Period(date(2019, 1, 1), date(2019, 6, 30))


def _wide_half_year(svc, rec):
    seed_half_year(svc)
    rec.common_task("组织部", "政研工作", 25, "2019-06-30")
    rec.adoption("环保局", "市要情汇报", "单条", "2019-06-10", title="要情一")
    rec.adoption("济办", "豫情快报", "单条", "2019-06-11", title="豫情一")


def test_half_year_tables_have_no_year_end_columns_and_explain_counts_and_points(svc, rec):
    _wide_half_year(svc, rec)
    table = bulletin_table(svc.scoreboard(HALF), svc.config.rules)
    labels = [c.label for c in table.columns]
    assert "共同任务" not in labels and "年终合计" not in labels
    assert "各级采用、上街政研和优质信息列为条数，领导批示、培训学习和扣分列为分值。" in table.notes


def test_xlsx_group_header_over_one_column_is_not_clipped(svc, rec):
    _wide_half_year(svc, rec)
    table = bulletin_table(svc.scoreboard(HALF), svc.config.rules)
    ws = load_workbook(io.BytesIO(render_xlsx(table))).active
    col = next(i for i, c in enumerate(table.columns, start=1) if c.group == "市委问题建议")
    letter = ws.cell(3, col).column_letter
    assert ws.cell(2, col).value == "市委问题建议"
    assert ws.column_dimensions[letter].width >= 12 + 2  # six CJK characters


def test_half_year_docx_table_columns_fit_their_widest_line(svc, rec):
    _wide_half_year(svc, rec)
    board = svc.itemized_scoreboard(HALF)
    draft = draft_bulletin(
        board, svc.config.rules, svc.quality_items(HALF), date(2019, 8, 16), HALF, issuer=svc.config.bot.office.issuer
    )
    doc = Document(io.BytesIO(render_docx(draft)))
    grid = doc.tables[0]
    header = [c.text for c in grid.rows[1].cells]
    assert "共同任务" not in header and "年终合计" not in header
    size = grid.rows[2].cells[0].paragraphs[0].runs[0].font.size.pt
    needs = _column_needs(draft.table, size)
    widths = [col.width.cm for col in grid.columns]
    assert all(w >= n - 0.01 for w, n in zip(widths, needs)), list(zip(header, widths, needs))
    top = [c.text for c in grid.rows[0].cells]
    alone = top.index("市委问\n题建议")  # a group over one column takes two lines, not six
    assert widths[alone] >= _column_needs(draft.table, size)[alone] and header[alone] == "单条"


def test_the_default_period_title_says_how_far_the_data_go_and_breaks_well():
    assert document_title(Period(date(2019, 1, 1), date(2019, 12, 2))) == "关于2019年1月1日至12月2日信息工作情况的通报"
    assert document_title(Period(date(2019, 1, 1), date(2019, 9, 30))) == "关于2019年1—9月份信息工作情况的通报"
    lines = title_lines("关于2019年1月1日至12月2日信息工作情况的通报", 15.6)
    assert lines == ["关于2019年1月1日至12月2日", "信息工作情况的通报"]
    assert title_lines("关于2019年上半年信息工作情况的通报", 15.6) == ["关于2019年上半年信息工作情况的通报"]


def test_early_in_the_year_a_big_tie_at_zero_is_not_painted_red(svc, rec):
    from bot.reports import standing

    rec.adoption("环保局", "郑州信息", "单条", "2019-01-10", title="一")
    rec.adoption("济办", "郑州信息", "单条", "2019-01-11", title="二")
    rec.deduction("城管局", "约稿迟报", "2019-01-20")
    board = svc.scoreboard(Period(date(2019, 1, 1), date(2019, 1, 31)))
    assert [r.unit.name for r in standing.lowest(board)] == ["城管局"]  # not 51 of 53
    assert standing.crowded_tie(board) == (50, 0)
    rec.adoption("中心办", "郑州信息", "单条", "2019-01-12", title="三")
    for unit in svc.config.units.assessed(2019)[:46]:
        rec.training(unit.name, 1, "2019-01-15")
    board = svc.scoreboard(Period(date(2019, 1, 1), date(2019, 1, 31)))
    assert len(standing.lowest(board)) <= 10 and standing.crowded_tie(board) is None
