"""Queries on liaisons: binding requests awaiting confirmation, liaisons by display name, the name a contact shows."""

from __future__ import annotations

from sqlite_utils import Database


class LiaisonQueries:
    db: Database

    def pending_bindings(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM bindings WHERE confirmed_at IS NULL AND ended_at IS NULL ORDER BY id"))

    def bindings_named(self, name: str) -> list[dict]:
        """Live bindings whose contact's display name is `name`."""
        return list(
            self.db.query(
                "SELECT * FROM bindings WHERE contact_name = ? AND confirmed_at IS NOT NULL AND ended_at IS NULL "
                "ORDER BY id",
                [name],
            )
        )

    def last_display_name(self, contact_id: str) -> str | None:
        """The name a contact last showed in a message (liaisons configured by id never asked to bind)."""
        row = self.db.execute(
            "SELECT sender_name FROM messages WHERE sender_id = ? AND sender_name IS NOT NULL "
            "AND sender_name != sender_id ORDER BY at DESC LIMIT 1",
            [contact_id],
        ).fetchone()
        return row[0] if row else None
