"""The year-end ranking (附件2): 共同任务 + 采用得分 = 年终合计, with each unit's 评先资格. Pure: an itemized
whole-year scoreboard, the rules and the research duties left undone in, ranked rows out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.model import facts
from bot.scoring.attainment import Eligibility, eligibility
from bot.scoring.board import Scoreboard, UnitScore
from bot.settings.rules import RuleBook


@dataclass(frozen=True)
class AnnualRow:
    """One unit's year-end figures, ranked by 年终合计."""

    row: UnitScore
    tasks: dict[str, int]
    rank: int
    status: Eligibility

    @property
    def unit(self) -> str:
        return self.row.unit.name

    @property
    def common_total(self) -> int:
        return sum(self.tasks.values())

    @property
    def annual_total(self) -> int:
        return self.row.total + self.common_total


def task_points(row: UnitScore, names: list[str]) -> dict[str, int]:
    """Each common task's points from the row's counted lines (an itemized board)."""
    out = dict.fromkeys(names, 0)
    for line in row.lines:
        e = line.entry
        if line.counted and e.kind == facts.COMMON_TASK and e.task is not None:
            out[e.task] = out.get(e.task, 0) + line.points
    return out


Duties = Mapping[str, tuple[str, ...]]  # unit → research duties left undone, worded (office/year_end.py)


def annual_rows(board: Scoreboard, rules: RuleBook, duties: Duties | None = None) -> list[AnnualRow]:
    names = list(rules.for_year(board.period.year).common_tasks)
    items = [(r, task_points(r, names)) for r in board.rows]
    items.sort(key=lambda it: (-(it[0].total + sum(it[1].values())), -it[0].ratio, it[0].unit.order))
    duties = duties or {}
    return [
        AnnualRow(r, tasks, i, eligibility(r, board.period, duties=duties.get(r.unit.name, ())))
        for i, (r, tasks) in enumerate(items, start=1)
    ]


def candidates(rows: list[AnnualRow]) -> list[AnnualRow]:
    """先进单位 candidates: eligible units (target and research duties done, no 情节特别严重), by annual rank."""
    return [a for a in rows if a.status.eligible]
