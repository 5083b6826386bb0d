"""Wires config, store, clock and ledger together; no globals, so tests inject their own."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.common.clock import Clock
from bot.ledger.boards import Scoreboards
from bot.ledger.drafts import DraftBuilder
from bot.ledger.importer import Importer
from bot.ledger.service import Ledger
from bot.office.common_tasks import CommonTasks
from bot.office.submissions import Submissions
from bot.reports.quality import QualityItem, quality_items
from bot.scoring import Period, Scoreboard, entry_points, score
from bot.jobs import JOBS  # noqa: F401 - the `@job` declarations the config's schedule is checked against
from bot.settings import Config, load_config
from bot.store import Store, open_store


@dataclass
class Services:
    config: Config
    store: Store
    clock: Clock
    ledger: Ledger = field(init=False)
    drafts: DraftBuilder = field(init=False)
    boards: Scoreboards = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.store, self.clock, self.config.bot.admin_name)
        self.drafts = DraftBuilder(self.config, self.clock)
        self.boards = Scoreboards(self.config, self.store)

    @property
    def importer(self) -> Importer:
        return Importer(self.ledger, self.drafts, CommonTasks(self.store, self.ledger, self.drafts),
                        Submissions(self.config, self.store, self.clock))

    def scoreboard(self, period: Period | None = None, detail: str | None = None) -> Scoreboard:
        """Year to date by default, as the monthly bulletin shows it.

        Only the `detail` unit's row lists its facts one by one (for explanations); other rows
        may hold sums. Boards are kept, and after a write only the rows it touches are recomputed.
        """
        return self.boards.board(period or Period.year_to_date(self.clock.now().date()), detail)

    def itemized_scoreboard(self, period: Period | None = None) -> Scoreboard:
        """Every unit's facts one by one (slower; for documents that quote individual facts)."""
        period = period or Period.year_to_date(self.clock.now().date())
        facts = self.store.facts_between(period.start.replace(month=1, day=1), period.end)
        return score(facts, self.config.units, self.config.rules, period)

    def quality_items(self, period: Period) -> list[QualityItem]:
        """优质信息 awarded in `period`, with the adoptions they refer to (looked up from the year before)."""
        facts = self.store.facts_between(date(period.year - 1, 1, 1), period.end)
        return quality_items(facts, period, self.config.rules)

    def ledger_problems(self) -> list[str]:
        """Stored facts the current config can no longer score (a renamed unit, a removed grade…)."""
        known = {u.name for u in self.config.units}
        units_file = self.config.directory / "units.yaml"
        scoring_file = self.config.directory / "scoring.yaml"
        problems = []
        for e in self.store.all_entries():
            if e.unit is not None and e.unit not in known:
                problems.append(f"#{e.id}：单位「{e.unit}」已不在 {units_file} 中")
                continue
            try:
                rules = self.config.rules.for_year(e.date.year)
                entry_points(e, rules)
            except KeyError as exc:  # a publication, grade or kind removed or renamed
                problems.append(f"#{e.id}（{e.date}）：{scoring_file} 的 rules.{rules.year} 中没有「{exc.args[0]}」")
            except LookupError as exc:
                problems.append(f"#{e.id}（{e.date}）：{exc}")
        return problems


def build_services(config_dir: str | Path, db_path: str | Path | None, clock: Clock) -> Services:
    config = load_config(config_dir)
    return Services(config, open_store(db_path), clock)
