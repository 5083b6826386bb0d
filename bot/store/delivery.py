"""Queries for delivery on 企业微信: who can be reached (reach), the frames spent against each budget
(budget_spent), and the refusals kept on outbox rows."""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database


class DeliveryQueries:
    db: Database

    # --- reachability ---------------------------------------------------------------------------

    def note_wrote(self, chat_id: str, kind: str, at: datetime) -> None:
        """`chat_id` (a contact's userid, or a group's chatid) wrote to the bot at `at`."""
        self.db.execute(
            "INSERT INTO reach (chat_id, kind, last_wrote_at) VALUES (?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET last_wrote_at = max(last_wrote_at, excluded.last_wrote_at)",
            [chat_id, kind, at.isoformat()],
        )

    def last_wrote(self, chat_id: str) -> datetime | None:
        row = self.db.execute("SELECT last_wrote_at FROM reach WHERE chat_id = ?", [chat_id]).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    # --- budgets --------------------------------------------------------------------------------

    def spend(self, budget: str, at: datetime, count: int = 1) -> None:
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO budget_spent (budget, at) VALUES (?, ?)", [(budget, at.isoformat())] * count
            )

    def spent_since(self, budget: str, at: datetime) -> list[datetime]:
        """When each frame against `budget` went out at or after `at`, oldest first."""
        return [
            datetime.fromisoformat(r[0])
            for r in self.db.execute(
                "SELECT at FROM budget_spent WHERE budget = ? AND at >= ? ORDER BY at", [budget, at.isoformat()]
            )
        ]

    def forget_spent(self, before: datetime) -> None:
        self.db.execute("DELETE FROM budget_spent WHERE at < ?", [before.isoformat()])

    # --- refusals -------------------------------------------------------------------------------

    def note_refusal(self, outbox_id: int, errcode: int | None, errmsg: str, attempts: int) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET errcode = ?, errmsg = ?, attempts = ? WHERE id = ?",
                [errcode, errmsg, attempts, outbox_id],
            )

    def mark_handed(self, outbox_id: int, to: str, at: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'handed', handed_to = ?, sent_at = ? WHERE id = ?",
            [to, at.isoformat(), outbox_id],
        )

    def outbox_row(self, outbox_id: int) -> dict | None:
        row = next(self.db.query("SELECT * FROM outbox WHERE id = ?", [outbox_id]), None)
        if row is not None:
            row["mentions"] = tuple(json.loads(row["mentions"] or "[]"))
        return row

    def outbox_listing(self, statuses: tuple[str, ...], limit: int = 200) -> list[dict]:
        marks = ",".join("?" * len(statuses))
        return list(
            self.db.query(f"SELECT * FROM outbox WHERE status IN ({marks}) ORDER BY id LIMIT ?", [*statuses, limit])
        )

    def requeue(self, outbox_id: int) -> bool:
        """A failed (or handed-over) message goes back to the queue; False if there is no such row."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE outbox SET status = 'pending', attempts = 0, sent_at = NULL "
                "WHERE id = ? AND status IN ('failed', 'handed')",
                [outbox_id],
            )
        return cursor.rowcount == 1

    def delivery_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute("SELECT status, count(*) FROM outbox GROUP BY status")}

    def check_writable(self) -> None:
        """Raise the database's own error when the file cannot be written (read-only file, directory or disk)."""
        self.db.execute("SAVEPOINT writable")
        try:
            self.db.execute("DELETE FROM reach WHERE 0")  # opens a write transaction, changes nothing
        finally:
            self.db.execute("ROLLBACK TO writable")
            self.db.execute("RELEASE writable")
