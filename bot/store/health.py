"""What `infobot doctor` asks of the database file, without migrating or creating it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bot.store.schema import migrations


@dataclass(frozen=True)
class Reach:
    """What the store knows of one contact: their last message to the bot, our last private message to them."""

    last_heard: str | None
    last_status: str | None  # of the newest private message to them that was sent or failed
    last_error: str | None


class DatabaseProbe:
    """An existing database file, opened as it is (no migrations run)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = Database(sqlite3.connect(self.path, isolation_level=None))
        self.db.execute("PRAGMA busy_timeout=5000")

    def close(self) -> None:
        self.db.close()

    def write_problem(self) -> str | None:
        """None when a write transaction can be made here (and is rolled back); else SQLite's error."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute("CREATE TABLE main._doctor_probe (x)")
            finally:
                self.db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            return str(exc)
        return None

    def integrity_problems(self) -> list[str]:
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return [] if rows == ["ok"] else rows

    def migrations(self) -> tuple[int, list[str]]:
        """How many migrations this file has, and the names of those it lacks."""
        return len(migrations.applied(self.db)), [m.name for m in migrations.pending(self.db)]

    def state(self, key: str) -> str | None:
        if not self.db.table("state").exists():
            return None
        row = self.db.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def count_entries(self) -> int:
        return self.db.table("entries").count if self.db.table("entries").exists() else 0

    def reach(self, contact_ids: list[str]) -> dict[str, Reach]:
        if not (self.db.table("messages").exists() and self.db.table("outbox").exists()):
            return {c: Reach(None, None, None) for c in contact_ids}
        found = {}
        for contact in contact_ids:
            heard = self.db.execute("SELECT max(at) FROM messages WHERE sender_id = ?", [contact]).fetchone()[0]
            last = self.db.execute(
                "SELECT status, error FROM outbox WHERE contact_id = ? AND room_id IS NULL "
                "AND status IN ('sent', 'failed') ORDER BY id DESC LIMIT 1",
                [contact],
            ).fetchone()
            found[contact] = Reach(heard, last[0] if last else None, last[1] if last else None)
        return found


def creatable(directory: Path) -> str | None:
    """Why a database file could not be made in `directory` (None: it could); leaves nothing behind."""
    trial = directory / ".infobot-doctor.db"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(trial)
        try:
            conn.execute("CREATE TABLE t (x)")
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    finally:
        if directory.is_dir():
            trial.unlink(missing_ok=True)
    return None
