"""The Office: every service the fronts (chat, CLI, jobs) use, built once from config, store and clock.

Adding a service is one declaration here; App, the chat layer and the jobs reach it as `office.<name>`.
No globals, so tests inject their own config, store and clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from bot.common.clock import Clock
from bot.ledger.boards import Scoreboards
from bot.ledger.drafts import DraftBuilder
from bot.ledger.importer import Importer
from bot.ledger.service import Ledger
from bot.office.common_tasks import CommonTasks
from bot.office.desk_logins import DeskLogins
from bot.office.desk_writes import DeskWrites
from bot.office.editorial import Editorial
from bot.office.emergencies import Emergencies
from bot.office.liaison_changes import LiaisonChanges
from bot.office.members import Members
from bot.office.notices import Notices
from bot.office.pledges import Pledges
from bot.office.proposals import Proposals
from bot.office.research import Research
from bot.office.solicitations import Solicitations
from bot.office.submissions import Submissions
from bot.office.year_end import YearEnd
from bot.outbox.reply_limits import Replies
from bot.outbox.queue import Outbox
from bot.reports.issue_doc import write_issue_docx
from bot.reports.quality import QualityItem, quality_items
from bot.scoring import Period, Scoreboard, entry_points
from bot.settings import Config, load_config
from bot.store import Store, open_store


@dataclass(eq=False)
class Office:
    config: Config
    store: Store
    clock: Clock
    files_dir: Path = Path("data/attachments")

    # Each service is built on first use, once; one line each.
    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.store, self.clock, self.config.bot.admin_name)

    @cached_property
    def drafts(self) -> DraftBuilder:
        return DraftBuilder(self.config, self.clock)

    @cached_property
    def boards(self) -> Scoreboards:
        return Scoreboards(self.config, self.store)

    @cached_property
    def members(self) -> Members:
        return Members(self.config, self.store, self.clock)

    @cached_property
    def submissions(self) -> Submissions:
        return Submissions(self.config, self.store, self.clock, self.files_dir)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.store, self.clock)

    @cached_property
    def notices(self) -> Notices:
        return Notices(self.config, self.store, self.clock, self.outbox)

    @cached_property
    def proposals(self) -> Proposals:
        return Proposals(self.config, self.store, self.clock, self.ledger, self.drafts)

    @cached_property
    def solicitations(self) -> Solicitations:
        return Solicitations(self.store, self.clock, self.drafts, self.proposals)

    @cached_property
    def emergencies(self) -> Emergencies:
        return Emergencies(
            self.config, self.store, self.clock, self.submissions, self.ledger, self.drafts, self.proposals
        )

    @cached_property
    def liaison_changes(self) -> LiaisonChanges:
        return LiaisonChanges(self.config, self.store)

    @cached_property
    def common_tasks(self) -> CommonTasks:
        return CommonTasks(self.store, self.ledger, self.drafts)

    @cached_property
    def research(self) -> Research:
        return Research(self.config, self.store, self.clock, self.submissions, self.proposals)

    @cached_property
    def pledges(self) -> Pledges:
        return Pledges(self.config, self.store, self.clock)

    @cached_property
    def editorial(self) -> Editorial:
        return Editorial(
            self.config,
            self.store,
            self.clock,
            self.ledger,
            self.drafts,
            self.files_dir.parent / "issues",
            write_issue_docx,
        )

    @cached_property
    def year_end(self) -> YearEnd:
        return YearEnd(self.config, self.store)  # per-liaison figures, 评先 with duties

    @cached_property
    def replies(self) -> Replies:
        return Replies(self.outbox, self.config.bot.limits, self.clock, self.config.bot.admin_ids)

    @cached_property
    def desk_logins(self) -> DeskLogins:
        return DeskLogins(self.config, self.store, self.clock)

    @cached_property
    def desk_writes(self) -> DeskWrites:
        return DeskWrites(self.store, self.clock)

    @property
    def importer(self) -> Importer:
        return Importer(self.ledger, self.drafts, self.common_tasks, Submissions(self.config, self.store, self.clock))

    def scoreboard(self, period: Period | None = None, detail: str | None = None) -> Scoreboard:
        """Year to date by default, as the monthly bulletin shows it.

        Only the `detail` unit's row lists its facts one by one (for explanations); other rows
        may hold sums. Boards are kept, and after a write only the rows it touches are recomputed.
        """
        return self.boards.board(period or Period.year_to_date(self.clock.now().date()), detail)

    def itemized_scoreboard(self, period: Period | None = None) -> Scoreboard:
        """Every unit's facts one by one (for the year end and documents that quote individual facts); kept and
        brought up to date after writes like the other boards."""
        return self.boards.itemized(period or Period.year_to_date(self.clock.now().date()))

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


def build_office(config_dir: str | Path, db_path: str | Path | None, clock: Clock) -> Office:
    config = load_config(config_dir)
    return Office(config, open_store(db_path), clock)
