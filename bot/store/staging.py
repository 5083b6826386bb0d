"""A long import in bounded batches: rows are staged in a TEMP table (this connection's own, so staging
takes no lock on the live database), then moved into the ledger by one INSERT … SELECT in one short
transaction. The import stays all-or-nothing and the bot's writes wait at most for that last step."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from datetime import datetime

from sqlite_utils import Database

from bot.model.facts import FIELDS, Draft

STAGE = "temp.import_staging"
LOCK_WAIT_MS = 60_000
CACHE_KIB = 256 * 1024


class StagingQueries:
    db: Database
    generation: int
    writing: Callable[..., ContextManager[None]]  # from ReceiptQueries

    def start_staging(self) -> None:
        # Room for the ledger's index pages: the final write then runs in memory instead of spilling.
        self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self.db.execute(f"DROP TABLE IF EXISTS {STAGE}")
        self.db.execute(f"CREATE TEMP TABLE import_staging AS SELECT {', '.join(FIELDS)} FROM entries WHERE 0")

    def stage(self, drafts: list[Draft]) -> None:
        rows = [[d.date.isoformat() if name == "date" else getattr(d, name) for name in FIELDS] for d in drafts]
        with self.db.atomic():
            self.db.conn.executemany(
                f"INSERT INTO {STAGE} ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})", rows
            )

    def commit_staged(self, recorded_by: str, recorded_at: datetime) -> tuple[int, int]:
        """Move every staged row into the ledger in one statement; (first id, last id). In the caller's
        transaction, or one of its own that takes the write lock first (a stale read could not be upgraded
        while the bot writes), waiting as long as it takes the bot to finish a message or two."""
        columns = ", ".join(FIELDS)
        with self.writing(wait_ms=LOCK_WAIT_MS):
            first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM entries").fetchone()[0]
            self.db.execute(
                f"INSERT INTO entries ({columns}, recorded_by, recorded_at) "
                f"SELECT {columns}, ?, ? FROM {STAGE} ORDER BY rowid",
                [recorded_by, recorded_at.isoformat()],
            )
            last = self.db.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
        self.generation += 1
        return first, last

    def drop_staging(self) -> None:
        self.db.execute(f"DROP TABLE IF EXISTS {STAGE}")
