"""The bulletin draft as a Word/WPS document, laid out as an office notice (GB/T 9704 habits)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from wcwidth import wcwidth

from bot.reports.bulletin_draft import BulletinDraft
from bot.reports.docx_style import (
    BODY_FONT,
    BODY_SIZE,
    HEADING_FONT,
    LIST_SIZE,
    TABLE_FONT,
    TABLE_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    base_styles,
    cn_date,
    page,
    text_run,
    text_width,
)
from bot.reports.table import BulletinTable


# The fonts an office PC has for notices; WPS and LibreOffice substitute when missing.
def render_docx(draft: BulletinDraft) -> bytes:
    doc = Document()
    base_styles(doc)
    section = doc.sections[0]
    page(section, landscape=False)

    head = doc.add_paragraph()
    head.paragraph_format.first_line_indent = Pt(0)
    head.paragraph_format.tab_stops.add_tab_stop(text_width(section), WD_TAB_ALIGNMENT.RIGHT)
    text_run(head, draft.issuer, BODY_FONT, BODY_SIZE)
    text_run(head, f"\t{cn_date(draft.issued)}", BODY_FONT, BODY_SIZE)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    usable_cm = (text_width(section)) / 360000
    for i, line in enumerate(title_lines(draft.title, usable_cm)):
        if i:
            title.add_run().add_break()
        text_run(title, line, TITLE_FONT, TITLE_SIZE)

    doc.add_paragraph(draft.opening)
    for part in draft.sections:
        heading = doc.add_paragraph()
        text_run(heading, part.heading, HEADING_FONT, BODY_SIZE)
        for text in part.paragraphs:
            doc.add_paragraph(text)

    doc.add_paragraph()
    for i, name in enumerate(draft.attachments, start=1):
        p = doc.add_paragraph()
        # 附件：1. … with the second item aligned under the first.
        p.paragraph_format.left_indent = Pt(16 * 5)
        p.paragraph_format.first_line_indent = Pt(-16 * 3) if i == 1 else Pt(0)
        text_run(p, f"{'附件：' if i == 1 else ''}{i}. {name}", BODY_FONT, BODY_SIZE)

    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    page(wide, landscape=True)
    _attachment_heading(doc, "附件1", draft.table_title)
    _bulletin_table(doc, draft.table, wide)
    for note in draft.table.notes:
        _small(doc, f"注：{note}")

    tall = doc.add_section(WD_SECTION.NEW_PAGE)
    page(tall, landscape=False)
    _attachment_heading(doc, "附件2", draft.quality_title)
    _list_table(doc, draft.quality_header, draft.quality_rows, tall, wide_column=3)
    if not draft.quality_rows:
        _small(doc, "（本期没有评选优质信息）")
    _small(doc, draft.quality_note)
    for i, (list_title, header, rows) in enumerate(draft.extra_lists, start=3):
        _attachment_heading(doc, f"附件{i}", list_title)
        _list_table(doc, header, rows, tall, wide_column=len(header) - 1)

    doc.core_properties.title = draft.title
    doc.core_properties.author = draft.issuer
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- page and text --------------------------------------------------------------------


def _attachment_heading(doc, label: str, title: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(0)
    text_run(p, label, HEADING_FONT, BODY_SIZE)
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.paragraph_format.first_line_indent = Pt(0)
    t.paragraph_format.space_after = Pt(6)
    text_run(t, title, TITLE_FONT, Pt(18))


def _small(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.space_before = Pt(3)
    text_run(p, text, TABLE_FONT, Pt(10.5))


# --- tables ---------------------------------------------------------------------------


def _bulletin_table(doc, table: BulletinTable, section) -> None:
    cols = table.columns
    size = _fitting_size(table, section)
    grid = doc.add_table(rows=2 + len(table.rows), cols=len(cols))
    _table_frame(grid)
    top, bottom = grid.rows[0].cells, grid.rows[1].cells  # fetched once: Table.cell() rescans the table
    for i, col in enumerate(cols):
        if col.group is None:
            _cell(top[i].merge(bottom[i]), _halves(col.label), bold=True, size=size)
        else:
            _cell(bottom[i], col.label, bold=True, size=size)
            if i == 0 or cols[i - 1].group != col.group:
                j = i
                while j + 1 < len(cols) and cols[j + 1].group == col.group:
                    j += 1
                _cell(top[i].merge(top[j]), _halves(col.group) if i == j else col.group, bold=True, size=size)
    for doc_row, row in zip(grid.rows[2:], table.rows):
        for cell, value in zip(doc_row.cells, row):
            _cell(cell, str(value), size=size)
    _widths(grid, section, _column_needs(table, size.pt), header_rows=2)


def _column_needs(table: BulletinTable, size_pt: float) -> list[float]:
    needs = []
    for i, col in enumerate(table.columns):
        label = col.label if col.group else max(_halves(col.label).split("\n"), key=len)
        need = max(_need_cm(text, size_pt) for text in [label, *(str(r[i]) for r in table.rows)])
        if col.group:  # 市委问题建议 over its one column 单条 must not stack a character per line
            span = sum(1 for c in table.columns if c.group == col.group)
            need = max(need, max(_need_cm(part, size_pt) for part in _halves(col.group).split("\n")) / span)
        needs.append(need)
    return needs


def _fitting_size(table: BulletinTable, section) -> Pt:
    """The largest table font (9 pt down to 6.5 pt) at which every column fits its widest line:
    a squeezed column wraps 「75%」 as 「75/%」 and stacks its header one character per line."""
    usable = (text_width(section)) / 360000
    for size in (TABLE_SIZE.pt, 8.5, 8, 7.5, 7, 6.5):
        if sum(_column_needs(table, size)) <= usable:
            return Pt(size)
    return Pt(6.5)


def _list_table(doc, header: Sequence[str], rows: Sequence[Sequence[object]], section, wide_column: int) -> None:
    grid = doc.add_table(rows=1 + len(rows), cols=len(header))
    _table_frame(grid)
    for cell, label in zip(grid.rows[0].cells, header):
        _cell(cell, label, bold=True, size=LIST_SIZE)
    for doc_row, row in zip(grid.rows[1:], rows):
        for c, (cell, value) in enumerate(zip(doc_row.cells, row)):
            _cell(
                cell,
                str(value),
                size=LIST_SIZE,
                align=WD_ALIGN_PARAGRAPH.LEFT if c == wide_column else WD_ALIGN_PARAGRAPH.CENTER,
            )
    needs = [
        max(_need_cm(str(v), LIST_SIZE.pt) for v in [label, *(r[c] for r in rows)]) for c, label in enumerate(header)
    ]
    needs[wide_column] = 0  # takes whatever the other columns leave
    _widths(grid, section, needs, header_rows=1, stretch=wide_column)


def _table_frame(grid) -> None:
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER


def _cell(cell, text: str, bold: bool = False, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    text_run(p, text, TABLE_FONT, size, bold)


def title_lines(title: str, usable_cm: float) -> list[str]:
    """A title too long for one line breaks before 「信息工作…」, never leaving one character (「报」) alone."""
    if _need_cm(title, TITLE_SIZE.pt) <= usable_cm:
        return [title]
    cut = title.find("信息工作")
    if cut <= 0:
        cut = len(title) // 2
    return [title[:cut], title[cut:]]


def _halves(label: str) -> str:
    """累计得分 → 累计/得分: narrow number columns take their four-character header on two lines."""
    if len(label) < 4:
        return label
    half = (len(label) + 1) // 2
    return f"{label[:half]}\n{label[half:]}"


def _need_cm(text: str, size_pt: float) -> float:
    """Rough width of one line of text plus the cell's side margins.

    CJK is 1 em; digits and Latin about 0.7 em in the fonts WPS/LibreOffice fall back to; Word and
    LibreOffice also put about a quarter em between CJK and Latin runs (第 20 期).
    """
    em_cm = size_pt / 72 * 2.54
    wide = [wcwidth(ch) == 2 for ch in text]
    ems = sum(1.0 if w else (1.0 if ch == "%" else 0.7) for ch, w in zip(text, wide))
    ems += 0.25 * sum(1 for a, b in zip(wide, wide[1:]) if a != b)
    return ems * em_cm + 0.45


def _widths(grid, section, needs: list[float], header_rows: int, stretch: int | None = None) -> None:
    """Columns as wide as their content, scaled to fill the text width (or one column takes the rest)."""
    usable = (text_width(section)) / 360000  # EMU → cm
    needs = list(needs)
    if stretch is not None:
        needs[stretch] = max(usable - (sum(needs) - needs[stretch]), usable * 0.4)
    total = sum(needs)
    needs = [n * usable / total for n in needs]
    widths = [Cm(n) for n in needs]
    grid.autofit = False
    for i, column in enumerate(grid.columns):
        column.width = widths[i]
    # Merged cells span several grid columns; each <w:tc> gets the sum of what it spans.
    for tr in grid._tbl.tr_lst:
        i = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[i : i + span], Cm(0))
            i += span
    for row in grid.rows[:header_rows]:  # repeat the header on every page
        tr_pr = row._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)
