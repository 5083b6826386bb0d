"""Every point value of the 2018 考评办法, checked against config/scoring.yaml by scoring real facts."""

from __future__ import annotations

import pytest

from bot.common.errors import EntryError
from bot.scoring import Period

# (publication as a person writes it, grade, points) — straight from the document's text.
ADOPTIONS = [
    ("上街信息", "单条", 4),
    ("上街信息", "简讯", 2),
    ("上街信息", "综合", 2),
    ("上街信息", "专期", 10),
    ("《上街信息》微信公众号", "单条", 4),
    ("微信公众号", "简讯", 2),
    ("公众号", "综合", 2),
    ("公众号", "专期", 10),
    ("区要情汇报", None, 10),
    ("《上街政研》", None, 30),
    ("郑州信息", "单条", 10),
    ("郑州信息", "简讯", 6),
    ("郑州信息", "综合", 6),
    ("郑州信息", "专期", 30),
    ("信息调研", "单条", 10),
    ("信息调研", "简讯", 6),
    ("信息调研", "综合", 6),
    ("信息调研", "专期", 30),
    ("市要情汇报", "单条", 20),
    ("市要情汇报", "综合", 15),
    ("今日郑州重要信息", "单条", 20),
    ("今日郑州重要信息", "综合", 15),
    ("紧急信息专报", "单条", 20),
    ("紧急信息专报", "综合", 15),
    ("工作交流", "单条", 20),
    ("工作交流", "综合", 12),
    ("工作交流", "专期", 60),
    ("综合与摘报", "单条", 20),
    ("综合与摘报", "综合", 12),
    ("综合与摘报", "专期", 60),
    ("豫情快报", "单条", 40),
    ("豫情快报", "综合", 30),
]


@pytest.mark.parametrize("pub,grade,points", ADOPTIONS)
def test_adoption_points(svc, rec, pub, grade, points):
    rec.adoption("济办", pub, grade, "2019-03-01", title=f"{pub}{grade}")
    assert svc.scoreboard().row("济办").total == points


@pytest.mark.parametrize("level,points", [("省", 40), ("市", 20), ("区", 10), ("省委", 40), ("市级", 20)])
def test_instruction_bonus(svc, rec, level, points):
    rec.instruction("环保局", level, "2019-04-02")
    row = svc.scoreboard().row("环保局")
    assert (row.instruction_points, row.total) == (points, points)


def test_training_is_15_per_person_time(svc, rec):
    rec.training("民政局", 3, "2019-05-05")
    row = svc.scoreboard().row("民政局")
    assert (row.training_persons, row.training_points) == (3, 45)


@pytest.mark.parametrize("kind", [None, "优质信息", "优秀调研文章"])
def test_awards_are_5_each(svc, rec, kind):
    rec.award("纪委监委", "2019-06-10", kind=kind, quantity=2)
    row = svc.scoreboard().row("纪委监委")
    assert (row.award_count, row.award_points) == (2, 10)


DEDUCTIONS = [
    ("约稿迟报", 5),
    ("约稿未按时报送", 5),
    ("约稿应付", 5),
    ("上报信息有误", 5),
    ("约稿拒不配合", 10),
    ("推诿扯皮", 10),
    ("紧急信息Ⅳ级", 20),
    ("紧急信息IV级", 20),
    ("紧急信息较大", 30),
    ("Ⅱ级", 40),
    ("特别重大（Ⅰ级）", 50),
    ("联系人变动未报", 3),
    ("政研任务未完成", 10),
    ("情节特别严重", 0),
]


@pytest.mark.parametrize("reason,points", DEDUCTIONS)
def test_deductions(svc, rec, reason, points):
    rec.adoption("商务局", "郑州信息", "专期", "2019-02-01")
    rec.deduction("商务局", reason, "2019-03-01")
    row = svc.scoreboard().row("商务局")
    assert row.deduction_points == -points
    assert row.total == 30 - points


def test_particularly_serious_emergency_removes_award_eligibility(svc, rec):
    rec.deduction("公安局", "紧急信息重大", "2019-03-01")
    e = rec.deduction("公安局", "情节特别严重", "2019-03-01")
    row = svc.scoreboard().row("公安局")
    assert row.total == -40
    assert row.disqualified == [f"#{e.id} 紧急信息情节特别严重"]
    assert not svc.scoreboard().row("商务局").disqualified


@pytest.mark.parametrize("task,top", [("领导重视", 10), ("上报积极", 10), ("业务培训", 10), ("政研工作", 30)])
def test_common_tasks_have_caps_and_count_only_at_year_end(svc, rec, task, top):
    rec.adoption("组织部", "上街信息", "单条", "2019-03-01")
    rec.common_task("组织部", task, top, "2019-12-31")
    with pytest.raises(EntryError, match=f"0 到 {top}"):
        svc.drafts.common_task("组织部", task, top + 1, svc.clock.now().date())
    row = svc.scoreboard(Period.whole_year(2019)).row("组织部")
    assert (row.total, row.common_task_points, row.year_end_total) == (4, top, 4 + top)


def test_weekly_quota_by_category(config):
    rules = config.rules.for_year(2019)
    fives = {u.name for u in config.units.assessed(2019) if rules.weekly_quota[u.category] == 5}
    assert fives == {"峡窝镇", "济办", "中心办", "新安办", "工业办", "矿山办", "产业集聚区管委会", "通航试验区管委会"}
    assert all(rules.weekly_quota[u.category] == 3 for u in config.units.assessed(2019) if u.name not in fives)


def test_rules_apply_by_the_year_they_take_effect(config):
    assert config.rules.for_year(2019) is config.rules.for_year(2018)
    with pytest.raises(LookupError, match="2017"):
        config.rules.for_year(2017)
