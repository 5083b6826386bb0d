"""Queries for the decisions messages offer: prompts riding on the outbox, 企业微信 cards sent, and the
oral reports of 紧急信息 they record."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database


class CardQueries:
    db: Database

    def set_outbox_prompts(self, outbox_id: int, prompts: str) -> None:
        self.db.execute("UPDATE outbox SET prompts = ? WHERE id = ?", [prompts, outbox_id])

    def save_card(
        self, task_id: str, outbox_id: int | None, chat_id: str, subject: str, title: str, buttons: str, at: datetime
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO wecom_cards (task_id, outbox_id, chat_id, subject, title, buttons, "
                "sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [task_id, outbox_id, chat_id, subject, title, buttons, at.isoformat()],
            )

    def card(self, task_id: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM wecom_cards WHERE task_id = ?", [task_id]))
        return rows[0] if rows else None

    def note_oral_report(self, emergency_id: int, state: str, at: datetime | None, by: str, noted: datetime) -> bool:
        """Record the oral report once; False when it was recorded before (nothing changes)."""
        cursor = self.db.execute(
            "UPDATE emergencies SET oral_state = ?, oral_at = ?, oral_by = ?, oral_noted_at = ? "
            "WHERE id = ? AND oral_state IS NULL",
            [state, at.isoformat() if at else None, by, noted.isoformat(), emergency_id],
        )
        return cursor.rowcount == 1

    def pledge(self, pledge_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM pledges WHERE id = ?", [pledge_id]))
        return rows[0] if rows else None
