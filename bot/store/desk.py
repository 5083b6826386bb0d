"""Queries for the office's desk (bot/web/): login links, sessions, and the submission list with its filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database


@dataclass(frozen=True)
class SubmissionFilter:
    unit: str | None = None
    start: date | None = None
    end: date | None = None  # inclusive
    adopted: bool | None = None  # a live adoption names it (any publication)
    public_account: bool | None = None
    attachment: bool | None = None
    limit: int = 200


LIVE_ADOPTION = (
    "EXISTS (SELECT 1 FROM entries e WHERE e.kind = 'adoption' AND e.submission_id = s.id "
    "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id))"
)
HAS_ATTACHMENT = "EXISTS (SELECT 1 FROM attachments a WHERE a.submission_id = s.id)"


class DeskQueries:
    db: Database

    # --- login links and sessions -----------------------------------------------------------

    def add_desk_token(self, token_hash: str, contact_id: str, at: datetime, expires: datetime) -> None:
        self.db.table("desk_tokens").insert(
            {
                "token_hash": token_hash,
                "contact_id": contact_id,
                "created_at": at.isoformat(),
                "expires_at": expires.isoformat(),
            }
        )

    def desk_tokens_since(self, contact_id: str, since: datetime) -> int:
        return self.db.execute(
            "SELECT count(*) FROM desk_tokens WHERE contact_id = ? AND created_at > ?", [contact_id, since.isoformat()]
        ).fetchone()[0]

    def desk_token(self, token_hash: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM desk_tokens WHERE token_hash = ?", [token_hash]))
        return rows[0] if rows else None

    def use_desk_token(self, token_hash: str, at: datetime) -> bool:
        """Mark a link used; False when it was used already (another request got there first)."""
        cur = self.db.execute(
            "UPDATE desk_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", [at.isoformat(), token_hash]
        )
        return cur.rowcount == 1

    def add_desk_session(self, session_hash: str, contact_id: str, at: datetime, expires: datetime) -> None:
        self.db.table("desk_sessions").insert(
            {
                "session_hash": session_hash,
                "contact_id": contact_id,
                "created_at": at.isoformat(),
                "expires_at": expires.isoformat(),
            }
        )

    def desk_session(self, session_hash: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM desk_sessions WHERE session_hash = ?", [session_hash]))
        return rows[0] if rows else None

    def end_desk_sessions(self, contact_id: str, at: datetime) -> int:
        cur = self.db.execute(
            "UPDATE desk_sessions SET ended_at = ? WHERE contact_id = ? AND ended_at IS NULL AND expires_at > ?",
            [at.isoformat(), contact_id, at.isoformat()],
        )
        return cur.rowcount

    # --- submissions, filtered --------------------------------------------------------------

    def filtered_submissions(self, f: SubmissionFilter) -> list[dict]:
        """Newest first, each with `adopted` and `attachments` (counts)."""
        where: list[str] = ["1 = 1"]
        args: list[object] = []
        if f.unit:
            where.append("s.unit = ?")
            args.append(f.unit)
        if f.start:
            where.append("s.at >= ?")
            args.append(f.start.isoformat())
        if f.end:
            where.append("s.at < date(?, '+1 day')")
            args.append(f.end.isoformat())
        for flag, test in ((f.adopted, LIVE_ADOPTION), (f.attachment, HAS_ATTACHMENT)):
            if flag is not None:
                where.append(test if flag else f"NOT {test}")
        if f.public_account is not None:
            where.append("coalesce(s.public_account, 0) = ?")
            args.append(int(f.public_account))
        return list(
            self.db.query(
                f"SELECT s.*, {LIVE_ADOPTION} AS adopted, "
                "(SELECT count(*) FROM attachments a WHERE a.submission_id = s.id) AS attachments "
                f"FROM submissions s WHERE {' AND '.join(where)} ORDER BY s.at DESC, s.id DESC LIMIT ?",
                [*args, f.limit],
            )
        )

    def solicitations_of_year(self, year: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM solicitations WHERE deadline >= ? AND deadline < ? ORDER BY deadline DESC, id DESC",
                [f"{year}-01-01", f"{year + 1}-01-01"],
            )
        )

    def attachment(self, attachment_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM attachments WHERE id = ?", [attachment_id]))
        return rows[0] if rows else None


class DeskWriteQueries:
    """The desk's writes (m032_desk2_desk_writes): one row per form submitted, in the write's transaction."""

    db: Database

    def claim_desk_write(self, form_key: str, contact_id: str, action: str, at: datetime) -> bool:
        """False when a write with this form's key was recorded already (a reload, a second click)."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO desk_writes (form_key, contact_id, action, at) VALUES (?, ?, ?, ?)",
            [form_key, contact_id, action, at.isoformat()],
        )
        return cur.rowcount == 1

    def finish_desk_write(self, form_key: str, first: int | None, last: int | None, result: str, location: str) -> None:
        self.db.execute(
            "UPDATE desk_writes SET first_entry = ?, last_entry = ?, result = ?, location = ? WHERE form_key = ?",
            [first, last, result, location, form_key],
        )

    def desk_write(self, form_key: str) -> dict | None:
        rows = list(self.db.query("SELECT * FROM desk_writes WHERE form_key = ?", [form_key]))
        return rows[0] if rows else None

    def desk_written(self, entry_ids: list[int]) -> set[int]:
        """Which of these facts were appended by a write on the desk."""
        if not entry_ids:
            return set()
        low, high = min(entry_ids), max(entry_ids)
        ranges = self.db.execute(
            "SELECT first_entry, last_entry FROM desk_writes WHERE first_entry IS NOT NULL "
            "AND first_entry <= ? AND last_entry >= ?",
            [high, low],
        ).fetchall()
        return {i for i in entry_ids if any(a <= i <= b for a, b in ranges)}
