"""Scoreboards kept current as facts arrive: after a write, only the rows it touches are recomputed.

Why this is exact. The ledger is append-only (triggers refuse UPDATE and DELETE) and ids come from
SQLite's rowid, which is one above the table's largest: every fact that becomes visible after a board
was made has an id above the board's mark (the top id when it was made). A board therefore stays
exact if we rebuild, from the ledger, the rows of every unit with a new fact above the mark (or whose
fact a new reversal cancels), and rank again. One exception: a rolled-back append takes facts away
that a board may have seen, and a later fact may reuse their ids. The store counts such rollbacks;
when the count moves, every kept board is dropped and rebuilt in full.

Itemized boards (every unit's facts one by one, for the year end and the documents that quote facts) are
kept and brought up to date the same way, with whole units' facts re-read instead of sums.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from bot.scoring import Period, Scoreboard, score
from bot.scoring.rescore import rescore
from bot.settings import Config
from bot.store import Store


EVERY = "*"  # the `detail` of an itemized board: every unit's facts one by one (no unit is named "*")


@dataclass(frozen=True)
class _Kept:
    board: Scoreboard
    mark: int  # the ledger's top id when the board was last brought up to date
    detail: str | None  # the unit whose row lists its facts one by one (EVERY: all rows do)


class Scoreboards:
    KEEP = 16  # boards kept (periods × detail units)
    MAX_CHANGED = 12  # past this many changed units, one full pass is cheaper than row by row

    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self._kept: OrderedDict[tuple[Period, str | None], _Kept] = OrderedDict()
        self._rollbacks = store.rollbacks
        self.full_builds = 0  # how many boards were computed from scratch (for tests and the benchmark)

    def board(self, period: Period, detail: str | None) -> Scoreboard:
        """The board of `period`, with `detail`'s facts one by one and other rows possibly summed."""
        if self.store.rollbacks != self._rollbacks:
            self._kept.clear()
            self._rollbacks = self.store.rollbacks
        with self.store.atomic():  # one read snapshot: the mark and the facts agree
            return self._board(period, detail)

    def itemized(self, period: Period) -> Scoreboard:
        """The board of `period` with every unit's facts one by one, kept like the others."""
        return self.board(period, EVERY)

    def _board(self, period: Period, detail: str | None) -> Scoreboard:
        mark = self.store.ledger_mark()
        key = (period, detail)
        kept = self._kept.get(key)
        if kept is not None and kept.mark == mark:
            return kept.board
        board = self._bring_up_to_date(period, detail, mark, kept) if mark < 2**62 else None
        if board is None:
            board = self._full(period, detail)
        self._kept[key] = _Kept(board, mark, detail)
        self._kept.move_to_end(key)
        while len(self._kept) > self.KEEP:
            self._kept.popitem(last=False)
        return board

    def clear(self) -> None:
        """Forget every kept board (the benchmark uses it to time a full build)."""
        self._kept.clear()

    def _bring_up_to_date(self, period: Period, detail: str | None, mark: int, kept: _Kept | None) -> Scoreboard | None:
        """The kept board (or another of the same period) with its changed rows rebuilt; None if not worth it."""
        units: set[str | None] = set()
        if kept is None:  # another detail unit's board: its itemized row and ours are rebuilt too
            kept = next(
                (
                    k
                    for (p, d), k in reversed(self._kept.items())
                    if p == period and k.mark <= mark and EVERY not in (d, detail)
                ),
                None,
            )
            if kept is None:
                return None
            units = {kept.detail, detail} - {None}
        if kept.mark > mark:  # the ledger shrank: only a rollback does that
            return None
        if kept.mark < mark:
            units |= self.store.units_changed(kept.mark, mark, date_from(period), period.end)
        names = {r.unit.name for r in kept.board.rows}
        changed = {u for u in units if u is not None}
        if len(changed) < len(units) or not changed <= names or len(changed) > self.MAX_CHANGED:
            return None  # a fact without a unit, or of a unit not assessed (an orphan): rebuild all
        if detail == EVERY:
            facts = self.store.itemized_facts(date_from(period), period.end, changed)
        else:
            facts = self.store.summed_facts(
                date_from(period), period.start, period.end, self._flagged(period), units=changed, detail=detail
            )
        return rescore(kept.board, changed, facts, self.config.units, self.config.rules)

    def _full(self, period: Period, detail: str | None) -> Scoreboard:
        self.full_builds += 1
        if detail == EVERY:
            return score(
                self.store.itemized_facts(date_from(period), period.end), self.config.units, self.config.rules, period
            )
        facts = self.store.summed_facts(
            date_from(period), period.start, period.end, self._flagged(period), detail=detail
        )
        return score(facts, self.config.units, self.config.rules, period)

    def _flagged(self, period: Period) -> set[str]:
        rules = self.config.rules.for_year(period.year)
        return {d.name for d in rules.deductions.values() if d.disqualifies}


def date_from(period: Period):
    """Dedupe looks back to 1 January: facts from then on can change the period's rows."""
    return period.start.replace(month=1, day=1)
