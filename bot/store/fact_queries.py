"""Queries on the ledger's facts: the same fact recorded before, how many facts a period holds, a unit's deductions, the live adoptions
the 重复发表 rule weighs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlite_utils import Database

from bot.model.facts import Entry
from bot.store.rows import entry_of

# The fields that make two facts the same fact (besides unit, kind and date).
SAME_FACT_FIELDS = (
    "quantity",
    "publication",
    "grade",
    "level",
    "award_kind",
    "deduction_kind",
    "task",
    "task_points",
    "issue",
    "title",
    "note",
)


class FactQueries:
    db: Database
    _facts_by_id: Callable[[list[int]], list[Entry]]  # UnitFactQueries: ledger rows built once, then reused

    def same_fact(self, row: dict) -> dict | None:
        """The earliest live (not reversed) fact equal to `row` in unit, kind, date and SAME_FACT_FIELDS."""
        checks = " AND ".join(f"{name} IS ?" for name in SAME_FACT_FIELDS)
        found = list(
            self.db.query(
                f"SELECT id, date, recorded_at FROM entries e WHERE unit = ? AND date = ? AND kind = ? AND {checks} "
                "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id LIMIT 1",
                [row["unit"], row["date"], row["kind"], *(row.get(n) for n in SAME_FACT_FIELDS)],
            )
        )
        return found[0] if found else None

    def count_facts(self, start: str, end: str) -> int:
        """Facts (not reversals) dated in [start, end]: zero means nothing was recorded for that period."""
        return self.db.execute(
            "SELECT count(*) FROM entries WHERE kind != 'reversal' AND date BETWEEN ? AND ?", [start, end]
        ).fetchone()[0]

    def live_deductions(self, unit: str, start: str, end: str) -> list[Entry]:
        """A unit's deductions dated in [start, end] that were not reversed, oldest first."""
        return [
            entry_of(row)
            for row in self.db.query(
                "SELECT * FROM entries e INDEXED BY entries_unit_deductions "  # the unit's deductions, not its year
                "WHERE kind = 'deduction' AND unit = ? AND date BETWEEN ? AND ? "
                "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY date, id",
                [unit, start, end],
            )
        ]

    def live_adoptions(self, units: list[str], start: date, end: date) -> list[Entry]:
        """Adoptions of these units dated in [start, end] that were not reversed (what dedupe weighs)."""
        if not units:
            return []
        marks = ", ".join("?" * len(units))
        rows = self.db.query(
            f"SELECT * FROM entries e WHERE e.kind = 'adoption' AND e.unit IN ({marks}) AND e.date BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY e.id",
            [*units, start.isoformat(), end.isoformat()],
        )
        return [entry_of(row) for row in rows]

    def live_facts(self, kind: str, start: date, end: date, deduction_kinds: list[str] | None = None) -> list[Entry]:
        """Facts of `kind` (and, for deductions, of these kinds) dated in [start, end], not reversed."""
        which = ""
        if deduction_kinds is not None:
            which = f"AND deduction_kind IN ({', '.join('?' * len(deduction_kinds))}) "
        ids = [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM entries e WHERE kind = ? {which}AND date BETWEEN ? AND ? "
                "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY date, id",
                [kind, *(deduction_kinds or []), start.isoformat(), end.isoformat()],
            ).fetchall()
        ]
        return self._facts_by_id(ids)  # rows already read are reused (UnitFactQueries, dropped on a rollback)
