"""score(): facts + rules + targets → ranked scoreboard, the way the office computes it."""

from __future__ import annotations

from collections.abc import Iterable

from bot.model import facts
from bot.model.facts import Entry, describe
from bot.scoring.board import Scoreboard, ScoreLine, UnitScore
from bot.scoring.dedupe import superseded
from bot.scoring.period import Period
from bot.scoring.points import entry_points
from bot.settings.rules import RuleBook, RuleSet
from bot.settings.units import UnitDirectory


def score(entries: Iterable[Entry], units: UnitDirectory, rules: RuleBook, period: Period) -> Scoreboard:
    """Every assessed unit's figures for `period`, ranked.

    Rank: 任务占比 descending, then 累计得分 descending, then config order.
    Dedupe looks at the whole year up to the period's end, so a later, higher
    adoption of the same item supersedes an earlier one.
    """
    entries = list(entries)
    assessed = units.assessed(period.year)
    if not assessed:
        return Scoreboard(period=period, rows=[])
    year_rules = rules.for_year(period.year)  # every fact scored here is dated in this year
    reversals = {e.reverses: e for e in entries if e.kind == facts.REVERSAL}
    in_year = [e for e in entries if e.kind != facts.REVERSAL and e.date.year == period.year and e.date <= period.end]
    live = [e for e in in_year if e.id not in reversals]
    points = {e.id: entry_points(e, year_rules) for e in in_year}
    losers = superseded([e for e in live if e.kind == facts.ADOPTION], points, year_rules)
    by_id = {e.id: e for e in live}

    rows: dict[str, UnitScore] = {}
    for u in assessed:
        target = u.target_for(period.year)
        assert target is not None  # assessed() keeps the units with a target that year
        rows[u.name] = UnitScore(unit=u, target=target)
    board = Scoreboard(period=period, rows=[])
    for e in in_year:
        if e.date < period.start:
            continue
        row = rows.get(e.unit) if e.unit is not None else None
        if row is None:
            board.orphans.append(e)
            continue
        if e.id in reversals:
            r = reversals[e.id]
            row.lines.append(ScoreLine(e, 0, False, f"已撤销（#{r.id}：{r.note}）"))
        elif e.id in losers:
            row.lines.append(ScoreLine(e, 0, False, repeat_note(by_id[losers[e.id]])))
        else:
            row.lines.append(ScoreLine(e, points[e.id]))
            _add(row, e, points[e.id], year_rules)

    board.rows = rank(rows.values())
    return board


def repeat_note(winner: Entry, pending: bool = False) -> str:
    """Why an adoption counts 0 (重复发表的只计入最高成绩): the one wording, naming the adoption that counts
    instead (`pending`: one recorded together with it, that has no number yet)."""
    where = "同时登记的另一条" if pending else f" #{winner.id} {describe(winner)}"
    return f"重复发表，只计最高成绩（见{where}）"


def rank(rows: Iterable[UnitScore]) -> list[UnitScore]:
    """Rows in rank order, each with its rank set: 任务占比, then 累计得分, then config order.

    Equal 任务占比 and 累计得分 share a rank (并列), the same everywhere the rank is shown."""
    ranked = sorted(rows, key=lambda r: (-r.ratio, -r.total, r.unit.order))
    for i, row in enumerate(ranked, start=1):
        before = ranked[i - 2] if i > 1 else None
        row.rank = before.rank if before and (before.ratio, before.total) == (row.ratio, row.total) else i
    return ranked


def _add(row: UnitScore, e: Entry, pts: int, rules: RuleSet) -> None:
    """Adds a fact entry_points() has scored, so the fields its kind names it by are there."""
    if e.kind == facts.ADOPTION:
        assert e.publication is not None and e.grade is not None
        pub = rules.publications[e.publication]
        key = (pub.column, e.grade)
        row.counts[key] = row.counts.get(key, 0) + e.quantity
        row.level_points[pub.level] = row.level_points.get(pub.level, 0) + pts
        row.adoption_points += pts
    elif e.kind == facts.INSTRUCTION:
        row.instruction_points += pts
    elif e.kind == facts.TRAINING:
        row.training_persons += e.quantity
        row.training_points += pts
    elif e.kind == facts.AWARD:
        row.award_count += e.quantity
        row.award_points += pts
    elif e.kind == facts.DEDUCTION:
        assert e.deduction_kind is not None
        row.deduction_points += pts
        if rules.deductions[e.deduction_kind].disqualifies:
            row.disqualified.append(f"#{e.id} {e.deduction_kind}")
    elif e.kind == facts.COMMON_TASK:
        row.common_task_points += pts
