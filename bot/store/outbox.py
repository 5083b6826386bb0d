"""Queries for the persistent outbox: replies and posts wait here until a transport sends them."""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database


class OutboxQueries:
    db: Database

    def enqueue(
        self,
        *,
        text: str,
        room_id: str | None,
        contact_id: str | None,
        mentions: tuple[str, ...],
        file_path: str | None,
        at: datetime,
        key: str | None = None,
    ) -> int | None:
        """Queue one message; with a key, a second message under the same key is dropped (None)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (room_id, contact_id, text, mentions, file_path, key, created_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
            [room_id, contact_id, text, json.dumps(list(mentions)), file_path, key, at.isoformat()],
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def pending(self, limit: int = 100) -> list[dict]:
        """Notices about the outbox itself (keys 'outbox:…') first, then office messages (priority 0)
        before chat replies, each oldest first."""
        rows = list(
            self.db.query(
                "SELECT * FROM outbox WHERE status = 'pending' "
                "ORDER BY coalesce(key, '') GLOB 'outbox:*' DESC, priority, id LIMIT ?",
                [limit],
            )
        )
        for row in rows:
            row["mentions"] = tuple(json.loads(row["mentions"] or "[]"))
        return rows

    def mark_sent(self, outbox_id: int, at: datetime) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?", [at.isoformat(), outbox_id])

    def mark_failed(self, outbox_id: int, error: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE outbox SET status = 'failed', error = ? WHERE id = ?", [error, outbox_id])

    def sent_since(self, at: datetime) -> int:
        """How many messages went out at or after `at` (same timezone as the stored times)."""
        return self.db.execute(
            "SELECT count(*) FROM outbox WHERE status = 'sent' AND sent_at >= ?", [at.isoformat()]
        ).fetchone()[0]

    def last_sent_at(self) -> datetime | None:
        row = self.db.execute("SELECT max(sent_at) FROM outbox WHERE status = 'sent'").fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def set_outbox_answers(self, outbox_id: int, message_id: str) -> None:
        self.db.execute("UPDATE outbox SET answers = ? WHERE id = ?", [message_id, outbox_id])

    def answering(self, message_id: str) -> list[dict]:
        """The queued replies to a received message (in its chat), oldest first."""
        rows = list(self.db.query("SELECT * FROM outbox WHERE answers = ? ORDER BY id", [message_id]))
        for row in rows:
            row["mentions"] = tuple(json.loads(row["mentions"] or "[]"))
        return rows

    def reply_token(self, message_id: str) -> tuple[str, datetime] | None:
        """The network's handle for answering a received message, and when the message was sent."""
        row = self.db.execute("SELECT reply_token, at FROM messages WHERE message_id = ?", [message_id]).fetchone()
        return (row[0], datetime.fromisoformat(row[1])) if row and row[0] else None

    def has_key(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM outbox WHERE key = ?", [key]).fetchone() is not None

    # --- what the bot learns at run time ---------------------------------------------------

    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str, at: datetime) -> None:
        self.db.execute(
            "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [key, value, at.isoformat()],
        )
