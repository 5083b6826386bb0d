"""The year-end assessment (附件2): /共同任务 with each maximum, the annual table in every format, /年终."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.common.clock import FixedClock
from bot.reports.annual import annual_table
from bot.scoring.annual import annual_rows
from bot.scoring import Period
from bot.store import open_store
from tests.chatkit import start_bot
from tests.test_cli import run  # noqa: F401  (the CLI fixture)

YEAR = Period.whole_year(2019)


@pytest.fixture
def december(config, tmp_path):
    harness = start_bot(config, open_store(None), FixedClock(datetime(2019, 12, 30, 10, 0)), tmp_path)
    yield harness
    harness.app.store.close()


@pytest.mark.parametrize(
    "command, reply",
    [
        ("/共同任务 组织部 领导重视 10", "已登记 #1：组织部 2019 年共同任务「领导重视」10 分（满分 10 分）。"),
        ("/共同任务 组织部 政研工作 30分", "已登记 #1：组织部 2019 年共同任务「政研工作」30 分（满分 30 分）。"),
        ("/共同任务 组织部 业务培训 0", "已登记 #1：组织部 2019 年共同任务「业务培训」0 分（满分 10 分）。"),
        ("/共同任务 组织部 领导重视 11", "共同任务「领导重视」得分应在 0 到 10 之间，实际是 11。"),
        ("/共同任务 组织部 上报积极 12", "共同任务「上报积极」得分应在 0 到 10 之间，实际是 12。"),
        ("/共同任务 组织部 政研工作 31", "共同任务「政研工作」得分应在 0 到 30 之间，实际是 31。"),
        ("/共同任务 组织部 宣传工作 5", "未知共同任务「宣传工作」"),
        ("/共同任务 组织部 领导重视 八", "得分应为整数，如 8 或 8分，实际是「八」。"),
    ],
)
def test_common_task_maxima(december, command, reply):
    assert reply in december.admin(command)


def test_a_second_score_corrects_the_first_and_never_adds_past_the_maximum(december):
    december.admin("/共同任务 组织部 政研工作 25")
    reply = december.admin("/共同任务 组织部 政研工作 28")
    assert "原登记已撤销：#1 25 分。" in reply
    assert "组织部 2019 年共同任务合计 28 分，采用得分 0 分，年终合计 28 分。" in reply
    assert [(r["kind"], r["reverses"]) for r in december.rows("entries")] == [
        ("common_task", None),
        ("reversal", 1),
        ("common_task", None),
    ]


def test_common_tasks_are_for_admins_only(december):
    december.bind("wxid_zzb", "组织部")
    assert "已登记" not in december.say("wxid_zzb", "/共同任务 组织部 领导重视 10")
    assert december.rows("entries") == []


@pytest.fixture
def year_2019(svc, rec):
    rec.adoption("妇联", "上街信息", "专期", "2019-03-01", quantity=4)  # 40/40: completed
    rec.common_task("妇联", "领导重视", 10, "2019-12-31")
    rec.common_task("妇联", "政研工作", 30, "2019-12-31")
    rec.adoption("组织部", "郑州信息", "专期", "2019-04-01", quantity=3)  # 90/120
    rec.common_task("组织部", "领导重视", 10, "2019-12-31")
    rec.adoption("环保局", "上街信息", "专期", "2019-05-01", quantity=10)  # 100/100
    rec.deduction("环保局", "紧急信息特别重大", "2019-06-01")
    rec.deduction("环保局", "情节特别严重", "2019-06-01")  # 50/100, disqualified
    return svc.itemized_scoreboard(YEAR)


def test_the_annual_table_adds_common_tasks_and_ranks_by_the_annual_total(year_2019, svc):
    table = annual_table(year_2019, svc.config.rules)
    assert table.title == "上街区2019年度信息政研工作目标任务考核表"
    assert table.header[:9] == [
        "序号",
        "单位",
        "（一）共同任务-领导重视（10分）",
        "（一）共同任务-上报积极（10分）",
        "（一）共同任务-业务培训（10分）",
        "（一）共同任务-政研工作（30分）",
        "（一）共同任务-小计",
        "（二）采用目标任务-目标分值",
        "（二）采用目标任务-采用得分",
    ]
    assert table.header[-4:] == ["（二）采用目标任务-任务占比", "（二）采用目标任务-完成情况", "年终合计", "评先资格"]
    rows = {r[1]: dict(zip(table.header, r)) for r in table.rows}
    fu = rows["妇联"]
    assert (
        fu["序号"],
        fu["（一）共同任务-小计"],
        fu["（二）采用目标任务-采用得分"],
        fu["年终合计"],
        fu["（二）采用目标任务-完成情况"],
        fu["评先资格"],
    ) == (2, 40, 40, 80, "完成", "具备")
    zzb = rows["组织部"]
    assert (zzb["序号"], zzb["年终合计"], zzb["（二）采用目标任务-完成情况"]) == (1, 100, "未完成")
    assert zzb["评先资格"] == "不具备（未完成目标任务：累计得分还差 30 分）"
    assert (
        rows["环保局"]["评先资格"].startswith("不具备（#")
        and "紧急信息情节特别严重（取消当年评先资格）" in rows["环保局"]["评先资格"]
    )
    ranks = [a.unit for a in annual_rows(year_2019, svc.config.rules)][:2]
    assert ranks == ["组织部", "妇联"]  # 100 before 80: ranked by 年终合计


def research_done(harness, contact: str, unit: str, year: int) -> None:
    """The unit's research duties of the year: a 调研报告 and a 经验专期 in each half-year."""
    back = harness.clock.now()
    harness.bind(contact, unit)
    for month in (6, 12):
        harness.at(datetime(year, month, 10, 9, 0))
        harness.say(contact, f"#调研 7 【{unit}{month}月调研报告】正文")
        harness.say(contact, f"#调研 专期 【{unit}{month}月经验专期】正文")
    harness.at(back)


def test_year_end_command_lists_candidates(december):
    december.admin("/共同任务 妇联 领导重视 10")
    for i in range(4):
        december.admin(f"/采用 妇联 上街信息 专期 《妇联专期{i}》")
    reply = december.admin("/年终")
    assert "具备评先资格的先进单位候选（0 个，按年终合计）：无" in reply
    assert "\n· 妇联：未完成信息调研任务：2019 年未上报调研报告，未上报经验专期\n" in reply
    research_done(december, "wxid_fl", "妇联", 2019)
    reply = december.admin("/年终")
    assert reply.startswith("2019年度年终考核（年终合计＝共同任务＋采用得分），年底前为截至今天的预估：")
    assert "1. 妇联 年终合计 50（共同任务 10＋采用 40），任务占比 100%，完成" in reply
    # on 30 December the year is not over: the candidates are judged on the whole year's table
    assert "具备评先资格的先进单位候选（1 个，按年终合计）：妇联" in reply
    assert "年度应写成四位数字" in december.admin("/年终 去年")


def test_annual_csv_text_xlsx_and_docx(run, tmp_path):  # noqa: F811
    assert run("report", "--year", "2019", "--annual", "--format", "png").exit_code == 1
    text = run("report", "--year", "2019", "--annual", now="2020-01-10T10:00")
    assert text.exit_code == 0 and "上街区2019年度信息政研工作目标任务考核表" in text.output
    data = run("report", "--year", "2019", "--annual", "--format", "csv", now="2020-01-10T10:00").output
    header = next(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert "年终合计" in header and "评先资格" in header

    result = run("report", "--year", "2019", "--annual", "--format", "xlsx", now="2020-01-10T10:00")
    assert result.exit_code == 0, result.output
    path = Path(re.search(r"已写入 (\S+)（", result.output)[1])
    assert path.name == "年终考核表_2019.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["年终考核", "考核事项", "先进个人候选"]
    ws = book.active
    assert ws["A1"].value == "上街区2019年度信息政研工作目标任务考核表"
    assert [ws.cell(2, c).value for c in (1, 2, 3)] == ["序号", "单位", "（一）共同任务"]
    assert [ws.cell(3, c).value for c in range(3, 8)] == [
        "领导重视（10分）",
        "上报积极（10分）",
        "业务培训（10分）",
        "政研工作（30分）",
        "小计",
    ]
    assert ws.cell(2, 8).value == "（二）采用目标任务"
    items = book["考核事项"]
    assert [items.cell(2, c).value for c in (1, 2, 3)] == ["序号", "考核事项（单位）", "目标分值"]
    assert items.cell(3, 2).value == "领导重视" and items.cell(6, 3).value == "30分"
    assert items.cell(7, 1).value == "（二）采用目标任务 5" and items.cell(7, 3).value == "120分"

    result = run("report", "--year", "2018", "--annual", "--format", "xlsx", now="2020-01-10T10:00")
    items = load_workbook(Path(re.search(r"已写入 (\S+)（", result.output)[1]))["考核事项"]
    assert items.cell(7, 3).value == "120分（其中省委信息调研刊物采用得分20分，市委信息调研刊物采用得40分）"

    result = run(
        "report", "--year", "2019", "--annual", "--format", "docx", "--date", "2020-01-10", now="2020-01-10T10:00"
    )
    doc = Document(re.search(r"已写入 (\S+)（", result.output)[1])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2019年度各单位信息政研工作目标任务考核表" in text
    assert "0家单位完成目标任务" in text and "尚无单位具备评先资格" in text
    assert doc.tables[0].rows[1].cells[2].text == "领导重视（10分）"


def test_the_annual_docx_lists_the_research_prizes(run, tmp_path):  # noqa: F811
    assert run("report", "--year", "2019", "--annual", now="2020-01-10T10:00").exit_code == 0
    store = open_store(tmp_path / "data" / "infobot.db")
    with store.atomic():
        store.add_research_prize(
            {
                "unit": "济办",
                "year": 2019,
                "grade": "一等",
                "title": "关于城市精细化管理的调研",
                "recorded_by": "wxid_office_gaoge",
                "recorded_at": "2020-01-05T10:00:00+08:00",
            }
        )
    store.close()
    result = run(
        "report", "--year", "2019", "--annual", "--format", "docx", "--date", "2020-01-10", now="2020-01-10T10:00"
    )
    doc = Document(re.search(r"已写入 (\S+)（", result.output)[1])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "年终评出优秀调研成果奖：一等奖济办《关于城市精细化管理的调研》。" in text
    assert "3. 2019年度优秀调研成果奖名单" in text
    assert [c.text for c in doc.tables[-1].rows[1].cells] == ["1", "一等奖", "济办", "《关于城市精细化管理的调研》"]


def test_a_common_task_may_be_dated_any_day_of_this_year_in_chat_as_in_an_import(december):
    assert "已登记 #1：组织部 2019 年共同任务「领导重视」10 分" in december.admin(
        "/共同任务 组织部 领导重视 10 12月31日"
    )
    assert "晚于今天（2019年12月30日）" in december.admin("/共同任务 组织部 领导重视 9 2020-01-02")
    assert "晚于今天（2019年12月30日）" in december.admin("/采用 组织部 上街信息 单条 《标题》 12月31日")
    assert len(december.rows("entries")) == 1


def test_the_items_sheet_writes_text_that_looks_like_a_formula_as_text(tmp_path):
    import shutil

    from bot.reports.annual_xlsx import render_annual_xlsx
    from bot.services import Office
    from bot.settings import load_config
    from tests.conftest import CONFIG_DIR

    cfg = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, cfg)
    scoring = cfg / "scoring.yaml"
    scoring.write_text(scoring.read_text("utf-8").replace("      政研工作: 30", '      "=1+1": 30'), "utf-8")
    config = load_config(cfg)
    svc = Office(config, open_store(None), FixedClock(datetime(2019, 12, 30, 10, 0)))
    try:
        data = render_annual_xlsx(svc.itemized_scoreboard(YEAR), config.rules)
    finally:
        svc.store.close()
    items = load_workbook(io.BytesIO(data))["考核事项"]
    cell = next(c for row in items.iter_rows() for c in row if c.value == "=1+1")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
