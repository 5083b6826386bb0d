"""One unit's score line by line, as a sheet: the same facts and points as `infobot explain`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.model.facts import KIND_LABELS
from bot.model.facts import describe
from bot.reports.explain import attainment_lines
from bot.scoring import Scoreboard, UnitScore

HEADER = ["记录号", "日期", "事项", "内容", "分值", "说明", "登记人", "登记时间", "来源"]
TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class UnitDetail:
    title: str
    header: list[str]
    rows: list[list[object]]  # one per fact, then the 合计 row
    notes: list[str]


def unit_detail(
    board: Scoreboard, row: UnitScore, who: Callable[[str], str] = str, duties: tuple[str, ...] = ()
) -> UnitDetail:
    lines = sorted(row.lines, key=lambda ln: (ln.entry.date, ln.entry.id))
    rows: list[list[object]] = []
    for line in lines:
        e = line.entry
        rows.append(
            [
                e.id,
                e.date,
                KIND_LABELS.get(e.kind, e.kind),
                describe(e),
                line.points if line.counted else 0,
                line.note,
                who(e.recorded_by),
                f"{e.recorded_at:%Y-%m-%d %H:%M}",
                e.source or "",
            ]
        )
    rows.append(
        [
            "",
            "",
            TOTAL_LABEL,
            f"累计得分（采用 {row.adoption_points}，领导批示 {row.instruction_points}，"
            f"培训学习 {row.training_points}，优质信息 {row.award_points}，扣分 {row.deduction_points}）",
            row.total,
            "",
            "",
            "",
            "",
        ]
    )
    notes = [f"目标任务 {row.target.total}，任务占比 {row.percent}%，排名 {row.rank}/{len(board.rows)}。"]
    notes += [f"{line}。" for line in attainment_lines(board, row, duties)]
    if not lines:
        notes.insert(0, "本期没有记录。")
    return UnitDetail(f"{row.unit.name}信息工作得分明细（{board.period.label}）", HEADER, rows, notes)
