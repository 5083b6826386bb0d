"""Research (调研) as data: one unit's work in a year (调研报告, 经验专期, and the publications that count),
and the records the office keeps beside the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field

HALVES = {1: "上半年", 2: "下半年"}


@dataclass
class UnitResearch:
    """One unit's research work in a year, as far as it has gone."""

    unit: str
    key_work: bool
    reports: dict[int, list[str]] = field(default_factory=lambda: {1: [], 2: []})  # half → titles
    specials: dict[int, list[str]] = field(default_factory=lambda: {1: [], 2: []})
    city_specials: int = 0  # 专期 adopted by a city publication
    articles: int = 0  # 《上街政研》 adoptions

    @property
    def submitted_to_zhengyan(self) -> bool:
        """The year's 《上街政研》 submission: a research report sent, or an article published there."""
        return bool(self.reports[1] or self.reports[2] or self.articles)

    def missing(self, halves: list[int]) -> list[str]:
        out = []
        for h in halves:
            if not self.reports[h]:
                out.append(f"{HALVES[h]}调研报告")
            if not self.specials[h]:
                out.append(f"{HALVES[h]}经验专期")
        if self.key_work:
            if not self.city_specials:
                out.append("市级专期")
            if not self.articles:
                out.append("《上街政研》文章")
        return out


@dataclass(frozen=True)
class ResearchPrize:
    """A year-end 优秀调研成果奖: not scored, listed with the annual report."""

    id: int
    unit: str
    year: int
    grade: str  # 一等, 二等, 三等
    title: str
