"""目标任务完成情况 and 评先资格: pure functions of a scoreboard row (+ its period), layered on the board.

附件2 gives each tier a total target 「其中省委信息调研刊物采用得分20分，市委…40分」: a unit has
completed its target only when its 累计得分 reaches the total AND its province and city adoption points
reach each configured part. 任务占比 stays 累计得分 ÷ total target, as the office publishes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.scoring.board import UnitScore
from bot.scoring.period import Period

# The parts a target may name, in the order the office writes them.
PARTS = (("省", "province"), ("市", "city"))
LEVEL_NAMES = {"省": "省级", "市": "市级"}
DONE, NOT_DONE = "完成", "未完成"
ELIGIBLE, INELIGIBLE = "具备", "不具备"


@dataclass(frozen=True)
class Part:
    """A configured 省/市 sub-target and the adoption points a unit has at that level."""

    level: str
    got: int
    target: int

    @property
    def met(self) -> bool:
        return self.got >= self.target

    @property
    def gap(self) -> int:
        return max(0, self.target - self.got)


def parts(row: UnitScore) -> list[Part]:
    """The unit's configured 省/市 parts (none for a target given as a total only)."""
    out = []
    for level, attr in PARTS:
        target = getattr(row.target, attr)
        if target:
            out.append(Part(level, row.level_points.get(level, 0), target))
    return out


def completed(row: UnitScore) -> bool:
    """The year's target is met: the total and every configured part."""
    return row.total >= row.target.total and all(p.met for p in parts(row))


def shortfalls(row: UnitScore) -> list[str]:
    """What is still missing, e.g. ["累计得分还差 20 分", "省级采用还差 20 分"]; empty when completed."""
    out = [f"累计得分还差 {row.gap} 分"] if row.gap else []
    out += [f"{LEVEL_NAMES[p.level]}采用还差 {p.gap} 分" for p in parts(row) if not p.met]
    return out


def parts_label(row: UnitScore) -> str:
    """Compact 省/市 attainment for a table cell: 「省10/20 市40/40」; empty when no part is configured."""
    return " ".join(f"{p.level}{p.got}/{p.target}" for p in parts(row))


def completion_label(row: UnitScore) -> str:
    return DONE if completed(row) else NOT_DONE


def year_end(period: Period) -> bool:
    """A period reaching 31 December judges the whole year's target."""
    return period.end == date(period.year, 12, 31)


@dataclass(frozen=True)
class Eligibility:
    """评先资格: lost for good (reasons), or at risk during the year (risks)."""

    eligible: bool
    reasons: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """For a table cell: 具备, or 不具备（reason；reason）."""
        return ELIGIBLE if self.eligible else f"{INELIGIBLE}（{'；'.join(self.reasons)}）"


def eligibility(
    row: UnitScore, period: Period, progress: Fraction | None = None, duties: tuple[str, ...] = ()
) -> Eligibility:
    """Whether the unit may be chosen 先进单位.

    Ineligible: a deduction that removes eligibility (情节特别严重), or, once the period reaches the end
    of the year, a target not completed (「未完成信息调研任务的单位不予评先」). Before then, a unit
    whose total or a part is behind the time progress (`progress`, the share of the year passed) is
    at risk, and told why. `duties`: the year's other 信息调研任务 left undone, already worded
    (scoring/duties.py); they count once the period reaches the end of the year.
    """
    reasons = [f"{d}（取消当年评先资格）" for d in row.disqualified]
    if year_end(period):
        if not completed(row):
            reasons.append("未完成目标任务：" + "，".join(shortfalls(row)))
        reasons += duties
        return Eligibility(not reasons, tuple(reasons))
    risks: list[str] = []
    if not reasons and not completed(row):
        share = progress if progress is not None else Fraction(period.year_elapsed()).limit_denominator(366)
        behind = []
        if row.ratio < share:
            behind.append(f"任务占比 {row.percent}% 低于时间进度 {round(float(share) * 100)}%")
        behind += [
            f"{LEVEL_NAMES[p.level]}采用 {p.got}/{p.target} 分落后于时间进度"
            for p in parts(row)
            if Fraction(p.got, p.target) < share
        ]
        if behind:
            risks.append(
                "，".join(behind) + "；目前" + "，".join(shortfalls(row)) + "，年底未完成目标任务的单位不予评先"
            )
    return Eligibility(not reasons, tuple(reasons), tuple(risks))
