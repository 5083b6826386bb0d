"""`infobot import`: all rows or none, every bad line named."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from bot.ledger.importer import ImportRejected

HEADER = "日期,单位,事项,刊物,类型,数量,标题\n"
GOOD = HEADER + (
    "2019-05-03,济  办,采用,《上街信息》,单条,,“一长三员”助力城市精细化管理\n"
    "2019/5/6,纪委（监委）,采用,郑州信息,专期,1,做细做实“小微权力”日常监督\n"
    "2019年5月8日,环保局,领导批示,,市,,抓住“源头、过程、末端”三环节\n"
    "2019-05-09,民政局,培训,,,2,全区信息员轮训\n"
    "2019-06-30,新安办,优质信息,,,1,依托路长制评选“星级示范商户”\n"
    "2019-06-30,城管局,扣分,,约稿迟报,1,关于夏季环境整治的约稿\n"
)


def write(tmp_path, text, name="采用登记.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_good_file_imports_every_row_with_its_source(svc, tmp_path):
    result = svc.importer.import_file(write(tmp_path, GOOD), by="cli:gaoge")
    assert len(result.entries) == 6
    b = svc.scoreboard()
    assert b.row("济办").total == 4
    assert b.row("纪委监委").total == 30
    assert b.row("环保局").instruction_points == 20
    assert b.row("民政局").training_points == 30
    assert b.row("新安办").award_count == 1
    assert b.row("城管局").deduction_points == -5
    first = svc.store.entry(result.entries[0].id)
    assert (first.source, first.recorded_by, first.publication, first.date) == (
        "采用登记.csv:2",
        "cli:gaoge",
        "上街信息",
        date(2019, 5, 3),
    )
    assert svc.store.entry(result.entries[-1].id).note == "关于夏季环境整治的约稿"


def test_one_bad_row_rejects_the_whole_file_and_names_each_bad_line(svc, tmp_path):
    text = GOOD + (
        "2019-06-31,济办,采用,上街信息,单条,1,日期不存在\n"
        "2019-06-01,济源路街道办事处,采用,上街信息,单条,1,单位不对\n"
        "2019-06-01,济办,采用,郑州日报,单条,1,刊物不对\n"
        "2019-06-01,济办,采用,工作交流,简讯,1,类型不对\n"
        "2019-06-01,济办,表扬,,,1,事项不对\n"
        "2019-06-01,济办,培训,,,两人,数量不对\n"
        "2019-06-01,济办,扣分,,,1,没写原因\n"
    )
    with pytest.raises(ImportRejected) as err:
        svc.importer.import_file(write(tmp_path, text), by="cli:gaoge")
    lines = [n for n, _ in err.value.problems]
    assert lines == [8, 9, 10, 11, 12, 13, 14]
    message = str(err.value)
    assert message.startswith("导入失败，没有写入任何记录")
    for part in [
        "第 8 行：日期「2019-06-31」无法识别",
        "第 9 行：未知单位「济源路街道办事处」。您是不是要找：济办",
        "第 10 行：未知刊物「郑州日报」",
        "第 11 行：未知《工作交流》的类型「简讯」。可用：单条、综合、专期",
        "第 12 行：未知事项「表扬」。可用：采用、领导批示、培训、优质信息、扣分",
        "第 13 行：人次应为正整数，实际是「两人」",
        "第 14 行：扣分须在「类型」列写明原因",
    ]:
        assert part in message
    assert svc.store.count_entries() == 0


def test_the_same_file_is_not_imported_twice(svc, tmp_path):
    path = write(tmp_path, GOOD)
    svc.importer.import_file(path, by="cli:gaoge")
    with pytest.raises(ImportRejected, match="已于 .* 导入（记录号 #1–#6），未重复导入"):
        svc.importer.import_file(path, by="cli:gaoge")
    assert svc.store.count_entries() == 6


def test_header_problems_are_named(svc, tmp_path):
    with pytest.raises(ImportRejected, match="缺少列：类型、数量；未知列：分值"):
        svc.importer.import_file(
            write(tmp_path, "日期,单位,事项,刊物,标题,分值\n2019-05-03,济办,采用,上街信息,x,4\n"), by="cli:gaoge"
        )
    with pytest.raises(ImportRejected, match="前 5 行中找不到表头"):
        svc.importer.import_file(write(tmp_path, "a,b\n1,2\n", "x.csv"), by="cli:gaoge")
    with pytest.raises(ImportRejected, match="不支持的文件类型「.txt」"):
        svc.importer.import_file(write(tmp_path, GOOD, "x.txt"), by="cli:gaoge")
    with pytest.raises(ImportRejected, match="没有数据行"):
        svc.importer.import_file(write(tmp_path, HEADER, "empty.csv"), by="cli:gaoge")
    assert svc.store.count_entries() == 0


def test_gbk_csv_from_chinese_excel_is_read(svc, tmp_path):
    result = svc.importer.import_file(write(tmp_path, GOOD, encoding="gb18030"), by="cli:gaoge")
    assert len(result.entries) == 6
    assert svc.scoreboard().row("纪委监委").total == 30


def test_xlsx_with_a_title_row_date_cells_and_float_counts(svc, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["2019年5—6月采用登记"])
    sheet.append(["日期", "单位", "事项", "刊物", "类型", "数量", "标题", "期数"])
    sheet.append(
        [datetime(2019, 5, 20), "纪委监委", "采用", "《上街信息》", "单条", 1.0, "做细做实“小微权力”日常监督", "第20期"]
    )
    sheet.append([date(2019, 6, 1), "市场监管局", "采用", "郑州信息", "单条", 2.0, None, "29"])
    sheet.append([None] * 8)
    path = tmp_path / "登记.xlsx"
    book.save(path)
    result = svc.importer.import_file(path, by="cli:gaoge")
    assert [(e.unit, e.quantity, e.issue, e.source) for e in result.entries] == [
        ("纪委监委", 1, "第20期", "登记.xlsx:3"),
        ("市场监管局", 2, "第29期", "登记.xlsx:4"),
    ]
    assert svc.scoreboard().row("市场监管局").total == 20


def test_year_end_common_tasks_can_be_imported(svc, tmp_path):
    text = HEADER.replace("\n", "") + "\n2019-12-31,组织部,共同任务,,政研工作,25,\n"
    svc.importer.import_file(write(tmp_path, text), by="cli:gaoge")
    from bot.scoring import Period

    row = svc.scoreboard(Period.whole_year(2019)).row("组织部")
    assert (row.total, row.common_task_points) == (0, 25)
