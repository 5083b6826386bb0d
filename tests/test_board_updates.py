"""Boards brought up to date row by row after writes, reversals, imports and rollbacks equal boards built fact by fact."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.common.clock import FixedClock
from bot.ledger.boards import EVERY
from bot.scoring import Period, score
from bot.services import Office
from bot.store import Store, open_store
from tests.conftest import Record

UNITS = ["济办", "新安办", "环保局", "侨联", "公安局"]
PERIODS = [
    Period(date(2019, 1, 1), date(2019, 6, 30)),
    Period(date(2019, 3, 1), date(2019, 5, 31)),
    Period(date(2019, 2, 14), date(2019, 2, 20)),
    Period.whole_year(2018),
]
DETAILS = [None, "济办", "新安办", EVERY]  # EVERY: the itemized board (every unit's facts one by one)


class Rollback(Exception):
    pass


day = st.one_of(
    st.integers(0, 180).map(lambda n: date(2019, 1, 1) + timedelta(days=n)),
    st.just(date(2018, 12, 31)),
    st.just(date(2019, 7, 2)),
)
adoption = st.tuples(
    st.just("adoption"),
    st.sampled_from(UNITS),
    day,
    st.sampled_from(
        [("上街信息", "单条"), ("公众号", "简讯"), ("上街信息", "专期"), ("郑州信息", "单条"), ("豫情快报", "综合")]
    ),
    st.sampled_from([None, "题甲", "题乙", "《题 甲》", "题丙"]),
    st.sampled_from([None, None, 1, 2]),
    st.integers(1, 2),
)
other = st.tuples(
    st.sampled_from(["instruction", "training", "award", "deduction", "common_task"]),
    st.sampled_from(UNITS),
    day,
    st.integers(0, 2),
)
fact = st.one_of(adoption, adoption, other)
view = st.tuples(st.sampled_from(PERIODS), st.sampled_from(DETAILS))
step = st.one_of(
    st.tuples(st.just("write"), fact, view),
    st.tuples(st.just("import"), st.lists(fact, min_size=2, max_size=8), view),
    st.tuples(st.just("reverse"), st.integers(0, 10**6), view),
    st.tuples(st.just("rollback"), st.lists(fact, min_size=1, max_size=3), view),
    st.tuples(st.just("rollback_writing"), st.lists(fact, min_size=1, max_size=3), view),
    st.tuples(st.just("read"), st.none(), view),
)


def draft(svc: Office, f):
    kind, unit, on = f[0], f[1], f[2]
    if kind == "adoption":
        (pub, grade), title, submission, quantity = f[3], f[4], f[5], f[6]
        return svc.drafts.adoption(unit, pub, grade, on, title=title, submission_id=submission, quantity=quantity)
    pick = f[3]
    if kind == "instruction":
        return svc.drafts.instruction(unit, "省市区"[pick], on)
    if kind == "training":
        return svc.drafts.training(unit, pick + 1, on)
    if kind == "award":
        return svc.drafts.award(unit, None, on)
    if kind == "deduction":
        return svc.drafts.deduction(unit, ["约稿迟报", "情节特别严重", "紧急信息Ⅳ级"][pick], on)
    return svc.drafts.common_task(unit, "领导重视", pick * 4, on)


def assert_current(svc: Office, period: Period, detail: str | None) -> None:
    """The kept board equals the one `score` builds from every fact, one by one."""
    kept = svc.itemized_scoreboard(period) if detail == EVERY else svc.scoreboard(period, detail=detail)
    fresh = score(
        svc.store.facts_between(period.start.replace(month=1, day=1), period.end),
        svc.config.units,
        svc.config.rules,
        period,
    )
    assert {k: v for k, v in vars(kept).items() if k != "rows"} == {k: v for k, v in vars(fresh).items() if k != "rows"}
    assert [r.unit.name for r in kept.rows] == [r.unit.name for r in fresh.rows]
    for a, b in zip(kept.rows, fresh.rows):
        assert {k: v for k, v in vars(a).items() if k != "lines"} == {k: v for k, v in vars(b).items() if k != "lines"}
    if detail == EVERY:
        assert [r.lines for r in kept.rows] == [r.lines for r in fresh.rows]
    elif detail is not None:
        assert kept.row(detail).lines == fresh.row(detail).lines


def play(svc: Office, steps, check) -> None:
    """Apply random ledger steps, calling `check(view)` after each (and inside each transaction rolled back)."""
    rec = Record(svc)
    made = []
    for action, arg, view in steps:
        if action == "write":
            made += svc.ledger.record([draft(svc, arg)], "wxid_office", again=True)
        elif action == "import":
            made += svc.ledger.record([draft(svc, f) for f in arg], "wxid_office", again=True)
        elif action == "reverse" and made:
            target = made[arg % len(made)]
            if svc.store.reversal_of(target.id) is None:
                svc.ledger.reverse(target.id, "核对有误", by=rec.by)
        elif action.startswith("rollback"):
            # store.atomic() or the message's write transaction (BEGIN IMMEDIATE), both rolled back
            transaction = svc.store.atomic if action == "rollback" else svc.store.writing
            try:
                with transaction():
                    svc.ledger.record([draft(svc, f) for f in arg], "wxid_office", again=True)
                    if made:
                        target = made[-1]
                        if svc.store.reversal_of(target.id) is None:
                            svc.ledger.reverse(target.id, "核对有误", by=rec.by)
                    check(view)  # seen inside the transaction, then gone
                    raise Rollback
            except Rollback:
                continue  # the next step's ids reuse the rolled-back ones before anyone reads again
        check(view)


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_boards_follow_random_writes_reversals_imports_rollbacks_and_reads(config, steps):
    svc = Office(config, open_store(None), FixedClock(datetime(2019, 6, 30, 18, 0)))
    for views in PERIODS[:2]:
        assert_current(svc, views, None)
    play(svc, steps, lambda view: assert_current(svc, *view))
    svc.store.close()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=st.lists(step, min_size=1, max_size=25), period=st.sampled_from(PERIODS))
def test_the_itemized_board_follows_random_writes_reversals_imports_and_rollbacks(config, steps, period):
    """Read after every step, so nearly every read brings the kept itemized board up to date row by row."""
    svc = Office(config, open_store(None), FixedClock(datetime(2019, 6, 30, 18, 0)))
    assert_current(svc, period, EVERY)
    play(svc, steps, lambda view: assert_current(svc, period, EVERY))
    svc.store.close()


def test_a_write_rebuilds_only_its_row(svc, rec):
    rec.adoption("济办", "上街信息", "单条", "2019-03-01")
    assert svc.scoreboard().row("济办").total == 4
    built = svc.boards.full_builds
    rec.adoption("新安办", "郑州信息", "专期", "2019-03-02")
    rec.adoption("新安办", "郑州信息", "专期", "2019-03-02")
    board = svc.scoreboard()
    assert (board.row("新安办").total, board.row("新安办").rank, board.row("济办").rank) == (60, 1, 2)
    assert svc.scoreboard(detail="新安办").row("新安办").total == 60
    assert svc.boards.full_builds == built


def test_a_fact_from_another_process_is_seen(config, tmp_path, clock):
    path = tmp_path / "bot.db"
    ours = Office(config, open_store(path), clock)
    theirs = Office(config, open_store(path), clock)
    assert ours.scoreboard().row("济办").total == 0
    Record(theirs).adoption("济办", "上街信息", "单条", "2019-03-01")
    assert ours.scoreboard().row("济办").total == 4
    ours.store.close()
    theirs.store.close()


def test_a_ledger_from_before_the_kept_sums_scores_the_same(config, clock):
    """m017 fills the sums and item counts from the facts already in the ledger."""
    from sqlite_utils import Database

    from bot.store.database import Store
    from bot.store.schema import migrations

    db = Database(memory=True)
    migrations.apply(db, stop_before="m017_score_sums")
    old = Office(config, Store(db), clock)
    made = [
        old.ledger.record([draft(old, f)], "wxid_office", again=True)[0]
        for f in [
            ("adoption", "济办", date(2019, 3, 1), ("上街信息", "单条"), "题甲", None, 1),
            ("adoption", "济办", date(2019, 4, 1), ("公众号", "简讯"), "题甲", None, 2),
            ("adoption", "新安办", date(2019, 5, 1), ("郑州信息", "单条"), None, 1, 1),
            ("adoption", "新安办", date(2019, 5, 2), ("上街信息", "专期"), None, 1, 1),
            ("deduction", "侨联", date(2019, 2, 1), 1),
            ("common_task", "环保局", date(2019, 6, 1), 2),
            ("training", "公安局", date(2019, 1, 9), 2),
        ]
    ]
    old.ledger.reverse(made[-1].id, "核对有误", by="wxid_office")
    migrations.apply(db)
    svc = Office(config, Store(db), clock)
    for period in PERIODS:
        for detail in DETAILS:
            assert_current(svc, period, detail)
    assert svc.scoreboard().row("新安办").total == 20  # one item, counted once at its higher grade


def test_a_fact_read_then_rolled_back_is_not_scored_under_its_reused_id(svc, rec):
    # The store keeps facts it has read by id; a rolled-back fact's id goes to the next fact.
    try:
        with svc.store.atomic():
            gone = svc.ledger.record(
                [svc.drafts.adoption("济办", "郑州信息", "专期", date(2019, 3, 2), title="题甲")],
                "wxid_office",
                again=True,
            )[0]
            assert svc.scoreboard(detail="济办").row("济办").total == 30
            assert svc.itemized_scoreboard().row("济办").total == 30
            raise Rollback
    except Rollback:
        pass
    kept = svc.ledger.record(
        [svc.drafts.adoption("济办", "上街信息", "单条", date(2019, 3, 1), title="题甲")], "wxid_office", again=True
    )[0]
    assert kept.id == gone.id
    for detail in (None, "济办", EVERY):
        row = (svc.itemized_scoreboard() if detail == EVERY else svc.scoreboard(detail=detail)).row("济办")
        assert row.total == 4
        assert [ln.entry.publication for ln in row.lines] == ["上街信息"]


def assert_year_end_current(svc: Office, period: Period) -> None:
    """The year end from the kept boards and the kept ledger rows equals one computed by a fresh store and office
    on the same connection (no kept board, no row read before), inside a transaction too."""
    kept = svc.year_end.assessment(svc.itemized_scoreboard(period))
    fresh_office = Office(svc.config, Store(svc.store.db), svc.clock)
    fresh = fresh_office.year_end.assessment(
        score(
            fresh_office.store.facts_between(period.start.replace(month=1, day=1), period.end),
            svc.config.units,
            svc.config.rules,
            period,
        )
    )
    assert kept.rows == fresh.rows
    assert (kept.research, kept.liaisons, kept.people, kept.criticised) == (
        fresh.research,
        fresh.liaisons,
        fresh.people,
        fresh.criticised,
    )


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    steps=st.lists(step, min_size=1, max_size=20),
    period=st.sampled_from([PERIODS[0], Period.whole_year(2019), Period.whole_year(2018)]),
)
def test_the_year_end_follows_random_writes_reversals_imports_and_rollbacks(config, steps, period):
    svc = Office(config, open_store(None), FixedClock(datetime(2019, 6, 30, 18, 0)))
    assert_year_end_current(svc, period)
    play(svc, steps, lambda view: assert_year_end_current(svc, period))
    svc.store.close()
