"""The pure year-end rules: research duties per the config switch, liaison figures, 先进个人 cuts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.model.facts import Entry
from bot.model.liaisons import EmergencyReport, LiaisonBinding, SentItem, SolicitationAnswer
from bot.model.research import UnitResearch
from bot.scoring.duties import research_gaps, research_reason
from bot.scoring.liaisons import liaison_year, people_candidates
from bot.settings.year_end import YearEndRules
from tests.test_config import edit, problems

T = datetime(2018, 3, 1, 10, 0)


def research(reports=(), specials=(), key_work=False, city=0, articles=0) -> UnitResearch:
    work = UnitResearch("济办", key_work)
    for h in reports:
        work.reports[h].append("报告")
    for h in specials:
        work.specials[h].append("专期")
    work.city_specials, work.articles = city, articles
    return work


@pytest.mark.parametrize(
    "work, rules, gaps",
    [
        (research(), YearEndRules(), ["未上报调研报告", "未上报经验专期"]),
        (research([1], [1, 2]), YearEndRules(), ["下半年未上报调研报告"]),
        (research([1], [1, 2]), YearEndRules(reports="per_year"), []),  # the lenient reading
        (research([2], []), YearEndRules(reports="per_year", specials="none"), []),
        (research([1, 2], [2]), YearEndRules(specials="per_year"), []),
        (
            research([1, 2], [1, 2], key_work=True),
            YearEndRules(),
            ["未在市级信息调研刊物发表专期", "未在《上街政研》发表调研文章"],
        ),
        (research([1, 2], [1, 2], key_work=True), YearEndRules(key_work_publications=False), []),
    ],
)
def test_research_gaps_follow_the_switch_with_the_stricter_reading_by_default(work, rules, gaps):
    assert research_gaps(work, rules) == gaps


def test_a_confirmed_deduction_is_enough_evidence():
    assert research_reason(2018, [], []) is None
    assert research_reason(2018, [], [23]) == "未完成信息调研任务：2018 年未完成年度投稿任务（#23 已扣分）"
    assert research_reason(2018, ["未上报调研报告"], []) == "未完成信息调研任务：2018 年未上报调研报告"


def test_a_bad_switch_is_named_in_chinese(cfg):  # noqa: F811
    edit(cfg / "scoring.yaml", "research_reports: per_half", "research_reports: 每季度")
    msg = problems(cfg)
    assert "rules.2018.year_end.research_reports" in msg and "per_half（每半年）、per_year（每年）" in msg


def adoption(id, unit, on, pub="郑州信息", grade="单条", submission_id=None, title=None) -> Entry:
    return Entry(
        "adoption",
        unit,
        on,
        publication=pub,
        grade=grade,
        submission_id=submission_id,
        title=title,
        id=id,
        recorded_by="a",
        recorded_at=T,
    )


def test_liaison_figures(config):
    rules = config.rules.for_year(2018)
    bindings = [
        LiaisonBinding("a", "甲", "济办", T, T + timedelta(days=100)),
        LiaisonBinding("a", "甲", "环保局", T + timedelta(days=100)),
        LiaisonBinding("old", "旧", "济办", datetime(2016, 1, 1), datetime(2017, 6, 1)),
    ]
    sent = [
        SentItem(1, "济办", "a", "一", T),
        SentItem(2, "济办", "a", "二", T),
        SentItem(3, "环保局", "a", "《三》", T + timedelta(days=120)),
        SentItem(4, "济办", "admin", "代登记", T, channel="电话"),
        SentItem(5, "济办", "a", "去年", datetime(2017, 12, 30)),
    ]
    entries = [
        adoption(10, "济办", date(2018, 3, 5), submission_id=1),
        adoption(11, "济办", date(2018, 3, 6), pub="上街信息", submission_id=1),
        adoption(12, "环保局", date(2018, 8, 1), title="三"),  # by title, after it was sent
        adoption(13, "济办", date(2018, 3, 5), submission_id=2),
        Entry("reversal", None, date(2018, 3, 7), reverses=13, id=14, recorded_by="a", recorded_at=T),
        adoption(15, "济办", date(2018, 3, 5), submission_id=4),  # the unit's, nobody's in particular
        adoption(16, "济办", date(2018, 1, 5), submission_id=5),
    ]  # an item of last year
    answers = [
        SolicitationAnswer(1, "济办", "a", T, T + timedelta(hours=1)),
        SolicitationAnswer(2, "济办", "a", T + timedelta(hours=2), T + timedelta(hours=1)),
    ]
    reports = [
        EmergencyReport(1, "济办", "a", T, T - timedelta(hours=2)),
        EmergencyReport(2, "济办", "a", T, T - timedelta(hours=3)),
        EmergencyReport(3, "济办", "a", T),
    ]
    year = liaison_year(2018, bindings, sent, entries, answers, reports, rules, timedelta(hours=2))
    assert [f.contact_id for f in year.liaisons] == ["a"] and year.proxied == 1
    a = year.liaisons[0]
    assert a.units == ("济办", "环保局") and a.unit == "环保局" and a.name == "甲"
    assert (a.sent, a.adopted, a.by_level, a.percent) == (3, 2, {"区": 1, "市": 2, "省": 0}, "66.7%")
    assert (a.solicitations, a.solicitations_on_time, a.emergencies, a.emergencies_in_time) == (2, 1, 3, 2)


def test_people_cut_keeps_ties_and_sets_ineligible_units_apart(config):
    rules = config.rules.for_year(2018)
    bindings = [LiaisonBinding(c, c, u, T) for c, u in (("a", "济办"), ("b", "环保局"), ("c", "宣传部"), ("d", "妇联"))]
    sent, entries = [], []
    plan = {"a": (4, 4), "b": (8, 4), "c": (5, 5), "d": (2, 2)}  # sent, adopted
    for contact, (n, adopted) in plan.items():
        unit = next(b.unit for b in bindings if b.contact_id == contact)
        for i in range(n):
            sid = len(sent) + 1
            sent.append(SentItem(sid, unit, contact, f"{contact}{i}", T))
            if i < adopted:
                entries.append(adoption(100 + sid, unit, date(2018, 3, 2), submission_id=sid))
    year = liaison_year(2018, bindings, sent, entries, [], [], rules, timedelta(hours=2))
    people = people_candidates(
        year, {"宣传部": "未完成信息调研任务：2018 年未上报调研报告"}, YearEndRules(people_min_adopted=3, people_top=1)
    )
    # by items: c (5); tie-free. By rate: a and c at 100% tie at the cut, both kept. d has only 2 items.
    assert [c.figures.contact_id for c in people.chosen] == ["a"]
    assert people.chosen[0].why == ("采用率前 1",)
    assert [(c.figures.contact_id, c.why) for c in people.excluded] == [("c", ("采用条数前 1", "采用率前 1"))]
    assert people.excluded[0].unit_ineligible.startswith("未完成信息调研任务")
