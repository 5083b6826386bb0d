"""Queries that keep a scoreboard current: what changed after a mark, and one unit's facts for scoring."""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from sqlite_utils import Database

from bot.model.facts import Entry


class UnitFactQueries:
    db: Database

    def ledger_mark(self) -> int:
        """The ledger's top id. Ids only grow: rows are never deleted, so every new fact lands above it."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]

    def units_changed(self, after: int, upto: int, start: date, end: date) -> set[str | None]:
        """Units whose facts dated in [start, end] changed with ids in (after, upto].

        That is the units of new facts, and of the facts that new reversals cancel (a reversal is dated
        the day it is made; what matters is the date of the fact it cancels).
        """
        params = {"after": after, "upto": upto, "start": start.isoformat(), "end": end.isoformat()}
        return {r[0] for r in self.db.execute(_CHANGED_SQL, params).fetchall()}

    def unit_facts_for_scoring(self, year_start: date, start: date, end: date, unit: str, itemized: bool,
                               keep_kinds: Iterable[str] = (), upto: int | None = None) -> list[Entry]:
        """`facts_for_scoring` for one unit's row, as the ledger stood at id `upto`.

        Kept one by one: every fact when `itemized`, else those whose reversal, dedupe or named deduction
        matters (each can only touch this unit's row: dedupe compares a unit's own adoptions). The rest is
        summed per (kind, publication, grade, …), with negative ids and the period's start as date.
        """
        params = {"ys": year_start.isoformat(), "start": start.isoformat(), "end": end.isoformat(),
                  "unit": unit, "keep": json.dumps(sorted(keep_kinds)), "upto": upto if upto is not None else 2 ** 62,
                  "itemized": int(itemized)}
        out = [_entry(r) for r in self.db.query(_UNIT_SINGLES_SQL, params)]
        if not itemized:
            params["singles"] = json.dumps([e.id for e in out])
            for n, row in enumerate(self.db.execute(_UNIT_SUMS_SQL, params).fetchall(), start=1):
                kind, qty, pub, grade, level, award, deduction, task, task_points = row
                out.append(Entry(kind, unit, start, qty, publication=pub, grade=grade, level=level, award_kind=award,
                                 deduction_kind=deduction, task=task, task_points=task_points, id=-n,
                                 recorded_by="（合计）"))
        out += [_entry(r) for r in self.db.query(_UNIT_REVERSALS_SQL, params)]
        return out


def _entry(row: dict) -> Entry:
    values = dict(row)
    values["date"] = date.fromisoformat(values["date"])
    values["recorded_at"] = datetime.fromisoformat(values["recorded_at"])
    return Entry(**values)


_CHANGED_SQL = """
SELECT unit FROM entries WHERE id > :after AND id <= :upto AND kind != 'reversal' AND date BETWEEN :start AND :end
UNION SELECT t.unit FROM entries r JOIN entries t ON t.id = r.reverses
WHERE r.id > :after AND r.id <= :upto AND t.date BETWEEN :start AND :end
"""

# Mirrors the store's _SINGLES_SQL for one unit: the unit's index keeps each branch to its own rows.
_UNIT_SINGLES_SQL = """
SELECT * FROM entries WHERE unit = :unit AND date BETWEEN :ys AND :end AND kind != 'reversal' AND id <= :upto
AND (:itemized OR id IN (
  SELECT id FROM entries WHERE unit = :unit AND kind = 'adoption' AND date BETWEEN :ys AND :end AND id <= :upto
    AND item_key IN (
      SELECT item_key FROM entries
      WHERE unit = :unit AND kind = 'adoption' AND item_key IS NOT NULL AND date BETWEEN :ys AND :end AND id <= :upto
      GROUP BY item_key HAVING count(*) > 1)
  UNION SELECT id FROM entries WHERE unit = :unit AND kind = 'adoption' AND date BETWEEN :ys AND :end AND id <= :upto
    AND submission_id IN (
      SELECT submission_id FROM entries WHERE unit = :unit AND kind = 'adoption' AND submission_id IS NOT NULL
      AND date BETWEEN :ys AND :end AND id <= :upto GROUP BY submission_id HAVING count(*) > 1)
  UNION SELECT t.id FROM entries r JOIN entries t ON t.id = r.reverses WHERE t.unit = :unit AND r.id <= :upto
  UNION SELECT id FROM entries WHERE unit = :unit AND kind = 'deduction' AND date BETWEEN :ys AND :end
    AND deduction_kind IN (SELECT value FROM json_each(:keep))))
ORDER BY id
"""

_UNIT_SUMS_SQL = """
SELECT kind, sum(quantity), publication, grade, level, award_kind, deduction_kind, task, sum(task_points)
FROM entries
WHERE unit = :unit AND date BETWEEN :start AND :end AND kind != 'reversal' AND id <= :upto
  AND id NOT IN (SELECT value FROM json_each(:singles))
GROUP BY kind, publication, grade, level, award_kind, deduction_kind, task
"""

_UNIT_REVERSALS_SQL = """
SELECT r.* FROM entries r JOIN entries t ON t.id = r.reverses
WHERE t.unit = :unit AND t.date BETWEEN :ys AND :end AND r.id <= :upto
"""
