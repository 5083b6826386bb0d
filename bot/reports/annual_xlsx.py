"""The year-end workbook: the 附件2-shaped results sheet first, then 附件2's items and targets."""
from __future__ import annotations

import io
from copy import copy

from openpyxl import load_workbook

from bot.reports.annual import annual_table, assessment_items
from bot.reports.xlsx import render_list_xlsx, render_xlsx
from bot.scoring import Scoreboard
from bot.settings.rules import RuleBook

RESULTS_SHEET = "年终考核"
ITEMS_SHEET = "考核事项"


def render_annual_xlsx(board: Scoreboard, rules: RuleBook) -> bytes:
    table = annual_table(board, rules)
    book = load_workbook(io.BytesIO(render_xlsx(table, sheet_name=RESULTS_SHEET)))
    header, rows = assessment_items(board, rules)
    items = load_workbook(io.BytesIO(render_list_xlsx(
        f"{table.title}（考核事项及目标分值）", header, rows, sheet_name=ITEMS_SHEET,
        left=["考核事项（单位）"]))).active
    sheet = book.create_sheet(ITEMS_SHEET)
    # Both sheets are rendered by the same writers; copy the second one over cell by cell.
    for src in items.iter_rows():
        for cell in src:
            dst = sheet.cell(cell.row, cell.column, cell.value)
            if cell.has_style:
                dst.font, dst.border, dst.alignment = copy(cell.font), copy(cell.border), copy(cell.alignment)
    for merged in items.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    for key, dim in items.column_dimensions.items():
        sheet.column_dimensions[key].width = dim.width
    for key, dim in items.row_dimensions.items():
        sheet.row_dimensions[key].height = dim.height
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
