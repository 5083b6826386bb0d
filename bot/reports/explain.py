"""Every fact behind one unit's score, line by line, adding up to the total shown."""

from __future__ import annotations

from collections.abc import Callable

from bot.model.facts import describe
from bot.scoring import Scoreboard, UnitScore
from bot.scoring.attainment import completion_label, eligibility, parts_label, shortfalls, year_end


def render_explain(
    board: Scoreboard, row: UnitScore, who: Callable[[str], str] = str, duties: tuple[str, ...] = ()
) -> str:
    """`who` turns the contact id that recorded a fact into a name people know (高歌)."""
    out = [f"{row.unit.name} 得分明细（{board.period.label}）", ""]
    if not row.lines:
        out.append("（本期没有记录）")
    for line in sorted(row.lines, key=lambda ln: (ln.entry.date, ln.entry.id)):
        e = line.entry
        pts = f"{line.points:+d}" if line.counted else "0"
        note = f"  ← {line.note}" if line.note else ""
        by = f"  [{who(e.recorded_by)} {e.recorded_at:%Y-%m-%d %H:%M}" + (f"，{e.source}" if e.source else "") + "]"
        out.append(f"#{e.id:<6} {e.date}  {describe(e)}  {pts}{note}{by}")
    out += [
        "",
        f"累计得分 {row.total}（采用 {row.adoption_points}，领导批示 {row.instruction_points}，"
        f"培训学习 {row.training_points}，优质信息 {row.award_points}，扣分 {row.deduction_points}）",
        f"目标任务 {row.target.total}，任务占比 {row.percent}%，排名 {row.rank}/{len(board.rows)}",
    ]
    out += attainment_lines(board, row, duties)
    return "\n".join(out) + "\n"


def attainment_lines(board: Scoreboard, row: UnitScore, duties: tuple[str, ...] = ()) -> list[str]:
    """目标完成情况 (with 省/市 parts), 共同任务 at year end, and 评先资格 when lost (`duties`: research
    duties left undone at the year's end)."""
    parts = parts_label(row)
    missing = shortfalls(row)
    lines = [
        f"目标完成情况：{completion_label(row)}"
        + (f"（省/市分目标 {parts}）" if parts else "")
        + (f"，{'，'.join(missing)}" if missing else "")
    ]
    if year_end(board.period) and row.common_task_points:
        lines.append(f"共同任务 {row.common_task_points}，年终合计 {row.year_end_total}")
    status = eligibility(row, board.period, duties=duties)
    if not status.eligible:
        lines.append(f"评先资格：{status.label}")
    return lines
