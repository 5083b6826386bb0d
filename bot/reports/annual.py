"""The year-end assessment (附件2 目标任务考核表): 共同任务 + 采用得分 = 年终合计, attainment and 评先资格.

Pure functions of an itemized scoreboard for a whole year and the rules; the monthly and half-year
tables never show these columns (附件2 备注).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.reports.people import people_lines
from bot.reports.table import PARTS_COLUMN, BulletinTable, Column, Percent
from bot.scoring import Scoreboard
from bot.scoring.annual import AnnualRow, annual_rows, candidates
from bot.scoring.liaisons import People
from bot.scoring.attainment import completed, completion_label, parts, parts_label
from bot.settings.rules import RuleBook

COMMON_GROUP = "（一）共同任务"
ADOPTION_GROUP = "（二）采用目标任务"
SUBTOTAL = "小计"
ANNUAL_TOTAL = "年终合计"
ELIGIBILITY = "评先资格"
NOTE = (
    "全年成绩＝共同任务完成分数＋各单位采用信息成绩合计分值（附件2 备注）；排名按年终合计从高到低，"
    "相同时按任务占比、再按单位顺序。完成情况：累计得分达到目标分值且省、市分目标均达到。"
    "未完成信息调研任务或有情节特别严重的紧急信息迟报、漏报、瞒报的单位不予评先。"
)


def annual_table(board: Scoreboard, rules: RuleBook, rows: list[AnnualRow] | None = None) -> BulletinTable:
    """附件2's table; `rows` from annual_rows() with the research duties (without: the adoption target only)."""
    tops = rules.for_year(board.period.year).common_tasks
    rows = rows if rows is not None else annual_rows(board, rules)

    cols: list[Column[AnnualRow]] = [Column(None, "序号", lambda a: a.rank), Column(None, "单位", lambda a: a.unit)]
    for name, top in tops.items():
        cols.append(Column(COMMON_GROUP, f"{name}（{top}分）", _task_points(name)))
    cols.append(Column(COMMON_GROUP, SUBTOTAL, lambda a: a.common_total))
    cols += [
        Column(ADOPTION_GROUP, "目标分值", lambda a: a.row.target.total),
        Column(ADOPTION_GROUP, "采用得分", lambda a: a.row.total),
        Column(ADOPTION_GROUP, "任务占比", lambda a: Percent(a.row.percent)),
    ]
    if any(parts(r) for r in board.rows):
        cols.append(Column(ADOPTION_GROUP, PARTS_COLUMN, lambda a: parts_label(a.row)))
    cols += [
        Column(ADOPTION_GROUP, "完成情况", lambda a: completion_label(a.row)),
        Column(None, ANNUAL_TOTAL, lambda a: a.annual_total),
        Column(None, ELIGIBILITY, lambda a: a.status.label),
    ]
    body = [[c.value(a) for c in cols] for a in rows]
    done = sum(1 for r in board.rows if completed(r))
    notes = [NOTE, f"{len(board.rows)} 个被考核单位中，{done} 个完成目标任务，{len(candidates(rows))} 个具备评先资格。"]
    for year in sorted(board.carried_targets):
        notes.append(f"{board.period.year} 年度未另行下达目标任务，沿用 {year} 年度目标。")
    return BulletinTable(title=annual_title(board), columns=cols, rows=body, notes=notes)


def _task_points(name: str) -> Callable[[AnnualRow], int]:
    return lambda a: a.tasks.get(name, 0)


def annual_title(board: Scoreboard) -> str:
    return f"上街区{board.period.year}年度信息政研工作目标任务考核表"


def assessment_items(board: Scoreboard, rules: RuleBook) -> tuple[list[str], list[list[object]]]:
    """附件2 itself: the common tasks with their maxima, then the units grouped by target tier."""
    year = board.period.year
    header = ["序号", "考核事项（单位）", "目标分值"]
    rows: list[list[object]] = []
    tasks = rules.for_year(year).common_tasks
    for i, (name, top) in enumerate(tasks.items(), start=1):
        rows.append([f"{COMMON_GROUP} {i}", name, f"{top}分"])
    tiers: dict[tuple, list[str]] = {}
    for r in sorted(board.rows, key=lambda r: r.unit.order):
        t = r.target
        tiers.setdefault((t.total, t.province, t.city), []).append(r.unit.name)
    number = len(tasks) + 1
    for i, ((total, province, city), names) in enumerate(sorted(tiers.items(), key=lambda kv: -kv[0][0])):
        extra = []
        if province:
            extra.append(f"省委信息调研刊物采用得分{province}分")
        if city:
            extra.append(f"市委信息调研刊物采用得{city}分")
        target = f"{total}分" + (f"（其中{'，'.join(extra)}）" if extra else "")
        rows.append([f"{ADOPTION_GROUP} {number}" if i == 0 else "", "、".join(names), target])
    return header, rows


def annual_summary(
    board: Scoreboard,
    rules: RuleBook,
    rows: list[AnnualRow] | None = None,
    people: People | None = None,
    top: int = 10,
    provisional: bool = False,
) -> str:
    """For /年终: the top of the annual table, the 先进单位 candidates, who is not eligible and why,
    and the 先进个人 candidates with their figures."""
    rows = rows if rows is not None else annual_rows(board, rules)
    year = board.period.year
    lines = [
        f"{year}年度年终考核（年终合计＝共同任务＋采用得分）"
        + ("，年底前为截至今天的预估" if provisional else "")
        + "："
    ]
    for a in rows[:top]:
        r = a.row
        extra = f"，{parts_label(r)}" if parts_label(r) else ""
        lines.append(
            f"{a.rank}. {a.unit} 年终合计 {a.annual_total}（共同任务 {a.common_total}＋采用 {r.total}），"
            f"任务占比 {r.percent}%{extra}，{completion_label(r)}"
        )
    chosen = candidates(rows)
    lines.append(
        f"具备评先资格的先进单位候选（{len(chosen)} 个，按年终合计）：" + ("、".join(a.unit for a in chosen) or "无")
    )
    # Units that completed the target yet are not eligible: named with every reason.
    others = [a for a in rows if not a.status.eligible and (completed(a.row) or a.row.disqualified)]
    if others:
        lines.append(f"不具备评先资格（{len(others)} 个，已完成目标任务或评先资格被取消的）：")
        lines += [f"· {a.unit}：{'；'.join(a.status.reasons)}" for a in others]
    unfinished = sum(1 for a in rows if not completed(a.row) and not a.row.disqualified)
    lines.append(
        f"另有未完成目标任务、不予评先的单位 {unfinished} 个（原因见完整表格）。"
        f"完整表格：infobot report --year {year} --annual"
    )
    if people is not None:
        lines += people_lines(people)
    return "\n".join(lines)
