"""Queries for the office's daily work: held submissions, channels, equal facts, liaison lists."""
from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.model.facts import Entry
from bot.store.rows import entry_of

# The fields that make two facts the same fact (besides unit, kind and date).
SAME_FACT_FIELDS = ("quantity", "publication", "grade", "level", "award_kind", "deduction_kind", "task",
                    "task_points", "issue", "title", "note")


class DailyQueries:
    db: Database

    def set_public(self, submission_id: int) -> None:
        self.db.execute("UPDATE submissions SET public_account = 1 WHERE id = ?", [submission_id])

    def hold_submission(self, row: dict) -> int:
        return self.db["held_submissions"].insert(row).last_pk

    def held_submissions(self, contact_id: str) -> list[dict]:
        return list(self.db.query(
            "SELECT * FROM held_submissions WHERE contact_id = ? AND released_at IS NULL ORDER BY id", [contact_id]))

    def release_held(self, held_id: int, submission_id: int, at: datetime) -> None:
        self.db.execute("UPDATE held_submissions SET released_at = ?, submission_id = ? WHERE id = ?",
                        [at.isoformat(), submission_id, held_id])

    def same_fact(self, row: dict) -> dict | None:
        """The earliest live (not reversed) fact equal to `row` in unit, kind, date and SAME_FACT_FIELDS."""
        checks = " AND ".join(f"{name} IS ?" for name in SAME_FACT_FIELDS)
        found = list(self.db.query(
            f"SELECT id, date, recorded_at FROM entries e WHERE unit = ? AND date = ? AND kind = ? AND {checks} "
            "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY id LIMIT 1",
            [row["unit"], row["date"], row["kind"], *(row.get(n) for n in SAME_FACT_FIELDS)]))
        return found[0] if found else None

    def channel_counts(self, start: datetime, end: datetime) -> dict[str, int]:
        """Submissions recorded by an admin for another channel, per channel."""
        return dict(self.db.execute(
            "SELECT channel, count(*) FROM submissions WHERE channel IS NOT NULL AND at >= ? AND at < ? "
            "GROUP BY channel ORDER BY channel", [start.isoformat(), end.isoformat()]).fetchall())

    def pending_bindings(self) -> list[dict]:
        return list(self.db.query(
            "SELECT * FROM bindings WHERE confirmed_at IS NULL AND ended_at IS NULL ORDER BY id"))

    def bindings_named(self, name: str) -> list[dict]:
        """Live bindings whose contact's display name is `name`."""
        return list(self.db.query(
            "SELECT * FROM bindings WHERE contact_name = ? AND confirmed_at IS NOT NULL AND ended_at IS NULL "
            "ORDER BY id", [name]))

    def count_facts(self, start: str, end: str) -> int:
        """Facts (not reversals) dated in [start, end]: zero means nothing was recorded for that period."""
        return self.db.execute("SELECT count(*) FROM entries WHERE kind != 'reversal' AND date BETWEEN ? AND ?",
                               [start, end]).fetchone()[0]

    def live_deductions(self, unit: str, start: str, end: str) -> list[Entry]:
        """A unit's deductions dated in [start, end] that were not reversed, oldest first."""
        return [entry_of(row) for row in self.db.query(
            "SELECT * FROM entries e INDEXED BY entries_unit_deductions "  # the unit's deductions, not its year
            "WHERE kind = 'deduction' AND unit = ? AND date BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY date, id",
            [unit, start, end])]

    def last_display_name(self, contact_id: str) -> str | None:
        """The name a contact last showed in a message (liaisons configured by id never asked to bind)."""
        row = self.db.execute("SELECT sender_name FROM messages WHERE sender_id = ? AND sender_name IS NOT NULL "
                              "AND sender_name != sender_id ORDER BY at DESC LIMIT 1", [contact_id]).fetchone()
        return row[0] if row else None
