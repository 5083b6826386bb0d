"""The year's people and the year's truth: per-liaison figures, 评先 that follows every task, and the
facts the annual 通报 praises or criticises — one workflow the chat, the CLI and the desk all call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.model import facts
from bot.model.facts import Entry
from bot.model.liaisons import LiaisonYear
from bot.model.research import UnitResearch
from bot.office.emergencies import WRITTEN_WITHIN
from bot.office.research import MISSED_KIND, research_status
from bot.scoring.annual import AnnualRow, annual_rows
from bot.scoring import Period, Scoreboard
from bot.scoring.attainment import year_end
from bot.scoring.duties import research_gaps, research_reason
from bot.scoring.liaisons import People, liaison_year, people_candidates
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.store import Store


@dataclass(frozen=True)
class Assessment:
    """Everything the year-end outputs say, from one reading of the ledger."""

    board: Scoreboard  # itemized, whole year
    rows: list[AnnualRow]  # ranked by 年终合计, each with its 评先资格
    people: People  # 先进个人 candidates
    liaisons: LiaisonYear
    criticised: list[Entry]  # 情节特别严重: 取消评先资格 and 全区通报批评
    research: list[UnitResearch]  # each unit's 调研 up to the board's end (what the duties were judged on)

    @property
    def year(self) -> int:
        return self.board.period.year


class YearEnd:
    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store

    def liaisons(self, year: int) -> LiaisonYear:
        """Each liaison's figures for `year` (by contact, across unit changes); for chat, CLI and desk."""
        s = self.store
        adoptions = s.live_facts(facts.ADOPTION, date(year, 1, 1), date(year, 12, 31))
        return liaison_year(
            year,
            s.year_bindings(year),
            s.year_items(year),
            adoptions,
            s.year_answers(year),
            s.year_emergencies(year),
            self.config.rules.for_year(year),
            WRITTEN_WITHIN,
        )

    def duties(
        self, year: int, upto: date | None = None, research: list[UnitResearch] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Unit → the research duties it left undone by `upto` (31 December by default), worded as an
        eligibility reason; a confirmed 未完成年度投稿任务 deduction is evidence on its own. `research`:
        research_status(year, upto) when the caller already has it."""
        upto = upto or date(year, 12, 31)
        rules = self.config.rules.for_year(year)
        try:
            missed = [rules.deduction(MISSED_KIND).name]
        except UnknownName:
            missed = []
        confirmed: dict[str, list[int]] = {}
        for e in self.store.live_facts(facts.DEDUCTION, date(year, 1, 1), upto, missed) if missed else []:
            if e.unit is not None:  # read by unit below: one without a unit is never asked for
                confirmed.setdefault(e.unit, []).append(e.id)
        out: dict[str, tuple[str, ...]] = {}
        for work in research if research is not None else research_status(self.config, self.store, year, upto):
            reason = research_reason(year, research_gaps(work, rules.year_end), confirmed.get(work.unit, []))
            if reason:
                out[work.unit] = (reason,)
        return out

    def unit_duties(self, unit: str, period: Period) -> tuple[str, ...]:
        """One unit's undone research duties, when `period` reaches the year's end (else none are due yet)."""
        return self.duties(period.year, period.end).get(unit, ()) if year_end(period) else ()

    def severe(self, start: date, end: date) -> list[Entry]:
        """Live 情节特别严重 facts dated in [start, end] (each 取消当年评先资格 and 全区通报批评)."""
        kinds = sorted({k.name for rs in self.config.rules.rulesets for k in rs.deductions.values() if k.disqualifies})
        return self.store.live_facts(facts.DEDUCTION, start, end, kinds) if kinds else []

    def assessment(self, board: Scoreboard) -> Assessment:
        """The year-end figures of an itemized whole-year board."""
        year, upto = board.period.year, board.period.end
        research = research_status(self.config, self.store, year, upto)
        rows = annual_rows(board, self.config.rules, self.duties(year, upto, research))
        ineligible = {a.unit: "；".join(a.status.reasons) for a in rows if not a.status.eligible}
        liaisons = self.liaisons(board.period.year)
        people = people_candidates(liaisons, ineligible, self.config.rules.for_year(board.period.year).year_end)
        return Assessment(board, rows, people, liaisons, self.severe(board.period.start, board.period.end), research)
