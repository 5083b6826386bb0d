"""Short chat-sized summaries of the scoreboard: one unit's score, and the ranking's ends."""

from __future__ import annotations

from bot.reports import standing
from bot.scoring import Scoreboard, UnitScore
from bot.scoring.attainment import completed, eligibility, parts_label, shortfalls
from bot.settings.rules import RuleBook

LEVEL_NAMES = {"区": "区级", "市": "市级", "省": "省级"}


def rank_text(board: Scoreboard, row: UnitScore) -> str:
    """「排名第 7/53 名」, or 「并列第 7 名（47 个单位并列）」 when others have the same 占比 and score:
    the config-order tie-break says nothing about their work."""
    tied = _tied(board, row)
    if tied < 2:
        return f"排名第 {row.rank}/{len(board.rows)} 名"
    return f"并列第 {row.rank}/{len(board.rows)} 名（{tied} 个单位并列）"


def _tied(board: Scoreboard, row: UnitScore) -> int:
    """How many units share the row's rank (the scoreboard gives tied units one rank)."""
    return sum(1 for r in board.rows if r.rank == row.rank)


def unit_summary(
    board: Scoreboard,
    row: UnitScore,
    rules: RuleBook,
    deduction_reasons: list[str] | None = None,
    duties: tuple[str, ...] = (),
) -> str:
    """`duties`: research duties left undone at the year's end (office/year_end.py), as 评先 reasons."""
    period = board.period
    lines = [
        f"{row.unit.name} 得分（{period.label}）",
        f"累计得分 {row.total} 分，目标 {row.target.total} 分"
        + (f"（沿用 {row.target.year} 年度）" if row.target.year != period.year else "")
        + f"，任务占比 {row.percent}%，"
        + rank_text(board, row),
        f"全年时间进度 {round(period.year_elapsed() * 100)}%，" + _attainment(row),
    ]
    by_level = _adoptions_by_level(row, rules.for_year(period.year))
    for level, text in by_level.items():
        sub = {"省": row.target.province, "市": row.target.city}.get(level)
        target = f"（目标 {sub} 分）" if sub else ""
        lines.append(f"{LEVEL_NAMES[level]}采用 {row.level_points.get(level, 0)} 分{target}：{text}")
    lines.append(
        f"加分：领导批示 {row.instruction_points}，培训学习 {row.training_points}"
        f"（{row.training_persons} 人次），优质信息 {row.award_points}（{row.award_count} 条）"
    )
    reasons = f"（{'；'.join(deduction_reasons)}）" if deduction_reasons else ""
    lines.append(f"扣分：{row.deduction_points}{reasons}" if row.deduction_points else "扣分：无")
    status = eligibility(row, period, standing.time_progress(board), duties)
    if not status.eligible:
        lines.append(f"评先资格：{status.label}")
    for risk in status.risks:
        lines.append(f"评先资格提醒：{risk}")
    return "\n".join(lines)


def _attainment(row: UnitScore) -> str:
    """已完成全年目标, or what is missing: the total's gap and any 省/市 part short of its target."""
    if completed(row):
        return "已完成全年目标（含省、市分目标）" if parts_label(row) else "已完成全年目标"
    missing = shortfalls(row)
    if not row.gap:
        return "累计得分已达目标，但" + "，".join(missing) + "，尚未完成全年目标"
    return "距全年目标" + "，".join(m.replace("累计得分", "") for m in missing)


def _adoptions_by_level(row: UnitScore, rules) -> dict[str, str]:
    level_of = {p.column: p.level for p in rules.publications.values()}
    parts: dict[str, list[str]] = {"区": [], "市": [], "省": []}
    for (column, grade), n in row.counts.items():
        if n:
            label = grade if column.endswith("采用") else f"{column}{'' if grade == '采用' else grade}"
            parts.setdefault(level_of.get(column, "区"), []).append(f"{label} {n}")
    return {lv: "、".join(items) if items else "无" for lv, items in parts.items()}


def _ranked(board: Scoreboard, r: UnitScore, with_parts: bool = False) -> str:
    parts = parts_label(r) if with_parts else ""
    place = f"并列第 {r.rank} 名" if _tied(board, r) > 1 else f"{r.rank}."
    return f"{place} {r.unit.name} {r.percent}%（{r.total}分{'，' + parts if parts else ''}）"


def ranking_summary(board: Scoreboard, highlight: str | None = None, size: int = 5) -> str:
    """The top and bottom five. Early in the year many units are tied at 0: showing five of them as 后五名
    would pick them arbitrarily, so when more than `size` units have no score they are counted, not listed."""
    rows = board.rows
    zero = [r for r in rows if r.total == 0]
    if len(zero) <= size:
        zero = []
    scored = [r for r in rows if r not in zero]
    lines = [f"任务占比排名（{board.period.label}，共 {len(rows)} 个单位）"]
    shown = scored[:size] + scored[size:][-size:]
    if scored:
        lines += ["前五名：", *[_ranked(board, r) for r in scored[:size]]]
    else:
        lines.append("还没有单位得分。")
    if scored[size:]:
        lines += ["后五名：", *[_ranked(board, r) for r in scored[size:][-size:]]]
    if zero:
        lines.append(f"尚未得分（0 分）的单位 {len(zero)} 个，并列第 {zero[0].rank} 名。")
    if highlight and all(r.unit.name != highlight for r in shown):
        mine = board.row(highlight)
        lines.append(
            f"本单位：{mine.unit.name} 尚未得分（{len(zero)} 个单位并列第 {mine.rank} 名）"
            if mine in zero
            else f"本单位：{_ranked(board, mine)}"
        )
    return "\n".join(lines)


def bulletin_summary(board: Scoreboard) -> str:
    """The monthly bulletin for the group: who has met the year's target, who is behind time, the ranking."""
    period = board.period
    done, behind = standing.exceeded(board), standing.behind(board)
    lines = [
        f"【信息工作通报】{period.label}各单位信息采用情况（共 {len(board.rows)} 个被考核单位）",
        f"全年时间进度 {standing.progress_label(board)}。",
        f"已完成全年目标任务（{len(done)} 个）：" + ("、".join(f"{r.unit.name} {r.percent}%" for r in done) or "无"),
        f"未达到时间进度（{len(behind)} 个）：" + ("、".join(f"{r.unit.name} {r.percent}%" for r in behind) or "无"),
    ]
    short = [r for r in board.rows if r.ratio >= 1 and not completed(r)]
    if short:
        lines.append(
            f"累计得分已达目标、省市分目标未完成（{len(short)} 个）："
            + "、".join(f"{r.unit.name}（{'，'.join(shortfalls(r))}）" for r in short)
        )
    # Like the 2019 notice: praise who leads, then ask the laggards to learn from them.
    # No praise for a unit whose 评先资格 is cancelled (情节特别严重, 二（三）).
    done = [r for r in done if not r.disqualified]
    praised = done or [r for r in board.rows[:3] if r.total > 0 and not r.disqualified]
    if praised:
        feat = "完成全年目标任务" if done else "任务占比位居前列"
        lines.append(f"{'、'.join(r.unit.name for r in praised)}{feat}，特此给予表扬。")
    if behind:
        lines.append(
            "请未按时间进度完成目标任务的单位"
            + ("向以上单位学习，" if praised else "")
            + "抓紧赶超，确保按时完成全年任务。"
        )
    with_parts = any(parts_label(r) for r in board.rows)
    lines.append(
        "排名（任务占比＝累计得分÷目标任务" + ("；省/市：省委、市委采用得分/分目标" if with_parts else "") + "）："
    )
    lines += [_ranked(board, r, with_parts) for r in board.rows]
    return "\n".join(lines)
