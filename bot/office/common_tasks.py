"""年终共同任务 (领导重视、上报积极、业务培训、政研工作): one score per unit, task and year.

A second score for the same task corrects the first: the earlier fact is reversed (with the reason)
and the new one recorded, in one transaction, so a task never adds up past its maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.ledger.drafts import DraftBuilder
from bot.ledger.service import Ledger
from bot.model.facts import Draft, Entry
from bot.store import Store


@dataclass(frozen=True)
class TaskScore:
    entry: Entry
    top: int
    replaced: list[tuple[int, int]]  # (entry id, points) of the scores it corrects


class CommonTasks:
    def __init__(self, store: Store, ledger: Ledger, drafts: DraftBuilder):
        self.store = store
        self.ledger = ledger
        self.drafts = drafts

    def score(self, unit: str, task: str, points: int, on: date, by: str) -> TaskScore:
        return self.record(self.drafts.common_task(unit, task, points, on), by)  # checks the task's maximum

    def record(self, draft: Draft, by: str) -> TaskScore:
        """A built 共同任务 draft (from chat or an imported row): replaces the unit's live score for that task."""
        on, task = draft.date, draft.task
        if task is None:
            raise ValueError("a 共同任务 draft without its task")
        top = self.drafts.config.rules.for_year(on.year).common_tasks[task]
        with self.store.atomic():
            earlier = self.store.live_common_tasks(draft.unit_name, task, on.year)
            for entry_id, _ in earlier:
                self.ledger.reverse(entry_id, f"共同任务「{task}」更正为 {draft.task_points} 分", by)
            entry = self.ledger.record([draft], by)[0]
        return TaskScore(entry, top, earlier)

    def grid(self, units: list[str], tasks: list[str], year: int) -> dict[tuple[str, str], int]:
        """Each unit's live score per task this year (cells not yet scored are absent)."""
        found = {}
        for unit in units:
            for task in tasks:
                live = self.store.live_common_tasks(unit, task, year)
                if live:
                    found[(unit, task)] = live[-1][1]
        return found
