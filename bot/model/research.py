"""Research (调研) records the office keeps beside the ledger."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResearchPrize:
    """A year-end 优秀调研成果奖: not scored, listed with the annual report."""

    id: int
    unit: str
    year: int
    grade: str  # 一等, 二等, 三等
    title: str
