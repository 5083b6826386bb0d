"""Queries for the chat layer: raw messages, submissions, attachments, bindings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlite_utils import Database

from bot.model.facts import Entry
from bot.store.rows import entry_of
from bot.store.inserts import insert_id


class ChatQueries:
    db: Database

    # --- messages -----------------------------------------------------------------------

    def claim_message(self, row: dict) -> bool:
        """Store an incoming message raw. False if this id was seen before (a redelivery)."""
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO messages ({', '.join(row)}, status) VALUES ({', '.join('?' * len(row))}, 'received')",
            list(row.values()),
        )
        return cursor.rowcount == 1

    def message_status(self, message_id: str) -> str | None:
        row = self.db.execute("SELECT status FROM messages WHERE message_id = ?", [message_id]).fetchone()
        return row[0] if row else None

    def message_row(self, message_id: str) -> dict | None:
        rows = list(self.db.query("SELECT rowid AS seq, * FROM messages WHERE message_id = ?", [message_id]))
        return rows[0] if rows else None

    def finish_message(self, message_id: str, status: str, error: str | None = None) -> None:
        self.db.execute("UPDATE messages SET status = ?, error = ? WHERE message_id = ?", [status, error, message_id])

    def retry_failed_messages(self, retried: Callable[[str], bool]) -> int:
        """Messages marked failed whose stored error `retried` accepts become 'received' again (one commit)."""
        rows = self.db.execute("SELECT message_id, error FROM messages WHERE status = 'failed'").fetchall()
        again = [message_id for message_id, error in rows if retried(error or "")]
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE messages SET status = 'received', error = NULL WHERE message_id = ?", [[m] for m in again]
            )
        return len(again)

    # --- submissions --------------------------------------------------------------------

    def add_submission(self, row: dict) -> int:
        return insert_id(self.db, "submissions", row)

    def submission(self, submission_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM submissions WHERE id = ?", [submission_id]))
        return rows[0] if rows else None

    def same_text_since(self, unit: str, text_key: str, since: datetime) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM submissions WHERE unit = ? AND text_key = ? AND at >= ? ORDER BY id LIMIT 1",
                [unit, text_key, since.isoformat()],
            )
        )
        return rows[0] if rows else None

    def count_submissions(self, unit: str, start: datetime, end: datetime) -> int:
        return self.db.execute(
            "SELECT count(*) FROM submissions WHERE unit = ? AND at >= ? AND at < ?",
            [unit, start.isoformat(), end.isoformat()],
        ).fetchone()[0]

    def submissions_per_unit(self, start: datetime, end: datetime) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT unit, count(*) FROM submissions WHERE at >= ? AND at < ? GROUP BY unit",
            [start.isoformat(), end.isoformat()],
        ).fetchall()
        return dict(rows)

    def recent_submissions(self, unit: str, limit: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM submissions WHERE unit = ? ORDER BY id DESC LIMIT ?", [unit, limit]))

    def adoptions_of(self, submission_ids: list[int]) -> list[Entry]:
        """Live (not reversed) adoption entries that name one of these submissions."""
        if not submission_ids:
            return []
        marks = ", ".join("?" * len(submission_ids))
        return [
            entry_of(row)
            for row in self.db.query(
                f"SELECT e.* FROM entries e WHERE e.kind = 'adoption' AND e.submission_id IN ({marks}) "
                "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) ORDER BY e.id",
                submission_ids,
            )
        ]

    # --- attachments --------------------------------------------------------------------

    def add_attachment(self, row: dict) -> int:
        return insert_id(self.db, "attachments", row)

    def attach(self, attachment_id: int, submission_id: int) -> None:
        self.db.execute("UPDATE attachments SET submission_id = ? WHERE id = ?", [submission_id, attachment_id])

    def loose_attachments(self, sender_id: str, since: datetime) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM attachments WHERE sender_id = ? AND submission_id IS NULL AND at >= ? ORDER BY id",
                [sender_id, since.isoformat()],
            )
        )

    def loose_attachments_between(self, since: datetime, until: datetime) -> list[dict]:
        """Files attached to no submission, received in [since, until), oldest first."""
        return list(
            self.db.query(
                "SELECT * FROM attachments WHERE submission_id IS NULL AND at >= ? AND at < ? ORDER BY id",
                [since.isoformat(), until.isoformat()],
            )
        )

    def latest_submission_by(self, sender_id: str, since: datetime) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM submissions WHERE sender_id = ? AND at >= ? ORDER BY id DESC LIMIT 1",
                [sender_id, since.isoformat()],
            )
        )
        return rows[0] if rows else None

    def attachments_of(self, submission_id: int) -> list[dict]:
        return list(self.db.query("SELECT * FROM attachments WHERE submission_id = ? ORDER BY id", [submission_id]))

    # --- bindings -----------------------------------------------------------------------

    def active_binding(self, contact_id: str) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM bindings WHERE contact_id = ? AND confirmed_at IS NOT NULL AND ended_at IS NULL "
                "ORDER BY id DESC LIMIT 1",
                [contact_id],
            )
        )
        return rows[0] if rows else None

    def pending_binding(self, contact_id: str) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM bindings WHERE contact_id = ? AND confirmed_at IS NULL AND ended_at IS NULL "
                "ORDER BY id DESC LIMIT 1",
                [contact_id],
            )
        )
        return rows[0] if rows else None

    def binding(self, binding_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM bindings WHERE id = ?", [binding_id]))
        return rows[0] if rows else None

    def add_binding(self, row: dict) -> int:
        return insert_id(self.db, "bindings", row)

    def confirm_binding(self, binding_id: int, by: str, at: datetime) -> None:
        self.db.execute(
            "UPDATE bindings SET confirmed_at = ?, confirmed_by = ? WHERE id = ?", [at.isoformat(), by, binding_id]
        )

    def end_binding(self, binding_id: int, by: str, at: datetime, reason: str) -> None:
        self.db.execute(
            "UPDATE bindings SET ended_at = ?, ended_by = ?, ended_reason = ? WHERE id = ?",
            [at.isoformat(), by, reason, binding_id],
        )

    def active_bindings(self) -> list[dict]:
        return list(
            self.db.query("SELECT * FROM bindings WHERE confirmed_at IS NOT NULL AND ended_at IS NULL ORDER BY id")
        )

    def ended_liaisons(self) -> list[dict]:
        """Confirmed bindings that have ended: a liaison who left the group, was unbound or moved."""
        return list(
            self.db.query("SELECT * FROM bindings WHERE confirmed_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY id")
        )

    def bindings_of(self, unit: str) -> list[dict]:
        return list(self.db.query("SELECT * FROM bindings WHERE unit = ? ORDER BY id", [unit]))
