"""The house style shared by the office's Word documents (the bulletin, an issue of 《上街信息》):
fonts and sizes of 党政机关公文格式, the A4 page, and runs with the East Asian font set."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(9)
LIST_SIZE = Pt(10.5)  # 五号
LINE = Pt(28)  # fixed line pitch, about 22 lines a page


def base_styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_font(normal.font, normal.element, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.first_line_indent = Pt(32)  # two characters
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def page(section, landscape: bool) -> None:
    short, long = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:  # the wide table needs the room
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = section.right_margin = Cm(1.8)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def text_width(section: Section) -> Emu:
    """The width between the margins of a section page() has laid out."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # page() sets all three
    return Emu(width - left - right)


def set_font(font, element, name: str, size, bold: bool | None = None) -> None:
    font.name = name
    font.size = size
    if bold is not None:
        font.bold = bold
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def text_run(paragraph, text: str, font: str, size, bold: bool | None = None):
    run = paragraph.add_run(text)
    set_font(run.font, run._element, font, size, bold)
    return run


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
