"""目标任务完成 with its 省/市 parts, and 评先资格, in every output that shows them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from bot.reports.csvfile import render_csv
from bot.reports.explain import render_explain
from bot.reports.summary import bulletin_summary, unit_summary
from bot.reports.table import bulletin_table
from bot.reports.text import render_text
from bot.scoring import Period, UnitScore
from bot.scoring.attainment import completed, eligibility, parts_label, shortfalls
from bot.settings.units import Target, Unit

YEAR_2018 = Period.whole_year(2018)
JUNE_2018 = Period(date(2018, 1, 1), date(2018, 6, 30))
TIER = Target(120, province=20, city=40, year=2018)


def row(total_district=0, province=0, city=0, target=TIER, disqualified=()):
    r = UnitScore(
        unit=Unit("纪委监委", 0, "部门"),
        target=target,
        level_points={"区": total_district, "省": province, "市": city},
        adoption_points=total_district + province + city,
    )
    r.disqualified.extend(disqualified)
    return r


@pytest.mark.parametrize(
    "district, province, city, done, missing, label",
    [
        (120, 0, 0, False, ["省级采用还差 20 分", "市级采用还差 40 分"], "省0/20 市0/40"),
        (60, 20, 40, True, [], "省20/20 市40/40"),
        (100, 20, 0, False, ["市级采用还差 40 分"], "省20/20 市0/40"),
        (0, 20, 40, False, ["累计得分还差 60 分"], "省20/20 市40/40"),
        (0, 60, 60, True, [], "省60/20 市60/40"),
    ],
)
def test_completion_needs_the_total_and_each_part(district, province, city, done, missing, label):
    r = row(district, province, city)
    assert (completed(r), shortfalls(r), parts_label(r)) == (done, missing, label)


def test_a_total_only_target_has_no_parts_and_the_ratio_stays_total_over_target():
    r = row(60, 0, 0, target=Target(40, year=2019))
    assert (completed(r), parts_label(r), r.percent) == (True, "", 150)
    assert row(120, 0, 0).percent == 100  # 任务占比 = total ÷ target even when a part is short


@pytest.mark.parametrize(
    "district, province, city, period, disq, eligible, reasons, risky",
    [
        (60, 20, 40, YEAR_2018, (), True, (), False),
        (120, 0, 0, YEAR_2018, (), False, ("未完成目标任务：省级采用还差 20 分，市级采用还差 40 分",), False),
        (
            60,
            20,
            40,
            YEAR_2018,
            ("#7 紧急信息情节特别严重",),
            False,
            ("#7 紧急信息情节特别严重（取消当年评先资格）",),
            False,
        ),
        (60, 10, 20, JUNE_2018, (), True, (), False),  # half the year, half of each part: on time
        (60, 0, 20, JUNE_2018, (), True, (), True),  # province part behind the time progress
        (10, 0, 0, JUNE_2018, (), True, (), True),
    ],
)
def test_eligibility(district, province, city, period, disq, eligible, reasons, risky):
    status = eligibility(row(district, province, city, disqualified=disq), period)
    assert (status.eligible, status.reasons, bool(status.risks)) == (eligible, reasons, risky)


def test_the_at_risk_reason_names_what_is_behind():
    status = eligibility(row(60, 0, 20), JUNE_2018)
    assert status.risks == (
        "省级采用 0/20 分落后于时间进度；目前累计得分还差 40 分，省级采用还差 20 分，"
        "市级采用还差 20 分，年底未完成目标任务的单位不予评先",
    )
    assert status.label == "具备"


@pytest.fixture
def year_2018(svc, rec):
    """纪委监委: 120 district points, nothing from the province or the city. 组织部: all three met."""
    for month in range(1, 11):
        rec.adoption("纪委监委", "上街信息", "专期", f"2018-{month:02d}-10", title=f"区级专期{month}")
        rec.adoption("纪委监委", "上街信息", "单条", f"2018-{month:02d}-11", title=f"区级单条{month}")
    rec.adoption("组织部", "上街信息", "专期", "2018-03-01", title="甲")
    rec.adoption("组织部", "工作交流", "单条", "2018-04-01")
    rec.adoption("组织部", "郑州信息", "专期", "2018-05-01")
    for day in (2, 3, 4):
        rec.adoption("组织部", "郑州信息", "单条", f"2018-05-0{day}")
    rec.adoption("组织部", "上街政研", None, "2018-06-01")
    return svc.scoreboard(YEAR_2018)


def test_a_2018_unit_with_enough_total_and_nothing_upstream_has_not_completed(year_2018, svc):
    r = year_2018.row("纪委监委")
    assert (r.total, r.percent) == (140, 117)
    text = unit_summary(year_2018, r, svc.config.rules)
    assert "已完成全年目标" not in text
    assert "累计得分已达目标，但省级采用还差 20 分，市级采用还差 40 分，尚未完成全年目标" in text
    assert "评先资格：不具备（未完成目标任务：省级采用还差 20 分，市级采用还差 40 分）" in text
    done = unit_summary(year_2018, year_2018.row("组织部"), svc.config.rules)
    assert "已完成全年目标" in done and "评先资格" not in done


def test_the_monthly_post_names_only_completed_units_and_shows_parts(year_2018):
    lines = bulletin_summary(year_2018).splitlines()
    assert lines[2] == "已完成全年目标任务（1 个）：组织部 100%"
    assert lines[4] == "累计得分已达目标、省市分目标未完成（1 个）：纪委监委（省级采用还差 20 分，市级采用还差 40 分）"
    assert any(line.endswith("纪委监委 117%（140分，省0/20 市0/40）") for line in lines)


def test_the_tables_show_the_parts_column(year_2018, svc):
    table = bulletin_table(year_2018, svc.config.rules)
    cells = {r["单位"]: r for r in csv.DictReader(io.StringIO(render_csv(table).decode("utf-8-sig")))}
    assert (cells["纪委监委"]["省/市分目标"], cells["组织部"]["省/市分目标"]) == ("省0/20 市0/40", "省20/20 市60/40")
    assert "年终合计" not in table.header and "共同任务" not in table.header
    assert "省0/20 市0/40" in render_text(table)


def test_explain_says_whether_the_target_is_completed(year_2018, svc):
    board = svc.scoreboard(YEAR_2018, detail="纪委监委")
    text = render_explain(board, board.row("纪委监委"))
    assert "目标完成情况：未完成（省/市分目标 省0/20 市0/40），省级采用还差 20 分，市级采用还差 40 分" in text
    assert "评先资格：不具备（未完成目标任务" in text


def test_a_half_year_table_never_shows_year_end_columns(svc, rec):
    rec.common_task("组织部", "政研工作", 25, "2019-03-31")
    rec.adoption("组织部", "上街信息", "单条", "2019-04-01")
    board = svc.scoreboard(Period(date(2019, 1, 1), date(2019, 6, 30)))
    header = bulletin_table(board, svc.config.rules).header
    assert "共同任务" not in header and "年终合计" not in header
    assert board.row("组织部").total == 4


# --- /紧急扣分 … 情节特别严重 -------------------------------------------------------------


@pytest.mark.parametrize("words", ["情节特别严重", "特别严重", "取消评先"])
def test_a_very_serious_emergency_removes_eligibility(bot, words):
    reply = bot.admin(f"/紧急扣分 妇联 特别重大 {words} 瞒报燃气爆炸")
    assert "妇联 扣分：紧急信息特别重大（瞒报燃气爆炸），-50 分" in reply
    assert "情节特别严重：已登记 #2，取消妇联2019年评先资格，并予全区通报批评：下一期每月通报随通报发到群里" in reply
    kinds = [r["deduction_kind"] for r in bot.rows("entries")]
    assert kinds == ["紧急信息特别重大", "紧急信息情节特别严重"]
    mine = bot.admin("/我的得分 妇联")
    assert "评先资格：不具备（#2 紧急信息情节特别严重（取消当年评先资格））" in mine
    assert "累计得分 -50 分" in mine


def test_an_ordinary_emergency_deduction_keeps_eligibility(bot):
    reply = bot.admin("/紧急扣分 妇联 特别重大 书面报告迟报")
    assert "情节特别严重" not in reply and len(bot.rows("entries")) == 1
    assert "评先资格：不具备" not in bot.admin("/我的得分 妇联")


def test_my_score_warns_mid_year_when_eligibility_is_at_risk(bot):
    reply = bot.admin("/我的得分 妇联")
    assert "评先资格提醒：任务占比 0% 低于时间进度 49%" in reply
