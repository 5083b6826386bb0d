"""Ledger facts. Points are never stored: they are derived from a fact plus the year's rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ADOPTION = "adoption"
INSTRUCTION = "instruction"
TRAINING = "training"
AWARD = "award"
DEDUCTION = "deduction"
COMMON_TASK = "common_task"
REVERSAL = "reversal"

KIND_LABELS = {
    ADOPTION: "采用",
    INSTRUCTION: "领导批示",
    TRAINING: "培训",
    AWARD: "优质信息",
    DEDUCTION: "扣分",
    COMMON_TASK: "共同任务",
    REVERSAL: "撤销",
}


@dataclass(frozen=True)
class Draft:
    """A fact about to be recorded, already resolved to canonical names."""

    kind: str
    unit: str | None
    date: date
    quantity: int = 1
    publication: str | None = None
    grade: str | None = None  # adoption: 单条/简讯/综合/专期/采用
    level: str | None = None  # instruction: 省/市/区
    award_kind: str | None = None  # award: 优质信息/优秀调研文章
    deduction_kind: str | None = None  # deduction: a key of scoring.yaml deductions
    task: str | None = None  # common_task: 领导重视/…
    task_points: int | None = None  # common_task: points the office gave
    issue: str | None = None  # 期数, e.g. 第20期
    title: str | None = None
    submission_id: int | None = None
    ref_id: int | None = None  # the adoption an instruction/award is about
    reverses: int | None = None  # reversal: the entry it cancels
    note: str | None = None  # reversal reason, deduction detail
    source: str | None = None  # e.g. 2019上半年.csv:12
    item_key: str | None = None  # adoption: its title as the dedupe rule compares it (an index for SQL)

    @property
    def unit_name(self) -> str:
        """The unit of a fact that has one (every fact the ledger records for a unit)."""
        if self.unit is None:
            raise ValueError(f"a {self.kind} fact without a unit")
        return self.unit


@dataclass(frozen=True)
class Entry(Draft):
    id: int = 0
    recorded_by: str = ""
    recorded_at: datetime = field(default=None)  # type: ignore[assignment]


FIELDS = [f for f in Draft.__dataclass_fields__]


def describe(e: Entry) -> str:
    """One fact in words, e.g. 采用《上街信息》单条 第20期《…》."""
    times = f" ×{e.quantity}" if e.quantity > 1 else ""
    title = f"《{e.title}》" if e.title else ""
    if e.kind == ADOPTION:
        issue = f" {e.issue}" if e.issue else ""
        return f"采用《{e.publication}》{e.grade}{times}{issue}{title}"
    if e.kind == INSTRUCTION:
        return f"{e.level}领导批示{times}{title}"
    if e.kind == TRAINING:
        return f"培训学习 {e.quantity} 人次" + (f"（{e.note}）" if e.note else "")
    if e.kind == AWARD:
        return f"{e.award_kind}{times}{title}"
    if e.kind == DEDUCTION:
        return f"扣分：{e.deduction_kind}{times}" + (f"（{e.note}）" if e.note else "")
    if e.kind == COMMON_TASK:
        return f"共同任务：{e.task}"
    return f"撤销 #{e.reverses}：{e.note}"
