"""Queries for a fair outbox: who a reply answers, how urgent it is, and per-sender counts."""

from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database


class OutboxOriginQueries:
    db: Database

    def set_outbox_origin(self, outbox_id: int, priority: int, requested_by: str | None) -> None:
        self.db.execute(
            "UPDATE outbox SET priority = ?, requested_by = ? WHERE id = ?", [priority, requested_by, outbox_id]
        )

    def replies_since(self, requested_by: str, at: datetime) -> int:
        """Messages queued in answer to this sender at or after `at`."""
        return self.db.execute(
            "SELECT count(*) FROM outbox WHERE requested_by = ? AND created_at >= ?", [requested_by, at.isoformat()]
        ).fetchone()[0]

    def pending_office(self, limit: int = 100) -> list[dict]:
        """Pending office messages (priority 0), which the daily cap does not hold back.
        Notices about the outbox itself ('outbox:…') are not among them: they wait for the new day."""
        rows = list(
            self.db.query(
                "SELECT * FROM outbox WHERE status = 'pending' AND priority = 0 "
                "AND coalesce(key, '') NOT GLOB 'outbox:*' ORDER BY id LIMIT ?",
                [limit],
            )
        )
        for row in rows:
            row["mentions"] = tuple(json.loads(row["mentions"] or "[]"))
        return rows
