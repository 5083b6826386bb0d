"""The year-end workbook: the 附件2-shaped results sheet first, then 附件2's items and targets."""

from __future__ import annotations

import io
from copy import copy

from openpyxl import load_workbook

from bot.reports.annual import annual_table, assessment_items
from bot.scoring.annual import AnnualRow
from bot.reports.cells import put
from bot.reports.people import PEOPLE_HEADER, people_lines, people_rows
from bot.reports.xlsx import render_list_xlsx, render_xlsx
from bot.scoring import Scoreboard
from bot.scoring.liaisons import People
from bot.settings.rules import RuleBook

RESULTS_SHEET = "年终考核"
ITEMS_SHEET = "考核事项"
PEOPLE_SHEET = "先进个人候选"


def render_annual_xlsx(
    board: Scoreboard, rules: RuleBook, rows: list[AnnualRow] | None = None, people: People | None = None
) -> bytes:
    """`rows` and `people` from the year-end workflow; without them, the adoption target alone decides."""
    table = annual_table(board, rules, rows)
    book = load_workbook(io.BytesIO(render_xlsx(table, sheet_name=RESULTS_SHEET)))
    header, items = assessment_items(board, rules)
    _add_sheet(
        book,
        ITEMS_SHEET,
        render_list_xlsx(
            f"{table.title}（考核事项及目标分值）", header, items, sheet_name=ITEMS_SHEET, left=["考核事项（单位）"]
        ),
    )
    if people is not None:
        _add_sheet(
            book,
            PEOPLE_SHEET,
            render_list_xlsx(
                f"{board.period.year}年度先进个人候选",
                PEOPLE_HEADER,
                people_rows(people),
                people_lines(people)[:1],
                sheet_name=PEOPLE_SHEET,
                left=["所在单位", "入选依据", "备注"],
            ),
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _add_sheet(book, name: str, rendered: bytes) -> None:
    """Copy a list rendered by the same writers into `book` as sheet `name`, cell by cell."""
    source = load_workbook(io.BytesIO(rendered)).active
    sheet = book.create_sheet(name)
    for src in source.iter_rows():
        for cell in src:
            dst = put(sheet.cell(cell.row, cell.column), cell.value)  # text stays text, never a formula
            if cell.has_style:
                dst.font, dst.border, dst.alignment = copy(cell.font), copy(cell.border), copy(cell.alignment)
    for merged in source.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    for key, dim in source.column_dimensions.items():
        sheet.column_dimensions[key].width = dim.width
    for key, dim in source.row_dimensions.items():
        sheet.row_dimensions[key].height = dim.height
    sheet.page_setup.orientation = "landscape"
