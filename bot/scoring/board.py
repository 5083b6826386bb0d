"""The scoreboard: per-unit figures and the lines behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from bot.model.facts import Entry
from bot.scoring.period import Period
from bot.settings.units import Target, Unit


@dataclass(frozen=True)
class ScoreLine:
    """One fact in a unit's score. `points` is what it adds; `note` says why it adds nothing."""

    entry: Entry
    points: int
    counted: bool = True
    note: str = ""


@dataclass
class UnitScore:
    unit: Unit
    target: Target
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (column, grade) → items
    level_points: dict[str, int] = field(default_factory=dict)  # 区/市/省 → adoption points
    adoption_points: int = 0
    instruction_points: int = 0
    training_persons: int = 0
    training_points: int = 0
    award_count: int = 0
    award_points: int = 0
    deduction_points: int = 0  # negative or zero
    common_task_points: int = 0  # year-end only; not part of 累计得分
    disqualified: list[str] = field(default_factory=list)
    lines: list[ScoreLine] = field(default_factory=list)
    rank: int = 0

    @property
    def total(self) -> int:
        """累计得分: adoptions, bonuses and deductions (the monthly bulletin's figure)."""
        return (
            self.adoption_points
            + self.instruction_points
            + self.training_points
            + self.award_points
            + self.deduction_points
        )

    @property
    def year_end_total(self) -> int:
        return self.total + self.common_task_points

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.total, self.target.total)

    @property
    def percent(self) -> int:
        """任务占比 as a whole percent, rounded half up (77.5% → 78%)."""
        exact = self.ratio * 100
        sign = -1 if exact < 0 else 1
        return sign * int(abs(exact) + Fraction(1, 2))

    @property
    def gap(self) -> int:
        return max(0, self.target.total - self.total)


@dataclass
class Scoreboard:
    period: Period
    rows: list[UnitScore]
    orphans: list[Entry] = field(default_factory=list)  # facts for units not assessed this year

    def row(self, unit_name: str) -> UnitScore:
        for r in self.rows:
            if r.unit.name == unit_name:
                return r
        raise KeyError(unit_name)

    @property
    def carried_targets(self) -> set[int]:
        """Years whose targets were carried into this one (none configured for it)."""
        return {r.target.year for r in self.rows if r.target.year != self.period.year}
