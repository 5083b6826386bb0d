"""Store: the SQLite file, its migrations, and every query the bot makes."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from bot.model.facts import FIELDS, REVERSAL, Draft, Entry
from bot.store.rows import entry_of
from bot.store.cards import CardQueries
from bot.store.chat import ChatQueries
from bot.store.delivery import DeliveryQueries
from bot.store.desk import DeskQueries, DeskWriteQueries
from bot.store.fact_queries import FactQueries
from bot.store.liaison_figures import LiaisonFigureQueries
from bot.store.liaison_queries import LiaisonQueries
from bot.store.editorial import Issues
from bot.store.outbox_origin import OutboxOriginQueries
from bot.store.followups import FollowupQueries
from bot.store.outbox import OutboxQueries
from bot.store.receipt import ReceiptQueries
from bot.store.research_reports import ResearchReportQueries
from bot.store.submission_queries import SubmissionQueries
from bot.store.staging import StagingQueries
from bot.store.undo import RollbackActions
from bot.store.schema import migrations
from bot.store.unit_facts import UnitFactQueries
from bot.store.yearend import YearEndQueries

log = logging.getLogger(__name__)


def open_store(path: str | Path | None) -> "Store":
    """Open (creating if needed) the database file; None gives an in-memory store for tests."""
    if path is None:
        db = Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA journal_mode=WAL")
        # Every commit survives the process being killed (WAL); only a power cut may lose the last
        # second of commits. FULL would fsync each of the several small commits a message now makes.
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    before = backup_before_migrating(db, Path(path)) if path is not None else None
    migrations.apply(db)
    store = Store(db)
    store.migration_backup = before
    return store


def backup_before_migrating(db: Database, path: Path) -> Path | None:
    """An existing database about to be migrated is first copied to backups/before-<first migration>.db
    beside it (integrity-checked), so an upgrade can be rolled back. None when nothing is pending."""
    pending = migrations.pending(db)
    if not pending or not migrations.applied(db):  # up to date, or a new file
        return None
    directory = path.parent / "backups"
    target = directory / f"before-{pending[0].name}.db"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"before-{pending[0].name}-{n}.db"
    _copy(db.conn, target)
    result = integrity_of_file(target)
    if result != "ok":
        raise RuntimeError(f"迁移前的备份 {target} 完整性检查未通过（{result}），未执行迁移。")
    log.warning("database %s backed up to %s before migrations %s", path, target, ", ".join(m.name for m in pending))
    return target


class Store(
    ChatQueries,
    OutboxQueries,
    FollowupQueries,
    YearEndQueries,
    OutboxOriginQueries,
    FactQueries,
    LiaisonQueries,
    SubmissionQueries,
    ReceiptQueries,
    StagingQueries,
    ResearchReportQueries,
    RollbackActions,
    UnitFactQueries,
    CardQueries,
    LiaisonFigureQueries,
    DeliveryQueries,
    DeskQueries,
    DeskWriteQueries,
):
    def __init__(self, db: Database):
        self.db = db
        self.issues = Issues(db)  # the office's own issues (期), a repository of its own
        self._undo = []  # RollbackActions: files to remove if the transaction under way rolls back
        # Bumped by every append in this process, committed or not: with the ledger's top id it
        # keys caches, so an id reused after a rollback never brings back a stale board.
        self.generation = 0
        # Bumped whenever a block that appended facts (or whose transaction vanished) is rolled back:
        # a board that may have seen those facts can no longer be brought up to date from the ledger.
        self.rollbacks = 0
        self.migration_backup: Path | None = None  # set by open_store when it backed up before migrating

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction; nested blocks become savepoints."""
        with self._undoing(), self._counting_rollbacks():
            yield

    @contextlib.contextmanager
    def writing(self, wait_ms: int | None = None) -> Iterator[None]:
        """ReceiptQueries.writing, undoing RollbackActions when it rolls back."""
        with self._undoing(), ReceiptQueries.writing(self, wait_ms):
            yield

    @contextlib.contextmanager
    def _counting_rollbacks(self) -> Iterator[None]:
        generation, in_transaction = self.generation, self.db.conn.in_transaction
        try:
            with self.db.atomic():
                yield
        except BaseException:
            if self.generation != generation or (in_transaction and not self.db.conn.in_transaction):
                self.rollbacks += 1
            raise

    def close(self) -> None:
        self.db.close()

    # --- ledger -------------------------------------------------------------------------

    def append(self, drafts: list[Draft], recorded_by: str, recorded_at: datetime) -> list[Entry]:
        """Append facts in the caller's transaction (or one of its own)."""
        entries = []
        with self._counting_rollbacks():
            self.generation += 1
            for draft in drafts:
                row = {name: getattr(draft, name) for name in FIELDS}
                row["date"] = draft.date.isoformat()
                row["recorded_by"] = recorded_by
                row["recorded_at"] = recorded_at.isoformat()
                cursor = self.db.execute(
                    f"INSERT INTO entries ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()),
                )
                entries.append(
                    Entry(
                        **{
                            **draft.__dict__,
                            "id": cursor.lastrowid,
                            "recorded_by": recorded_by,
                            "recorded_at": recorded_at,
                        }
                    )
                )
        return entries

    def entry(self, entry_id: int) -> Entry | None:
        rows = list(self.db.query("SELECT * FROM entries WHERE id = ?", [entry_id]))
        return entry_of(rows[0]) if rows else None

    def reversal_of(self, entry_id: int) -> Entry | None:
        rows = list(self.db.query("SELECT * FROM entries WHERE reverses = ?", [entry_id]))
        return entry_of(rows[0]) if rows else None

    def facts_between(self, start: date, end: date) -> list[Entry]:
        """Facts dated in [start, end], and the reversals of any of them (whenever made)."""
        span = [start.isoformat(), end.isoformat()]
        rows = list(
            self.db.query(
                "SELECT * FROM entries WHERE date BETWEEN ? AND ? AND kind != ? ORDER BY id", [*span, REVERSAL]
            )
        )
        rows += self.db.query(
            "SELECT r.* FROM entries r JOIN entries t ON t.id = r.reverses WHERE t.date BETWEEN ? AND ?", span
        )
        return [entry_of(r) for r in rows]

    def ledger_version(self) -> tuple[int, int]:
        """Changes with every fact appended here or by another process (the ledger is never edited)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0], self.generation

    def all_entries(self) -> Iterator[Entry]:
        for row in self.db.query("SELECT * FROM entries ORDER BY id"):
            yield entry_of(row)

    def entries_between(self, first: int, last: int) -> list[Entry]:
        return [
            entry_of(r)
            for r in self.db.query("SELECT * FROM entries WHERE id BETWEEN ? AND ? ORDER BY id", [first, last])
        ]

    def count_entries(self) -> int:
        return self.db.table("entries").count

    # --- imports ------------------------------------------------------------------------

    def find_import(self, sha256: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM imports WHERE sha256 = ?", [sha256]))
        return rows[0] if rows else None

    def record_import(
        self, sha256: str, filename: str, entries: list[Entry], recorded_by: str, recorded_at: datetime
    ) -> None:
        self.db.table("imports").insert(
            {
                "sha256": sha256,
                "filename": filename,
                "rows": len(entries),
                "first_id": entries[0].id if entries else None,
                "last_id": entries[-1].id if entries else None,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at.isoformat(),
            }
        )

    # --- health -------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:  # too damaged to even check
            return [str(exc)]
        return [] if rows == ["ok"] else rows


def integrity_of_file(path: str | Path) -> str:
    """PRAGMA integrity_check of a database file other than the live one ('ok' when sound)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def backup_to(store: "Store", target: str | Path, pages_per_step: int = 256) -> None:
    """Copy the live database with SQLite's online backup API; writers may keep writing."""
    _copy(store.db.conn, Path(target), pages_per_step)


def _copy(conn: sqlite3.Connection, target: Path, pages_per_step: int = 256) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest, pages=pages_per_step)
    finally:
        dest.close()
    partial.replace(target)
