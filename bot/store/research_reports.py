"""Queries for looking up a research report (#调研) by what it was recorded with."""

from __future__ import annotations

from sqlite_utils import Database


class ResearchReportQueries:
    db: Database

    def research_report_for(self, submission_id: int) -> dict | None:
        """The research report recorded with this submission (the first, if several)."""
        rows = list(
            self.db.query("SELECT * FROM research_reports WHERE submission_id = ? ORDER BY id LIMIT 1", [submission_id])
        )
        return rows[0] if rows else None
