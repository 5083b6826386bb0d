"""Scoring behaviour the office would notice: dedupe, reversals, periods, ratios, ranks, targets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.common.errors import AlreadyReversed, EntryError, NoSuchEntry
from bot.scoring import Period, PeriodError


def board(svc, start=None, end=None, detail="济办"):
    """A board that lists 济办's (or `detail`'s) facts one by one."""
    if start:
        return svc.scoreboard(Period(date.fromisoformat(start), date.fromisoformat(end)), detail=detail)
    return svc.scoreboard(detail=detail)


class TestDuplicatePublication:
    def test_same_item_in_paper_and_public_account_counts_once_at_higher_grade(self, svc, rec):
        rec.adoption("济办", "上街信息", "简讯", "2019-03-01", title="“一长三员”助力城市精细化管理")
        best = rec.adoption("济办", "公众号", "单条", "2019-03-02", title="《“一长三员” 助力城市精细化管理》")
        row = board(svc).row("济办")
        assert row.total == 4
        assert row.counts == {("区委采用", "单条"): 1}
        loser = [ln for ln in row.lines if not ln.counted]
        assert len(loser) == 1 and f"见 #{best.id}" in loser[0].note

    def test_equal_grades_count_the_earlier_one(self, svc, rec):
        first = rec.adoption("济办", "上街信息", "单条", "2019-03-01", title="标题甲")
        rec.adoption("济办", "公众号", "单条", "2019-03-05", title="标题甲")
        row = board(svc).row("济办")
        assert row.total == 4
        assert [ln.entry.id for ln in row.lines if ln.counted] == [first.id]

    def test_same_submission_is_the_same_item_even_with_other_titles(self, svc, rec):
        rec.adoption("济办", "上街信息", "专期", "2019-03-01", submission_id=7, title="长标题")
        rec.adoption("济办", "公众号", "单条", "2019-03-02", submission_id=7, title="短标题")
        assert board(svc).row("济办").total == 10

    def test_different_items_both_count(self, svc, rec):
        rec.adoption("济办", "上街信息", "单条", "2019-03-01", title="甲")
        rec.adoption("济办", "公众号", "单条", "2019-03-01", title="乙")
        assert board(svc).row("济办").total == 8

    def test_untitled_adoptions_never_merge(self, svc, rec):
        rec.adoption("济办", "上街信息", "单条", "2019-03-01")
        rec.adoption("济办", "公众号", "单条", "2019-03-01")
        assert board(svc).row("济办").total == 8

    def test_different_levels_add_up(self, svc, rec):
        for pub, grade in [("上街信息", "单条"), ("郑州信息", "单条"), ("工作交流", "单条")]:
            rec.adoption("新安办", pub, grade, "2019-04-01", title="依托路长制评选星级示范商户")
        row = board(svc).row("新安办")
        assert row.total == 4 + 10 + 20
        assert row.level_points == {"区": 4, "市": 10, "省": 20}

    def test_dedupe_is_per_unit(self, svc, rec):
        rec.adoption("济办", "上街信息", "单条", "2019-03-01", title="同名")
        rec.adoption("新安办", "公众号", "单条", "2019-03-01", title="同名")
        assert (board(svc).row("济办").total, board(svc).row("新安办").total) == (4, 4)


class TestReversal:
    def test_reversed_fact_scores_nothing_but_stays_in_the_ledger(self, svc, rec):
        keep = rec.adoption("环保局", "郑州信息", "单条", "2019-03-01")
        wrong = rec.adoption("环保局", "郑州信息", "专期", "2019-03-01")
        rev = svc.ledger.reverse(wrong.id, "应为单条，误登为专期", by="wxid_office")
        row = board(svc, detail="环保局").row("环保局")
        assert row.total == 10
        assert [(ln.entry.id, ln.counted) for ln in row.lines] == [(keep.id, True), (wrong.id, False)]
        assert f"#{rev.id}：应为单条，误登为专期" in row.lines[1].note
        assert svc.store.count_entries() == 3

    def test_reversing_twice_or_a_reversal_is_refused(self, svc, rec):
        e = rec.adoption("环保局", "郑州信息", "单条", "2019-03-01")
        rev = svc.ledger.reverse(e.id, "重复登记", by="wxid_office")
        with pytest.raises(AlreadyReversed, match="已于 .* 被 #") as err:
            svc.ledger.reverse(e.id, "再撤一次", by="wxid_office")
        assert (err.value.entry_id, err.value.reversal.id) == (e.id, rev.id)  # data a front can word its own way
        with pytest.raises(EntryError, match="本身是撤销记录"):
            svc.ledger.reverse(rev.id, "撤销撤销", by="wxid_office")
        with pytest.raises(EntryError, match="须写明原因"):
            svc.ledger.reverse(e.id, "  ", by="wxid_office")
        with pytest.raises(NoSuchEntry, match="没有记录号 #999"):
            svc.ledger.reverse(999, "不存在", by="wxid_office")
        assert svc.store.count_entries() == 2

    def test_reversal_removes_the_winner_so_the_duplicate_counts_again(self, svc, rec):
        rec.adoption("济办", "上街信息", "简讯", "2019-03-01", title="甲")
        best = rec.adoption("济办", "公众号", "单条", "2019-03-02", title="甲")
        svc.ledger.reverse(best.id, "登记错误", by="wxid_office")
        assert board(svc).row("济办").total == 2

    def test_ledger_rows_cannot_be_edited_or_deleted(self, svc, rec):
        e = rec.adoption("环保局", "郑州信息", "单条", "2019-03-01")
        with pytest.raises(Exception, match="append-only"):
            svc.store.db.execute("UPDATE entries SET grade = '专期' WHERE id = ?", [e.id])
        with pytest.raises(Exception, match="append-only"):
            svc.store.db.execute("DELETE FROM entries")

    def test_every_fact_records_who_and_when(self, svc, rec, clock):
        e = rec.adoption("环保局", "郑州信息", "单条", "2019-03-01")
        stored = svc.store.entry(e.id)
        assert stored.recorded_by == "wxid_office"
        assert stored.recorded_at == clock.now()


class TestPeriods:
    @pytest.fixture
    def spread(self, rec):
        for day in ["2018-12-31", "2019-01-01", "2019-06-30", "2019-07-01", "2019-12-31"]:
            rec.adoption("宣传部", "上街信息", "单条", day)

    def test_year_to_date_is_the_default(self, svc, spread):
        assert board(svc).row("宣传部").total == 8  # clock: 2019-06-30

    def test_boundaries_are_inclusive(self, svc, spread):
        assert board(svc, "2019-01-01", "2019-06-30").row("宣传部").total == 8
        assert board(svc, "2019-07-01", "2019-12-31").row("宣传部").total == 8
        assert board(svc, "2019-01-02", "2019-06-29").row("宣传部").total == 0
        assert svc.scoreboard(Period.whole_year(2019)).row("宣传部").total == 16
        assert svc.scoreboard(Period.whole_year(2018)).row("宣传部").total == 4

    def test_a_period_must_stay_within_one_year(self):
        with pytest.raises(PeriodError, match="跨年"):
            Period(date(2018, 12, 1), date(2019, 1, 31))
        with pytest.raises(PeriodError, match="晚于"):
            Period(date(2019, 5, 1), date(2019, 4, 1))

    def test_time_progress(self):
        assert Period.year_to_date(date(2019, 12, 31)).year_elapsed() == 1
        assert round(Period.year_to_date(date(2019, 7, 2)).year_elapsed(), 3) == 0.501  # day 183 of 365


class TestRatioAndRank:
    def test_ratio_rounds_half_up(self, svc, rec):
        rec.adoption("事务局", "上街信息", "单条", "2019-03-01", quantity=7)  # 28
        rec.adoption("事务局", "上街信息", "简讯", "2019-03-01", title="x")  # +2 → 30
        rec.training("事务局", 1, "2019-03-02")  # +15 → 45
        row = board(svc).row("事务局")
        assert row.total == 45 and row.target.total == 40
        assert row.percent == 113  # 112.5% → 113%

    @pytest.mark.parametrize(
        "total,target,percent", [(93, 120, 78), (31, 40, 78), (77, 100, 77), (0, 60, 0), (-5, 40, -13), (60, 80, 75)]
    )
    def test_percent_rounding(self, config, total, target, percent):
        from bot.scoring.board import UnitScore
        from bot.settings.units import Target

        row = UnitScore(unit=config.units.get("济办"), target=Target(target))
        row.adoption_points = total
        assert row.percent == percent

    def test_rank_by_ratio_then_total_then_config_order(self, svc, rec):
        rec.adoption("审计局", "郑州信息", "专期", "2019-03-01")  # 30/60 = 50%
        rec.adoption("济办", "郑州信息", "专期", "2019-03-01", quantity=2)  # 60/120 = 50%
        rec.adoption("中心办", "郑州信息", "专期", "2019-03-01", quantity=2)  # 60/120 = 50%, earlier in config
        rec.adoption("侨联", "上街信息", "单条", "2019-03-01", quantity=5)  # 20/40 = 50%
        rec.adoption("妇联", "上街信息", "单条", "2019-03-01", quantity=6)  # 24/40 = 60%
        top = [r.unit.name for r in board(svc).rows[:5]]
        assert top == ["妇联", "中心办", "济办", "审计局", "侨联"]
        assert [r.rank for r in board(svc).rows[:5]] == [1, 2, 2, 4, 5]  # equal 占比 and total: 并列

    def test_rank_uses_the_exact_ratio_not_the_rounded_one(self, svc, rec):
        rec.adoption("侨联", "上街信息", "简讯", "2019-03-01", quantity=15)  # 30/40 = 75%
        rec.adoption("人社局", "上街信息", "简讯", "2019-03-01", quantity=38)  # 76/100 = 76%
        rec.adoption("宣传部", "上街信息", "简讯", "2019-03-01", quantity=45)  # 90/120 = 75%
        names = [r.unit.name for r in board(svc).rows[:3]]
        assert names == ["人社局", "宣传部", "侨联"]

    def test_empty_ledger_ranks_in_config_order(self, svc, config):
        assert [r.unit.name for r in board(svc).rows] == [u.name for u in config.units.assessed(2019)]


class TestTargetsAndUnits:
    def test_2019_has_the_53_units_of_the_bulletin_with_their_targets(self, config):
        from pathlib import Path

        text = (Path(__file__).parent / "fixtures" / "2019-上半年信息工作情况通报-节选.txt").read_text()
        block = text.split("单位\t目标任务\n", 1)[1].split("\n\n", 1)[0]
        expected = dict(line.split("\t") for line in block.splitlines())
        assert len(expected) == 53
        got = {u.name: u.target_for(2019).total for u in config.units.assessed(2019)}
        assert got == {k: int(v) for k, v in expected.items()}

    def test_2018_roster_has_61_units_and_its_tiers(self, config):
        assessed = config.units.assessed(2018)
        assert len(assessed) == 61
        tiers = {(u.target_for(2018).total, u.target_for(2018).province, u.target_for(2018).city) for u in assessed}
        assert tiers == {(120, 20, 40), (100, 15, 30), (60, 10, 20), (40, 6, 10), (20, 4, 10)}
        assert config.units.get("国税局").target_for(2019) is None

    def test_a_later_year_carries_the_latest_targets_and_says_so(self, svc, rec, clock):
        from datetime import datetime

        clock.set(datetime(2026, 11, 22, 9, 0))
        rec.adoption("济办", "上街信息", "单条", "2026-03-01")
        b = board(svc)
        assert b.row("济办").target.total == 120 and b.row("济办").total == 4
        assert b.carried_targets == {2019}

    @pytest.mark.parametrize("typed", ["济办", "济  办", "济源路街道", " 济源路街道 ", "济源路办"])
    def test_aliases_and_stray_spaces(self, svc, rec, typed):
        rec.adoption(typed, "上街信息", "单条", "2019-03-01")
        assert board(svc).row("济办").total == 4

    def test_unknown_unit_names_near_matches_and_the_valid_ones(self, svc):
        with pytest.raises(EntryError) as err:
            svc.drafts.unit("济源路街道办事处", date(2019, 3, 1))
        assert "未知单位「济源路街道办事处」" in str(err.value) and "济办" in str(err.value)
        assert "共 53 个，如：中心办、产业集聚区管委会" in str(err.value)  # not all 53 names

    def test_a_unit_not_assessed_that_year_is_refused(self, svc):
        with pytest.raises(EntryError, match="国税局」2019 年度不在考核名单"):
            svc.drafts.unit("国税局", date(2019, 3, 1))
        assert svc.drafts.unit("国税局", date(2018, 3, 1)) == "国税局"

    def test_ambiguous_publication_asks_which_level(self, svc):
        with pytest.raises(EntryError, match="「要情汇报」不止一个，请写明：区委要情汇报、市委要情汇报"):
            svc.drafts.adoption("济办", "《要情汇报》", "单条", date(2019, 3, 1))

    def test_unknown_publication_and_grade_list_the_valid_ones(self, svc):
        with pytest.raises(EntryError, match="未知刊物「郑州日报」。.*可用：上街信息、上街信息微信公众号"):
            svc.drafts.adoption("济办", "郑州日报", "单条", date(2019, 3, 1))
        with pytest.raises(EntryError, match="《工作交流》的类型「简讯」。可用：单条、综合、专期"):
            svc.drafts.adoption("济办", "工作交流", "简讯", date(2019, 3, 1))


class TestSummedInSql:
    """The store sums interchangeable facts in SQL; the board must equal the one built fact by fact."""

    def test_summed_board_equals_the_fact_by_fact_board(self, svc, rec):
        import random

        from bot.scoring import score

        rng = random.Random(3)
        units = ["济办", "新安办", "环保局", "侨联", "公安局"]
        made = []
        for i in range(400):
            unit, day = rng.choice(units), date(2019, 1, 1) + timedelta(days=rng.randrange(0, 200))
            kind = rng.random()
            title = rng.choice([None, f"题{rng.randrange(30)}"])
            if kind < 0.6:
                pub, grade = rng.choice(
                    [
                        ("上街信息", "单条"),
                        ("公众号", "简讯"),
                        ("上街信息", "专期"),
                        ("郑州信息", "单条"),
                        ("豫情快报", "综合"),
                    ]
                )
                made.append(rec.adoption(unit, pub, grade, day, title=title, quantity=rng.choice([1, 1, 2])))
            elif kind < 0.7:
                made.append(rec.instruction(unit, rng.choice("省市区"), day))
            elif kind < 0.8:
                made.append(rec.training(unit, rng.randint(1, 3), day))
            elif kind < 0.9:
                made.append(rec.award(unit, day))
            else:
                made.append(rec.deduction(unit, rng.choice(["约稿迟报", "情节特别严重", "紧急信息Ⅳ级"]), day))
        for e in rng.sample(made, 25):
            svc.ledger.reverse(e.id, "抽查撤销", by="wxid_office")
        for start, end in [("2019-01-01", "2019-06-30"), ("2019-03-01", "2019-05-31"), ("2019-07-01", "2019-07-20")]:
            period = Period(date.fromisoformat(start), date.fromisoformat(end))
            one_by_one = score(
                svc.store.facts_between(date(2019, 1, 1), period.end), svc.config.units, svc.config.rules, period
            )
            for detail in (None, "济办"):
                summed = svc.scoreboard(period, detail=detail)
                for a, b in zip(summed.rows, one_by_one.rows):
                    assert (
                        a.unit.name,
                        a.total,
                        a.counts,
                        a.instruction_points,
                        a.training_persons,
                        a.award_count,
                        a.deduction_points,
                        a.disqualified,
                        a.rank,
                    ) == (
                        b.unit.name,
                        b.total,
                        b.counts,
                        b.instruction_points,
                        b.training_persons,
                        b.award_count,
                        b.deduction_points,
                        b.disqualified,
                        b.rank,
                    )
            assert svc.scoreboard(period, detail="济办").row("济办").lines == one_by_one.row("济办").lines

    def test_the_cache_follows_the_ledger(self, svc, rec):
        assert svc.scoreboard().row("济办").total == 0
        e = rec.adoption("济办", "上街信息", "单条", "2019-03-01")
        assert svc.scoreboard().row("济办").total == 4
        svc.ledger.reverse(e.id, "误登", by="wxid_office")
        assert svc.scoreboard().row("济办").total == 0


def test_an_item_adopted_by_submission_and_again_by_title_counts_once(bot):
    bot.bind("wxid_liaison_jiban", "济办")
    bot.say("wxid_liaison_jiban", "#报送 【一长三员助力精细化管理】正文")
    bot.admin("/采用 1 上街信息 单条")
    reply = bot.admin("/采用 济办 公众号 简讯 《一长三员 助力精细化管理》")
    assert "记 0 分：重复发表，只计最高成绩（见 #1 采用" in reply
    assert bot.app.office.scoreboard().row("济办").total == 4


def test_a_board_cached_inside_a_rolled_back_command_is_not_served_later(svc, rec):
    from bot.common.errors import EntryError

    try:
        with svc.store.atomic():
            rec.adoption("济办", "郑州信息", "专期", "2019-03-01")
            assert svc.scoreboard().row("济办").total == 30
            raise EntryError("rolled back")
    except EntryError:
        pass
    rec.adoption("济办", "上街信息", "单条", "2019-03-01")  # takes the freed id
    assert svc.scoreboard().row("济办").total == 4
