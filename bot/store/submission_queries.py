"""Queries on submissions beyond recording them: those held until a binding is confirmed, the 公众号 flag,
and the channels (邮件, QQ, 电话) of items an admin recorded for a unit."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.inserts import insert_id


class SubmissionQueries:
    db: Database

    def set_public(self, submission_id: int) -> None:
        self.db.execute("UPDATE submissions SET public_account = 1 WHERE id = ?", [submission_id])

    def hold_submission(self, row: dict) -> int:
        return insert_id(self.db, "held_submissions", row)

    def held_submissions(self, contact_id: str) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM held_submissions WHERE contact_id = ? AND released_at IS NULL ORDER BY id", [contact_id]
            )
        )

    def release_held(self, held_id: int, submission_id: int, at: datetime) -> None:
        self.db.execute(
            "UPDATE held_submissions SET released_at = ?, submission_id = ? WHERE id = ?",
            [at.isoformat(), submission_id, held_id],
        )

    def channel_counts(self, start: datetime, end: datetime) -> dict[str, int]:
        """Submissions recorded by an admin for another channel, per channel."""
        return dict(
            self.db.execute(
                "SELECT channel, count(*) FROM submissions WHERE channel IS NOT NULL AND at >= ? AND at < ? "
                "GROUP BY channel ORDER BY channel",
                [start.isoformat(), end.isoformat()],
            ).fetchall()
        )
