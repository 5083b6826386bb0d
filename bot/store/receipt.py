"""Queries for durable receipt: raw messages waiting to be handled, their files, and a transport's journal."""
from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlite_utils import Database


def is_busy(exc: BaseException) -> bool:
    """Another connection holds the database lock (an import, a backup): worth waiting and retrying."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class ReceiptQueries:
    db: Database

    def received_messages(self, limit: int = 100) -> list[dict]:
        """Stored but not yet handled, oldest first (as they arrived)."""
        return list(self.db.query(
            "SELECT rowid AS seq, * FROM messages WHERE status = 'received' ORDER BY rowid LIMIT ?", [limit]))

    def keep_incoming_file(self, message_id: str, name: str, data: bytes) -> None:
        self.db.execute("INSERT OR IGNORE INTO incoming_files (message_id, name, data) VALUES (?, ?, ?)",
                        [message_id, name, data])

    def incoming_file(self, message_id: str) -> tuple[str, bytes] | None:
        row = self.db.execute("SELECT name, data FROM incoming_files WHERE message_id = ?", [message_id]).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def drop_incoming_file(self, message_id: str) -> None:
        self.db.execute("DELETE FROM incoming_files WHERE message_id = ?", [message_id])

    # --- a transport's journal ------------------------------------------------------------

    def note_arrival(self, message_id: str, at: datetime) -> None:
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO arrivals (message_id, arrived_at) VALUES (?, ?)",
                            [message_id, at.isoformat()])

    def arrival_done(self, message_id: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM arrivals WHERE message_id = ?", [message_id])

    def arrivals(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT message_id FROM arrivals ORDER BY rowid").fetchall()]
