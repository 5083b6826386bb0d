"""Excel/WPS workbooks: the bulletin in the office's layout, and plain titled lists (明细, 优质信息)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

from bot.reports.cells import put
from bot.reports.table import BulletinTable, Percent

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
HEADER_ROWS = 2  # group row (区委采用…) and label row (单条…)
FIRST_DATA_ROW = 2 + HEADER_ROWS  # after the title row


def render_xlsx(table: BulletinTable, sheet_name: str = "通报表") -> bytes:
    """The bulletin: title row, two-row merged header, bordered body, notes underneath."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    wb.properties.title = table.title
    cols = table.columns
    last = len(cols)

    _title(ws, table.title, last)
    for i, col in enumerate(cols, start=1):
        if col.group is None:
            ws.merge_cells(start_row=2, start_column=i, end_row=3, end_column=i)
            put(ws.cell(2, i), col.label)
        else:
            put(ws.cell(3, i), col.label)
            if i == 1 or cols[i - 2].group != col.group:
                span = sum(1 for _ in _run(cols, i - 1))
                ws.merge_cells(start_row=2, start_column=i, end_row=2, end_column=i + span - 1)
                put(ws.cell(2, i), col.group)
    _style(ws, 2, 3, last, Font(name=FONT, size=10, bold=True), CENTER)

    for r, row in enumerate(table.rows, start=FIRST_DATA_ROW):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, Percent):
                cell.value = value.fraction
                cell.number_format = "0%"
            else:
                put(cell, value)
    end = FIRST_DATA_ROW + len(table.rows) - 1
    if table.rows:
        _style(ws, FIRST_DATA_ROW, end, last, Font(name=FONT, size=10), CENTER)
    _notes(ws, end + 1, table.notes, last)

    for i, col in enumerate(cols, start=1):
        values = [row[i - 1] for row in table.rows]
        width = _width([col.label, *values], minimum=5)
        if col.group:  # a group over few columns (市委问题建议 over 采用) must fit its merged cell
            span = sum(1 for c in cols if c.group == col.group)
            width = max(width, wcswidth(col.group) / span + 3)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 20
    ws.row_dimensions[3].height = 20
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)
    _print_setup(ws, landscape=True, title_rows=f"2:{1 + HEADER_ROWS}")
    return _save(wb)


def render_list_xlsx(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    notes: Sequence[str] = (),
    sheet_name: str = "Sheet1",
    left: Sequence[str] = (),
) -> bytes:
    """A titled, bordered list with a one-row header; columns named in `left` align left."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    wb.properties.title = title
    last = len(header)
    _title(ws, title, last)
    for c, label in enumerate(header, start=1):
        put(ws.cell(2, c), label)
    _style(ws, 2, 2, last, Font(name=FONT, size=10, bold=True), CENTER)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            put(ws.cell(r, c), value)
    end = 2 + len(rows)
    if rows:
        _style(ws, 3, end, last, Font(name=FONT, size=10), CENTER)
        for c, label in enumerate(header, start=1):
            if label in left:
                for r in range(3, end + 1):
                    ws.cell(r, c).alignment = LEFT
    _notes(ws, end + 1, notes, last)
    widths = []
    for c, label in enumerate(header, start=1):
        widths.append(_width([label, *(row[c - 1] for row in rows)], minimum=6, maximum=60))
        ws.column_dimensions[get_column_letter(c)].width = widths[-1]
    for r, row in enumerate(rows, start=3):
        # A wrapped cell needs a taller row, or long text spills over the row below in LibreOffice.
        lines = max(
            (-(-wcswidth(_shown(v)) // max(1, int(w) - 2)) for v, w in zip(row, widths) if v is not None), default=1
        )
        if lines > 1:
            ws.row_dimensions[r].height = 14 * lines + 2
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = ws.cell(3, 1)
    _print_setup(ws, landscape=last > 6, title_rows="2:2")
    return _save(wb)


def _run(cols, start: int):
    group = cols[start].group
    i = start
    while i < len(cols) and cols[i].group == group:
        yield cols[i]
        i += 1


def _title(ws: Worksheet, title: str, last: int) -> None:
    put(ws.cell(1, 1), title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(1, 1).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")


def _style(ws: Worksheet, first: int, last_row: int, last_col: int, font: Font, align: Alignment) -> None:
    # Every cell of a merged range gets the border too, or Excel and WPS draw gaps.
    for row in ws.iter_rows(min_row=first, max_row=last_row, max_col=last_col):
        for cell in row:
            cell.font = font
            cell.alignment = align
            cell.border = BOX


def _notes(ws: Worksheet, row: int, notes: Sequence[str], last: int) -> None:
    for i, note in enumerate(notes):
        r = row + i
        put(ws.cell(r, 1), f"注：{note}")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        ws.cell(r, 1).font = Font(name=FONT, size=10)
        ws.cell(r, 1).alignment = LEFT
        # A merged cell does not grow by itself; give long notes room for a second line.
        ws.row_dimensions[r].height = 15 * (1 + wcswidth(note) // 150)


def _width(values, minimum: int, maximum: int = 40) -> float:
    longest = max((wcswidth(_shown(v)) for v in values if v is not None), default=0)
    return max(minimum, min(maximum, longest + 3))


def _shown(value: object) -> str:
    return str(value) if not isinstance(value, float) else f"{value:g}"


def _print_setup(ws: Worksheet, landscape: bool, title_rows: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
