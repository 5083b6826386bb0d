"""优质信息统计表 and one unit's detail sheet, as the office reads them."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from bot.reports.csvfile import rows_csv
from bot.reports.detail import unit_detail
from bot.reports.quality import HEADER, quality_rows, quality_title
from bot.reports.xlsx import render_list_xlsx
from bot.scoring import Period
from tests.office_data import EXAMPLE, seed_half_year

# 附件2 of the 2019 notice, with unit names as configured (「济  办」 is 济办).
NOTICE_LIST = [
    [1, "《上街信息》", "第20期", "区纪委监委做细做实“小微权力”日常监督", "纪委监委"],
    [2, "《上街信息》", "第20期", "区环保局抓住“源头、过程、末端”三环节提升环境质量", "环保局"],
    [3, "《上街信息》", "第22期", "济源路街道“一长三员”助力城市精细化管理", "济办"],
    [4, "《上街信息》", "第28期", "我区应用无人机系统开展大气巡查", "通航试验区管委会"],
    [5, "《郑州信息》", "第29期", "我区打造全域学校食堂“4D管理”模式", "市场监管局"],
    [6, "《上街信息》", "第31期", "新安路街道依托路长制评选“星级示范商户”", "新安办"],
]
MAY_JUNE = Period(date(2019, 5, 1), date(2019, 6, 30))


def test_quality_list_of_the_example_matches_the_notice(svc):
    svc.importer.import_file(EXAMPLE, "wxid_office")
    assert quality_rows(svc.quality_items(MAY_JUNE)) == NOTICE_LIST
    assert quality_title(MAY_JUNE) == "2019年5—6月份优质信息统计表"
    assert quality_rows(svc.quality_items(Period(date(2019, 1, 1), date(2019, 4, 30)))) == []


def test_publication_comes_from_ref_id_then_title_else_dash(svc, rec):
    city = rec.adoption("督查局", "郑州信息", "单条", "2019-05-02", issue="18", title="督查工作新机制")
    rec.adoption("督查局", "上街信息", "单条", "2019-05-01", issue="15", title="另一条")
    rec.award("督查局", "2019-06-28", title="督查工作“新机制”", ref_id=city.id)  # title differs: ref wins
    rec.award("督查局", "2019-06-28", title="另 一 条")  # matched by title
    rec.award("督查局", "2019-06-28", title="从未登记采用的信息")  # unknown publication
    rec.award("督查局", "2019-06-28", title="别的单位的标题")
    rec.adoption("法院", "上街信息", "单条", "2019-05-03", issue="16", title="别的单位的标题")
    rows = quality_rows(svc.quality_items(MAY_JUNE))
    assert rows == [
        [1, "《上街信息》", "第15期", "另 一 条", "督查局"],
        [2, "《郑州信息》", "第18期", "督查工作“新机制”", "督查局"],
        [3, "—", "—", "从未登记采用的信息", "督查局"],
        [4, "—", "—", "别的单位的标题", "督查局"],
    ]


def test_revoked_awards_and_research_articles_are_not_listed(svc, rec):
    kept = rec.award("法院", "2019-06-28", title="甲")
    dropped = rec.award("检察院", "2019-06-28", title="乙")
    rec.award("检察院", "2019-06-28", kind="优秀调研文章", title="丙")
    svc.ledger.reverse(dropped.id, "评选结果更正", by="wxid_office")
    items = svc.quality_items(MAY_JUNE)
    assert [i.award.id for i in items] == [kept.id]


def test_quality_list_as_csv_and_xlsx(svc):
    svc.importer.import_file(EXAMPLE, "wxid_office")
    rows = quality_rows(svc.quality_items(MAY_JUNE))
    text = rows_csv(HEADER, rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["序号", "刊物", "期数", "信息标题", "报送单位"]
    assert parsed[5] == ["5", "《郑州信息》", "第29期", "我区打造全域学校食堂“4D管理”模式", "市场监管局"]
    ws = load_workbook(io.BytesIO(render_list_xlsx("5—6月份优质信息统计表", HEADER, rows))).active
    assert [c.value for c in ws[2]] == HEADER
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=8)] == NOTICE_LIST


def test_unit_detail_lists_every_fact_and_adds_up(svc, rec):
    seed_half_year(svc)
    wrong = rec.adoption("纪委监委", "工作交流", "专期", "2019-06-01")
    svc.ledger.reverse(wrong.id, "误登", by="wxid_office")
    board = svc.scoreboard(detail="纪委监委")
    row = board.row("纪委监委")
    sheet = unit_detail(board, row)
    assert sheet.title == "纪委监委信息工作得分明细（2019年1月1日至6月30日）"
    facts, total = sheet.rows[:-1], sheet.rows[-1]
    assert len(facts) == len(row.lines) == 7
    assert sum(r[4] for r in facts) == total[4] == row.total == 125
    assert total[2] == "合计" and "采用 120" in total[3]
    revoked = next(r for r in facts if r[0] == wrong.id)
    assert revoked[4] == 0 and revoked[5].startswith("已撤销")
    first = facts[0]
    assert (first[1], first[2], first[3]) == (
        date(2019, 2, 1),
        "采用",
        "采用《郑州信息》专期《上街区创新推动以案促改工作制度化常态化》",
    )
    assert sheet.notes[0] == "目标任务 120，任务占比 104%，排名 1/53。"
    ws = load_workbook(io.BytesIO(render_list_xlsx(sheet.title, sheet.header, sheet.rows, sheet.notes))).active
    assert [c.value for c in ws[2]] == ["记录号", "日期", "事项", "内容", "分值", "说明", "登记人", "登记时间", "来源"]
    assert ws.cell(3 + len(facts), 5).value == 125
    assert ws["B3"].value.date() == date(2019, 2, 1)
