"""The office's bulletin layout (附件3 通报表), as columns and rows every output format shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.scoring import Scoreboard, UnitScore
from bot.scoring.attainment import parts, parts_label
from bot.settings.rules import LEVEL_COLUMNS, RuleBook

# Grade columns of each level, in the office's order; 省委 has no 简讯.
LAYOUT = {
    "区委采用": ["单条", "综合", "简讯", "专期"],
    "市委采用": ["单条", "综合", "简讯", "专期"],
    "省委采用": ["单条", "综合", "专期"],
}
RESEARCH_COLUMN = "上街政研"
PARTS_COLUMN = "省/市分目标"


class Percent(int):
    """A whole percent (任务占比): an int for spreadsheets, shown as "78%" in text and CSV."""

    def __str__(self) -> str:
        return f"{int(self)}%"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def fraction(self) -> float:
        """78% as 0.78, the value a spreadsheet cell formatted 0% holds."""
        return int(self) / 100


R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a table whose rows are R (a UnitScore; AnnualRow in the year-end table)."""

    group: str | None  # the merged header above, e.g. 区委采用
    label: str  # e.g. 单条
    value: Callable[[R], object]

    @property
    def name(self) -> str:
        return f"{self.group}-{self.label}" if self.group else self.label


@dataclass(frozen=True)
class BulletinTable:
    title: str
    columns: list[Column[Any]]
    rows: list[list[object]]
    notes: list[str]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def bulletin_table(board: Scoreboard, rules: RuleBook) -> BulletinTable:
    cols = columns_for(board, rules)
    rows = [[c.value(r) for c in cols] for r in board.rows]
    return BulletinTable(title=title_for(board), columns=cols, rows=rows, notes=notes_for(board))


def title_for(board: Scoreboard) -> str:
    return f"上街区各单位信息采用情况通报表（{board.period.label}）"


def notes_for(board: Scoreboard) -> list[str]:
    notes = [
        "累计得分含采用、领导批示、培训学习、优质信息加分及扣分；任务占比＝累计得分÷目标任务，四舍五入到整数。",
        "各级采用、上街政研和优质信息列为条数，领导批示、培训学习和扣分列为分值。",
    ]
    if any(parts(r) for r in board.rows):
        notes.append(
            f"{PARTS_COLUMN}：省委、市委刊物采用得分/分目标；累计得分达到目标任务且省、市分目标均达到，"
            "才算完成全年目标任务。"
        )
    for year in sorted(board.carried_targets):
        notes.append(f"{board.period.year} 年度未另行下达目标任务，沿用 {year} 年度目标。")
    for row in board.rows:
        if row.disqualified:
            notes.append(f"{row.unit.name}：因 {'、'.join(row.disqualified)} 取消当年评先资格。")
    return notes


def _count(column: str, grade: str) -> Callable[[UnitScore], int]:
    return lambda r: r.counts.get((column, grade), 0)


def columns_for(board: Scoreboard, rules: RuleBook) -> list[Column[UnitScore]]:
    cols: list[Column[UnitScore]] = [
        Column(None, "序号", lambda r: r.rank),
        Column(None, "单位", lambda r: r.unit.name),
        Column(None, RESEARCH_COLUMN, lambda r: sum(n for (c, _), n in r.counts.items() if c == RESEARCH_COLUMN)),
    ]
    for group, grades in LAYOUT.items():
        cols += [Column(group, g, _count(group, g)) for g in grades]
    cols += _extra_adoption_columns(board, rules)
    cols += [
        Column(None, "领导批示", lambda r: r.instruction_points),
        Column(None, "培训学习", lambda r: r.training_points),
        Column(None, "优质信息", lambda r: r.award_count),
    ]
    if any(r.deduction_points for r in board.rows):
        cols.append(Column(None, "扣分", lambda r: r.deduction_points))
    cols += [
        Column(None, "累计得分", lambda r: r.total),
        Column(None, "目标任务", lambda r: r.target.total),
        Column(None, "任务占比", lambda r: Percent(r.percent)),
    ]
    # Year-end common tasks never show here: 附件2 备注 says the monthly tables carry only adoptions and
    # 政研; the annual table (bot/reports/annual.py) adds them.
    if any(parts(r) for r in board.rows):
        cols.append(Column(None, PARTS_COLUMN, parts_label))
    return cols


def _extra_adoption_columns(board: Scoreboard, rules: RuleBook) -> list[Column[UnitScore]]:
    """要情、问题建议类 and anything else the printed layout has no column for, when present."""
    present = {key for r in board.rows for key, n in r.counts.items() if n}
    fixed = {(g, grade) for g, grades in LAYOUT.items() for grade in grades}
    fixed |= {(RESEARCH_COLUMN, grade) for (c, grade) in present if c == RESEARCH_COLUMN}
    extra = present - fixed
    if not extra:
        return []
    # Order: by level (区, 市, 省), then as the publications are listed in scoring.yaml.
    order: dict[tuple[str, str], tuple[int, int, int]] = {}
    levels = list(LEVEL_COLUMNS)
    for rs in rules.rulesets:
        for i, pub in enumerate(rs.publications.values()):
            for j, grade in enumerate(pub.points):
                order.setdefault((pub.column, grade), (levels.index(pub.level), i, j))
    cols = []
    for column, grade in sorted(extra, key=lambda k: order.get(k, (9, 0, 0))):
        single = sum(1 for c, _ in order if c == column) == 1
        cols.append(
            Column(None, column, _count(column, grade)) if single else Column(column, grade, _count(column, grade))
        )
    return cols
