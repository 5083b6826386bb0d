"""Queries for what the bot follows up on: 约稿 and their answers, 紧急信息, proposed deductions."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.inserts import insert_id


class FollowupQueries:
    db: Database

    # --- solicitations (约稿) -----------------------------------------------------------

    def add_solicitation(self, row: dict, units: list[str]) -> int:
        new_id = insert_id(self.db, "solicitations", row)
        self.db.table("solicitation_units").insert_all({"solicitation_id": new_id, "unit": u} for u in units)
        return new_id

    def solicitation(self, solicitation_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM solicitations WHERE id = ?", [solicitation_id]))
        return rows[0] if rows else None

    def solicitation_units(self, solicitation_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM solicitation_units WHERE solicitation_id = ? ORDER BY rowid", [solicitation_id]
            )
        )

    def open_solicitations(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM solicitations WHERE closed_at IS NULL ORDER BY id"))

    def record_answer(self, solicitation_id: int, unit: str, at: datetime, by: str, submission_id: int) -> None:
        """The first answer is the one that counts for the deadline."""
        self.db.execute(
            "UPDATE solicitation_units SET answered_at = ?, answered_by = ?, submission_id = ? "
            "WHERE solicitation_id = ? AND unit = ? AND answered_at IS NULL",
            [at.isoformat(), by, submission_id, solicitation_id, unit],
        )

    def record_refusal(self, solicitation_id: int, unit: str, at: datetime, by: str, note: str | None) -> None:
        self.db.execute(
            "UPDATE solicitation_units SET refused_at = ?, refused_by = ?, refusal_note = ? "
            "WHERE solicitation_id = ? AND unit = ?",
            [at.isoformat(), by, note, solicitation_id, unit],
        )

    def close_solicitation(self, solicitation_id: int, at: datetime) -> None:
        self.db.execute("UPDATE solicitations SET closed_at = ? WHERE id = ?", [at.isoformat(), solicitation_id])

    # --- emergencies (紧急信息) ----------------------------------------------------------

    def add_emergency(self, row: dict) -> int:
        return insert_id(self.db, "emergencies", row)

    def emergency_of_submission(self, submission_id: int) -> dict | None:
        rows = list(
            self.db.query("SELECT * FROM emergencies WHERE submission_id = ? ORDER BY id LIMIT 1", [submission_id])
        )
        return rows[0] if rows else None

    def emergency(self, emergency_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM emergencies WHERE id = ?", [emergency_id]))
        return rows[0] if rows else None

    # --- proposed deductions -------------------------------------------------------------

    def add_proposal(self, row: dict) -> int | None:
        """None when a proposal for the same source exists: each matter is proposed once."""
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO proposals ({', '.join(row)}, status) VALUES ({', '.join('?' * len(row))}, 'pending')",
            list(row.values()),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def proposal(self, proposal_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM proposals WHERE id = ?", [proposal_id]))
        return rows[0] if rows else None

    def proposal_for(self, source: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM proposals WHERE source = ?", [source]))
        return rows[0] if rows else None

    def pending_proposals(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM proposals WHERE status = 'pending' ORDER BY id"))

    def change_proposal(self, proposal_id: int, deduction_kind: str, note: str) -> None:
        self.db.execute(
            "UPDATE proposals SET deduction_kind = ?, note = ? WHERE id = ? AND status = 'pending'",
            [deduction_kind, note, proposal_id],
        )

    def decide_proposal(
        self,
        proposal_id: int,
        status: str,
        by: str,
        at: datetime,
        reason: str | None = None,
        entry_id: int | None = None,
    ) -> None:
        self.db.execute(
            "UPDATE proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ?, entry_id = ? WHERE id = ?",
            [status, by, at.isoformat(), reason, entry_id, proposal_id],
        )
