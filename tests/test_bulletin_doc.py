"""The half-year bulletin draft: read back as Word/WPS would show it, with the real figures in it."""

from __future__ import annotations

import re

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from bot.reports.bulletin_doc import render_docx
from bot.reports.bulletin_draft import document_title, draft_bulletin, figures, span_name
from bot.scoring import Period
from tests.office_data import ABOVE_TARGET, EXCEEDED, ON_SCHEDULE_ONLY, SHOWCASE, seed_half_year
from tests.test_quality_detail import MAY_JUNE, NOTICE_LIST


def build(svc, period=None, quality_period=MAY_JUNE):
    board = svc.itemized_scoreboard(period)
    draft = draft_bulletin(
        board,
        svc.config.rules,
        svc.quality_items(quality_period),
        date(2019, 8, 16),
        quality_period,
        issuer=svc.config.bot.office.issuer,
    )
    return board, Document(io.BytesIO(render_docx(draft)))


@pytest.fixture
def doc(svc):
    seed_half_year(svc)
    return build(svc)


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def cell_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_title_date_and_three_sections(doc):
    _, d = doc
    paras = texts(d)
    assert paras[0].startswith("中共上街区委办公室") and paras[0].endswith("2019年8月16日")
    assert paras[1] == "关于2019年上半年信息工作情况的通报"
    assert "现将2019年上半年全区党委系统信息工作开展情况通报如下：" in paras[2]
    headings = [p for p in paras if p in ("一、工作开展情况", "二、存在的主要问题", "三、下一步工作要求")]
    assert headings == ["一、工作开展情况", "二、存在的主要问题", "三、下一步工作要求"]
    assert "附件：1. 2019年上半年各单位信息采用情况统计表" in paras
    assert "2. 5—6月份优质信息统计表" in paras
    assert d.core_properties.title == "关于2019年上半年信息工作情况的通报"


def test_the_figures_in_the_prose_come_from_the_data(svc, doc):
    board, d = doc
    body = "\n".join(texts(d))
    assert "上半年，全区53家被考核单位中，5家单位达到时间进度（任务占比不低于49.6%）" in body
    # 超额 only above 100%: 中心办 at 120/120 has completed its target, not exceeded it
    assert f"其中{'、'.join(ABOVE_TARGET)}2家单位提前超额完成目标任务，中心办1家单位提前完成目标任务" in body
    assert f"{'、'.join(ON_SCHEDULE_ONLY)}2家单位按时间进度完成任务" in body
    # 专期: 郑州信息 4 (中心办) + 1 (纪委监委) + 工作交流 1 (环保局); 单条: 郑州信息 1 + 3, 工作交流 3.
    assert f"共在省市信息调研刊物发表《{SHOWCASE}》等专期文章6篇、单条7条，" in body
    specials = re.search(r"；([^；，。]+)等单位按时报送专期", body)[1].split("、")
    assert sorted(specials) == sorted(EXCEEDED)  # the units with a 专期 adopted: these three
    assert "济办等单位能够按要求参加全区信息员轮训" in body
    assert "全区仍有48家单位任务占比低于时间进度" in body and "公安局因约稿迟报被扣分" in body
    assert "下半年，希望全区各单位" in body
    f = figures(board, svc.config.rules)
    assert (f.assessed, len(f.exceeded), len(f.completed), len(f.on_schedule), f.behind) == (53, 2, 1, 5, 48)


def test_attachment_1_is_the_bulletin_table_with_merged_header(doc):
    board, d = doc
    table = d.tables[0]
    rows = cell_texts(table)
    assert len(rows) == 2 + 53
    # Merged cells repeat their text in every grid column they cover.
    assert rows[0][3:7] == ["区委采用"] * 4 and rows[1][3:7] == ["单条", "综合", "简讯", "专期"]
    assert rows[0][11:14] == ["省委采用"] * 3 and rows[1][11:14] == ["单条", "综合", "专期"]
    assert rows[0][0] == rows[1][0] == "序号" and rows[0][-1] == "任务\n占比"
    for cells, unit in zip(rows[2:], board.rows):
        assert cells[0:2] == [str(unit.rank), unit.unit.name]
        assert cells[-3:] == [str(unit.total), str(unit.target.total), f"{unit.percent}%"]
    assert rows[2][:2] == ["1", "纪委监委"] and rows[2][-1] == "104%"
    wide = d.sections[1]
    assert wide.orientation == WD_ORIENT.LANDSCAPE and wide.page_width > wide.page_height
    assert any(p.text == "附件1" for p in d.paragraphs)


def test_attachment_2_is_the_quality_list(doc):
    _, d = doc
    rows = cell_texts(d.tables[1])
    assert rows[0] == ["序号", "刊物", "期数", "信息标题", "报送单位"]
    assert rows[1:] == [[str(v) for v in row] for row in NOTICE_LIST]
    assert "备注：双月评选一次优质信息，每条优质信息报送单位加5分。" in texts(d)
    assert d.sections[2].orientation == WD_ORIENT.PORTRAIT


def test_fonts_are_those_of_an_office_notice(doc):
    _, d = doc
    title = next(p for p in d.paragraphs if p.text == "关于2019年上半年信息工作情况的通报")
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert (
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )
    cell_run = d.tables[0].cell(2, 1).paragraphs[0].runs[0]
    assert cell_run.font.name == "宋体"


def test_year_end_and_empty_ledger_wording(svc):
    assert span_name(Period(date(2019, 1, 1), date(2019, 12, 31))) == "全年"
    assert document_title(Period(date(2019, 1, 1), date(2019, 12, 31))) == "关于2019年度信息工作情况的通报"
    assert document_title(Period(date(2019, 1, 1), date(2019, 9, 30))) == "关于2019年1—9月份信息工作情况的通报"
    _, d = build(svc, Period.whole_year(2019), Period.whole_year(2019))
    body = "\n".join(texts(d))
    assert "全年，全区53家被考核单位中，尚无单位完成全年目标任务。" in body
    assert "新的一年，希望全区各单位" in body
    assert cell_texts(d.tables[1]) == [["序号", "刊物", "期数", "信息标题", "报送单位"]]
    assert "（本期没有评选优质信息）" in body
