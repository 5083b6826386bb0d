"""Queries for the year's assessment: research reports, research prizes and 承诺书 clocks."""

from __future__ import annotations

from sqlite_utils import Database

from bot.model.research import ResearchPrize
from bot.store.inserts import insert_id


class YearEndQueries:
    db: Database

    # --- research reports (调研) -----------------------------------------------------------

    def add_research_report(self, row: dict) -> int:
        return insert_id(self.db, "research_reports", row)

    def research_reports(self, year: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM research_reports WHERE year = ? ORDER BY id", [year]))

    # --- research prizes -----------------------------------------------------------------

    def add_research_prize(self, row: dict) -> int | None:
        """None when the same unit's title already has a prize that year."""
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO research_prizes ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        return cursor.lastrowid if cursor.rowcount else None

    def research_prizes(self, year: int) -> list[ResearchPrize]:
        return [
            ResearchPrize(r["id"], r["unit"], r["year"], r["grade"], r["title"])
            for r in self.db.query(
                "SELECT * FROM research_prizes WHERE year = ? "
                "ORDER BY CASE grade WHEN '一等' THEN 1 WHEN '二等' THEN 2 WHEN '三等' THEN 3 ELSE 4 END, id",
                [year],
            )
        ]

    # --- 承诺书 -----------------------------------------------------------------------------

    def add_pledge(self, row: dict) -> int:
        return insert_id(self.db, "pledges", row)

    def open_pledges(self, unit: str | None = None) -> list[dict]:
        if unit is None:
            return list(self.db.query("SELECT * FROM pledges WHERE signed_on IS NULL ORDER BY due, id"))
        return list(self.db.query("SELECT * FROM pledges WHERE signed_on IS NULL AND unit = ? ORDER BY id", [unit]))

    def sign_pledges(self, unit: str, on: str, by: str) -> int:
        return self.db.execute(
            "UPDATE pledges SET signed_on = ?, signed_by = ? WHERE unit = ? AND signed_on IS NULL", [on, by, unit]
        ).rowcount

    # --- 共同任务 ----------------------------------------------------------------------------

    def live_common_tasks(self, unit: str, task: str, year: int) -> list[tuple[int, int]]:
        """(id, points) of the unit's unreversed 共同任务 facts for `task` dated in `year`."""
        return [
            tuple(r)
            for r in self.db.execute(
                "SELECT id, task_points FROM entries e WHERE kind = 'common_task' AND unit = ? AND task = ? "
                "AND date BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id",
                [unit, task, f"{year}-01-01", f"{year}-12-31"],
            ).fetchall()
        ]
