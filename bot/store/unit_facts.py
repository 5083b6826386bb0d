"""Facts for scoring from the sums kept beside the ledger (m017), for one unit's row or for the whole board."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from bot.model.facts import COMMON_TASK, Entry

_KEY = ["kind", "publication", "grade", "level", "award_kind", "deduction_kind", "task"]


class UnitFactQueries:
    db: Database
    rollbacks: int  # the Store's count of rolled-back appends: a reused id may then name another fact

    # Facts already read, by id. The ledger is append-only (triggers refuse UPDATE and DELETE), so a
    # row read once never changes; only a rolled-back append can free an id for another fact, and
    # the cache is dropped when the Store counts one. A row is then built once, not on every read.
    _known: dict[int, Entry] | None = None
    _known_at: int = -1
    KNOWN_MAX = 100_000  # about a city year's singles and one itemized unit; then start again

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

    def summed_facts(
        self,
        year_start: date,
        start: date,
        end: date,
        keep_kinds: Iterable[str] = (),
        units: Collection[str] | None = None,
        detail: str | None = None,
    ) -> list[Entry]:
        """Facts for a scoreboard of [start, end] (or for the rows of `units`), summed where one by one makes no difference.

        Kept one by one: every fact of `detail_unit` (for explanations); reversed facts; adoptions that
        share a title or submission with another of their unit this year (the dedupe rule weighs them);
        deductions of `keep_kinds` (named in notes). The rest of [start, end] comes from the kept
        per-month and per-day sums, less those single facts: points are linear in quantity.
        Sums come back with negative ids and the period's start as their date.
        """
        params = {
            "ys": year_start.isoformat(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "year": str(start.year),
            "units": json.dumps(sorted(units or ())),
            "detail": detail,
            "keep": json.dumps(sorted(keep_kinds)),
        }
        which = "{t}unit IN (SELECT value FROM json_each(:units))" if units is not None else "{t}unit IS NOT NULL"
        where = {alias or "any": which.format(t=alias + "." if alias else "") for alias in ("", "t", "i")}
        out = []
        if detail is not None and (units is None or detail in units):
            out += self._entries((_ITEMIZED_SQL, params))
        if units is None or set(units) - {detail}:
            singles = self._entries((_SINGLES_SQL.format(**where), params))
            out += singles
            out += _sums(
                self.db.execute(_SUMS_SQL.format(spans=_spans(start, end, where["any"])), params),
                [e for e in singles if e.date >= start],
                start,
            )
        out += self._entries((_REVERSALS_SQL.format(t=where["t"]), params))
        return out

    def itemized_facts(self, year_start: date, end: date, units: Collection[str] | None = None) -> list[Entry]:
        """Facts dated in [year_start, end] and the reversals of any of them, one by one: what `facts_between`
        returns, or only the facts of `units` (and the reversals of their facts)."""
        params = {"ys": year_start.isoformat(), "end": end.isoformat(), "units": json.dumps(sorted(units or ()))}
        which = "unit IN (SELECT value FROM json_each(:units))" if units is not None else "1"
        return self._entries((_YEAR_SQL.format(which=which), params)) + self._entries(
            (_REVERSALS_SQL.format(t="t." + which if units is not None else which), params)
        )

    def _entries(self, query: tuple[str, dict]) -> list[Entry]:
        """The facts `query` selects (one ledger row each, in its order), built once and then reused."""
        sql, params = query
        ids = [r[0] for r in self.db.execute(f"SELECT id FROM ({sql})", params).fetchall()]
        if sql.rstrip().endswith("ORDER BY id"):  # an outer ORDER BY would cost the inner query its index
            ids.sort()
        return self._facts_by_id(ids)

    def _facts_by_id(self, ids: list[int]) -> list[Entry]:
        """The facts of these ledger ids, in that order: each row is read and built once, then reused."""
        if self._known is None or self._known_at != self.rollbacks or len(self._known) > self.KNOWN_MAX:
            self._known, self._known_at = {}, self.rollbacks
        known = self._known
        missing = [i for i in ids if i not in known]
        if missing:
            cursor = self.db.execute(
                "SELECT * FROM entries WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(missing)]
            )
            known.update((e.id, e) for e in _entries(cursor))
        return [known[i] for i in ids]


def _sums(rows, singles: list[Entry], start: date) -> list[Entry]:
    """Sum facts (negative ids, dated `start`) from the kept sums, less the facts returned one by one."""
    sums = {}
    for unit, *key, n, qty, points in rows:
        sums[(unit, *(v if v != "" else None for v in key))] = [n, qty, points]
    for e in singles:
        left = sums[(e.unit, *(getattr(e, k) for k in _KEY))]
        left[0] -= 1
        left[1] -= e.quantity
        left[2] -= e.task_points or 0
    out: list[Entry] = []
    for (unit, *key), (n, qty, points) in sums.items():
        if n:
            fields = dict(zip(_KEY, key))
            kind = fields.pop("kind")
            out.append(
                Entry(
                    kind,
                    unit,
                    start,
                    qty,
                    **fields,
                    task_points=points if kind == COMMON_TASK else None,
                    id=-len(out) - 1,
                    recorded_by="（合计）",
                )
            )
    return out


def _spans(start: date, end: date, which: str) -> str:
    """The entry_sums rows (of units `which`) that cover [start, end]: whole months by month, the rest by day."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    last = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
    if first > last:
        return _union([f"span BETWEEN 'd{start}' AND 'd{end}'"], which)
    ranges = [f"span BETWEEN 'm{first:%Y-%m}' AND 'm{last:%Y-%m}'"]
    if start < first:
        ranges.append(f"span BETWEEN 'd{start}' AND 'd{first - timedelta(days=1)}'")
    if last < end:
        ranges.append(f"span BETWEEN 'd{last + timedelta(days=1)}' AND 'd{end}'")
    return _union(ranges, which)


def _union(ranges: list[str], which: str) -> str:
    table = "entry_sums" if "json_each" in which else "entry_sums INDEXED BY entry_sums_span"
    return " UNION ALL ".join(f"SELECT * FROM {table} WHERE {which} AND {r}" for r in ranges)


def _entries(cursor) -> list[Entry]:
    """Ledger rows as facts, without a dict per row (a unit's row may need hundreds of them)."""
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        values = dict(zip(names, row))
        values["date"] = date.fromisoformat(values["date"])
        values["recorded_at"] = datetime.fromisoformat(values["recorded_at"])
        out.append(Entry(**values))
    return out


# CROSS JOIN keeps SQLite's join order: from the few rows that matter (new ids, repeated items, reversals)
# to the facts, never the other way round through a unit's or a year's index.
_CHANGED_SQL = """
SELECT unit FROM entries WHERE id > :after AND id <= :upto AND kind != 'reversal' AND date BETWEEN :start AND :end
UNION SELECT t.unit FROM entries r CROSS JOIN entries t ON t.id = r.reverses
WHERE r.id > :after AND r.id <= :upto AND r.reverses IS NOT NULL AND t.date BETWEEN :start AND :end
"""

_YEAR_SQL = """
SELECT * FROM entries WHERE date BETWEEN :ys AND :end AND kind != 'reversal' AND {which} ORDER BY id
"""

_ITEMIZED_SQL = """
SELECT * FROM entries WHERE unit = :detail AND date BETWEEN :ys AND :end AND kind != 'reversal' ORDER BY id
"""

# Facts to weigh one by one, found through the kept counts and small indexes rather than a scan of the year.
_SINGLES_SQL = """
SELECT * FROM entries WHERE id IN (
  SELECT e.id FROM entry_items i INDEXED BY entry_items_repeated CROSS JOIN entries e INDEXED BY entries_item_key
    ON e.unit = i.unit AND e.item_key = substr(i.item, 2)
    WHERE i.year = :year AND {i} AND i.adoptions > 1 AND substr(i.item, 1, 1) = 'k' AND e.kind = 'adoption'
  UNION SELECT e.id FROM entry_items i INDEXED BY entry_items_repeated CROSS JOIN entries e INDEXED BY entries_submission
    ON e.submission_id = CAST(substr(i.item, 2) AS INTEGER)
    WHERE i.year = :year AND {i} AND i.adoptions > 1 AND substr(i.item, 1, 1) = 's' AND e.kind = 'adoption'
    AND e.unit = i.unit
  UNION SELECT t.id FROM entries r CROSS JOIN entries t ON t.id = r.reverses WHERE r.reverses IS NOT NULL AND {t}
  UNION SELECT id FROM entries INDEXED BY entries_unit_deductions WHERE kind = 'deduction' AND {any}
    AND deduction_kind IN (SELECT value FROM json_each(:keep)) AND date BETWEEN :ys AND :end)
AND date BETWEEN :ys AND :end AND kind != 'reversal' AND unit IS NOT :detail
ORDER BY id
"""

# Each span range is its own index range: by (unit, span) for some units, by span for all.
_SUMS_SQL = """
SELECT unit, kind, publication, grade, level, award_kind, deduction_kind, task,
       sum(facts), sum(quantity), sum(task_points)
FROM ({spans}) WHERE unit IS NOT :detail
GROUP BY unit, kind, publication, grade, level, award_kind, deduction_kind, task
"""

_REVERSALS_SQL = """
SELECT r.* FROM entries r CROSS JOIN entries t ON t.id = r.reverses
WHERE r.reverses IS NOT NULL AND {t} AND t.date BETWEEN :ys AND :end
"""
