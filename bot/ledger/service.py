"""Ledger: records facts and reversals, each call one transaction, stamped with who and when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.common.clock import Clock
from bot.model import facts
from bot.common.errors import AlreadyReversed, EntryError, NoSuchEntry, RepeatedFact, Step
from bot.model.facts import FIELDS, Draft, Entry
from bot.scoring.dedupe import title_key
from bot.store import Store


class Ledger:
    def __init__(self, store: Store, clock: Clock, name_of: Callable[[str], str] = str):
        self.store = store
        self.clock = clock
        self.name_of = name_of  # who recorded a fact, for people to read (高歌, not wxid_…)

    def record(self, drafts: list[Draft], by: str, again: bool = False) -> list[Entry]:
        """Record facts in one transaction. A fact equal to one already recorded is refused (RepeatedFact,
        nothing written) unless `again`: the person said it really happened once more (「再次」)."""
        if not by:
            raise ValueError("every fact records who entered it")
        drafts = [replace(d, item_key=title_key(d)) for d in drafts]
        with self.store.atomic():
            if not again:
                for draft in drafts:
                    if (earlier := self.same_fact(draft)) is not None:
                        raise RepeatedFact(earlier, self.name_of(earlier.recorded_by))
            return self.store.append(drafts, by, self.clock.now())

    def same_fact(self, draft: Draft) -> Entry | None:
        """A live fact already recorded that equals `draft` (same unit, kind, date, level/publication/grade,
        title, issue, quantity and note): recording it again would count it twice."""
        row = {name: getattr(draft, name) for name in FIELDS}
        row["date"] = draft.date.isoformat()
        found = self.store.same_fact(row)
        return self.store.entry(found["id"]) if found else None

    def live_deductions(self, unit: str, start, end) -> list[Entry]:
        """A unit's deductions in [start, end] that stand (not reversed)."""
        return self.store.live_deductions(unit, start.isoformat(), end.isoformat())

    def stage(self, drafts: list[Draft], batch: int) -> None:
        """A long import, off the live database: staged in batches (commit_staged then writes it at once)."""
        store = self.store
        store.start_staging()
        for start in range(0, len(drafts), batch):
            store.stage([replace(d, item_key=title_key(d)) for d in drafts[start : start + batch]])

    def commit_staged(self, by: str) -> list[Entry]:
        """Write every staged fact into the ledger, in the caller's transaction."""
        if not by:
            raise ValueError("every fact records who entered it")
        first, last = self.store.commit_staged(by, self.clock.now())
        return self.store.entries_between(first, last)

    def drop_staged(self) -> None:
        self.store.drop_staging()

    def entry(self, entry_id: int) -> Entry | None:
        return self.store.entry(entry_id)

    def existing(self, entry_id: int) -> Entry:
        """An entry known to be in the ledger (NoSuchEntry when it is not)."""
        found = self.store.entry(entry_id)
        if found is None:
            raise NoSuchEntry(entry_id)
        return found

    def reverse(self, entry_id: int, reason: str, by: str) -> Entry:
        """Cancel a fact with a reason; the fact stays in the ledger, marked by the reversal."""
        reason = (reason or "").strip()
        if not reason:
            raise EntryError("撤销须写明原因，", Step("reverse_with_reason"))
        with self.store.atomic():
            target = self.store.entry(entry_id) if 0 < entry_id < 2**63 else None
            if target is None:
                raise NoSuchEntry(entry_id)
            if target.kind == facts.REVERSAL:
                raise EntryError(f"#{entry_id} 本身是撤销记录，不能再撤销；如需恢复，请重新登记原事项。")
            earlier = self.store.reversal_of(entry_id)
            if earlier is not None:
                raise AlreadyReversed(entry_id, earlier)
            draft = Draft(facts.REVERSAL, target.unit, self.clock.now().date(), reverses=entry_id, note=reason)
            return self.store.append([draft], by, self.clock.now())[0]
