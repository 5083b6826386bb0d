"""An issue of 《上街信息》 (or its 公众号 push) as the office prints it: docx, or plain text to read."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from bot.model.issues import BRIEF, ROUNDUP, Article, IssueDocument, Piece
from bot.reports.docx_style import (
    BODY_FONT,
    BODY_SIZE,
    HEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    base_styles,
    cn_date,
    page,
    text_run,
    text_width,
)

RED = RGBColor(0xC0, 0x00, 0x00)
MASTHEAD_SIZE = Pt(48)


def sections(doc: IssueDocument) -> list[Article | list[Article]]:
    """Articles in order; the 简讯 gathered into one list where the first of them stands."""
    out: list[Article | list[Article]] = []
    briefs: list[Article] | None = None
    for article in doc.articles:
        if article.grade != BRIEF:
            out.append(article)
        elif briefs is None:
            briefs = [article]
            out.append(briefs)
        else:
            briefs.append(article)
    return out


def number_line(doc: IssueDocument) -> str:
    return f"第{doc.number}期" + ("（专期）" if doc.special else "")


def render_issue_text(doc: IssueDocument) -> str:
    lines = [doc.masthead, number_line(doc), f"{doc.issuer}    {cn_date(doc.day)}", "—" * 20]
    for part in sections(doc):
        lines.append("")
        if isinstance(part, list):
            lines.append(f"【{BRIEF}】")
            lines += [_brief_text(a.pieces[0]) for a in part]
            continue
        lines.append(f"【{part.grade}】{part.title}")
        if part.grade == ROUNDUP:
            lines += [f"{p.unit}：{''.join(p.paragraphs)}" for p in part.pieces]
        else:
            piece = part.pieces[0]
            lines += list(piece.paragraphs)
            lines.append(f"（{piece.unit}）")
    return "\n".join(lines) + "\n"


def _brief_text(piece: Piece) -> str:
    return f"◆{piece.title}　{''.join(piece.paragraphs)}（{piece.unit}）"


def render_issue_docx(doc: IssueDocument) -> bytes:
    word = Document()
    base_styles(word)
    section = word.sections[0]
    page(section, landscape=False)
    width = text_width(section)

    masthead = _centered(word)
    run = text_run(masthead, doc.masthead, TITLE_FONT, MASTHEAD_SIZE if doc.masthead.endswith("》") else TITLE_SIZE)
    run.font.color.rgb = RED
    text_run(_centered(word), number_line(doc), BODY_FONT, BODY_SIZE)

    head = word.add_paragraph()
    head.paragraph_format.first_line_indent = Pt(0)
    head.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    text_run(head, doc.issuer, BODY_FONT, BODY_SIZE)
    text_run(head, f"\t{cn_date(doc.day)}", BODY_FONT, BODY_SIZE)
    _red_rule(head)

    for part in sections(doc):
        if isinstance(part, list):
            _heading(word, BRIEF, HEADING_FONT)
            for article in part:
                piece = article.pieces[0]
                p = word.add_paragraph()
                text_run(p, f"◆{piece.title}　", HEADING_FONT, BODY_SIZE)
                text_run(p, f"{''.join(piece.paragraphs)}（{piece.unit}）", BODY_FONT, BODY_SIZE)
            continue
        _heading(word, part.title, TITLE_FONT)
        if part.grade == ROUNDUP:
            for piece in part.pieces:
                p = word.add_paragraph()
                text_run(p, f"{piece.unit}：", HEADING_FONT, BODY_SIZE)
                text_run(p, "".join(piece.paragraphs), BODY_FONT, BODY_SIZE)
        else:
            piece = part.pieces[0]
            for text in piece.paragraphs:
                word.add_paragraph(text)
            signed = word.add_paragraph(f"（{piece.unit}）")
            signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    word.core_properties.author = doc.issuer
    word.core_properties.title = f"{doc.masthead}{number_line(doc)}"
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _centered(word):
    p = word.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # large type must not be clipped
    return p


def _heading(word, text: str, font: str) -> None:
    p = _centered(word)
    p.paragraph_format.space_before = Pt(16)
    p.paragraph_format.space_after = Pt(8)
    text_run(p, text, font, TITLE_SIZE if font == TITLE_FONT else BODY_SIZE)


def _red_rule(paragraph) -> None:
    """The red line under the masthead, as a bottom border of the issuer line."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def write_issue_docx(doc: IssueDocument, path: Path) -> Callable[[], None]:
    """Write the issue's docx to `path` whole (a half-written file is never left); returns how to put back
    the file that was there before (or remove it, if there was none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_bytes() if path.exists() else None
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(render_issue_docx(doc))
    tmp.replace(path)

    def restore() -> None:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)

    return restore
