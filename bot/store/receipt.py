"""Queries for durable receipt: raw messages waiting to be handled, their files, and a transport's journal."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlite_utils import Database


def is_busy(exc: BaseException) -> bool:
    """Another connection holds the database lock (an import, a backup): worth waiting and retrying."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


BUSY_TIMEOUT_MS = 5000  # the connection's usual wait for a lock (set in open_store)
WRITE_WAIT_MS = 100  # a message's write waits this long for the lock, then yields and retries


class ReceiptQueries:
    db: Database
    generation: int  # the Store's: appends made in this process
    rollbacks: int  # the Store's: rolled-back appends, which invalidate kept scoreboards
    _counting_rollbacks: Callable[[], contextlib.AbstractContextManager[None]]

    @contextlib.contextmanager
    def writing(self, wait_ms: int | None = None) -> Iterator[None]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE), waiting at most `wait_ms`:
        a message's store or handling then never stalls the event loop behind another process's long
        write, nor fails halfway on a stale read. Raises 'database is locked' for the caller to retry."""
        if self.db.conn.in_transaction:
            with self._counting_rollbacks():
                yield
            return
        self.db.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT_MS if wait_ms is None else wait_ms)}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        finally:
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        generation = self.generation
        try:
            yield
        except BaseException:
            self.db.rollback()
            self.rollbacks += self.generation != generation  # facts a board may have seen are gone
            raise
        try:
            self.db.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            self.rollbacks += self.generation != generation
            raise

    def received_messages(self, limit: int = 100) -> list[dict]:
        """Stored but not yet handled, oldest first (as they arrived)."""
        return list(
            self.db.query(
                "SELECT rowid AS seq, * FROM messages WHERE status = 'received' ORDER BY rowid LIMIT ?", [limit]
            )
        )

    def keep_incoming_file(self, message_id: str, name: str, data: bytes) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO incoming_files (message_id, name, data) VALUES (?, ?, ?)", [message_id, name, data]
        )

    def incoming_file(self, message_id: str) -> tuple[str, bytes] | None:
        row = self.db.execute("SELECT name, data FROM incoming_files WHERE message_id = ?", [message_id]).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def drop_incoming_file(self, message_id: str) -> None:
        self.db.execute("DELETE FROM incoming_files WHERE message_id = ?", [message_id])

    # --- a transport's journal ------------------------------------------------------------

    def note_arrival(self, message_id: str, at: datetime, payload: str | None = None) -> None:
        """Journal a message as it comes off the wire; `payload`: what to take it up from after a restart
        when the network cannot send it again (企业微信)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO arrivals (message_id, arrived_at, payload) VALUES (?, ?, ?)",
                [message_id, at.isoformat(), payload],
            )

    def arrival_done(self, message_id: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM arrivals WHERE message_id = ?", [message_id])

    def arrivals(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT message_id FROM arrivals ORDER BY rowid").fetchall()]

    def arrival_payloads(self) -> list[tuple[str, str | None]]:
        """(message id, payload) of every journaled arrival, in arrival order."""
        return [
            (r[0], r[1]) for r in self.db.execute("SELECT message_id, payload FROM arrivals ORDER BY rowid").fetchall()
        ]
