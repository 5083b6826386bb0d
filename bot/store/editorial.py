"""The office's own issues (期), as a repository (`store.issues`): drafts, their articles and items, published and
withdrawn states. Everything it returns is a dataclass of bot/model/issues.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from sqlite_utils import Database

from bot.model.issues import IssueRecord, Item, Slot
from bot.store.inserts import insert_id


class Issues:
    def __init__(self, db: Database):
        self.db = db

    def _row(self, publication: str, number: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM issues WHERE publication = ? AND number = ?", [publication, number]))
        return rows[0] if rows else None

    def get(self, publication: str, number: int) -> IssueRecord | None:
        row = self._row(publication, number)
        return _issue(row) if row else None

    def save_draft(
        self,
        publication: str,
        number: int,
        by: str,
        at: datetime,
        articles: list[tuple[str, str | None, list[tuple[int, str]]]],
    ) -> int:
        """Create the draft, or replace an earlier draft's (or a withdrawn issue's) contents.

        `articles`: (grade, title or None, [(submission id, unit), …]) in order.
        """
        row = self._row(publication, number)
        stamp = {
            "status": "draft",
            "composed_by": by,
            "composed_at": at.isoformat(),
            "published_by": None,
            "published_at": None,
            "published_on": None,
            "withdrawn_by": None,
            "withdrawn_at": None,
            "withdraw_reason": None,
        }
        if row is None:
            issue_id = insert_id(self.db, "issues", {"publication": publication, "number": number, **stamp})
        else:
            issue_id = row["id"]
            self.db.table("issues").update(issue_id, stamp)
            self.db.execute("DELETE FROM issue_items WHERE issue_id = ?", [issue_id])
            self.db.execute("DELETE FROM issue_articles WHERE issue_id = ?", [issue_id])
        for a_pos, (grade, title, items) in enumerate(articles, start=1):
            article_id = insert_id(
                self.db, "issue_articles", {"issue_id": issue_id, "position": a_pos, "grade": grade, "title": title}
            )
            self.db.table("issue_items").insert_all(
                {"issue_id": issue_id, "article_id": article_id, "position": i_pos, "submission_id": sid, "unit": unit}
                for i_pos, (sid, unit) in enumerate(items, start=1)
            )
        return issue_id

    def slots(self, issue_id: int) -> tuple[Slot, ...]:
        """The issue's articles in print order, each with its items."""
        slots: dict[int, Slot] = {}
        for r in self.db.query(
            "SELECT i.id, i.submission_id, i.unit, i.entry_id, a.id AS article_id, a.position AS article, "
            "a.grade, a.title AS article_title, s.title, s.body "
            "FROM issue_items i JOIN issue_articles a ON a.id = i.article_id "
            "LEFT JOIN submissions s ON s.id = i.submission_id "
            "WHERE i.issue_id = ? ORDER BY a.position, i.position",
            [issue_id],
        ):
            item = Item(
                r["id"],
                r["submission_id"],
                r["unit"],
                r["title"] or f"报送 #{r['submission_id']}",
                r["body"],
                r["entry_id"],
            )
            slot = slots.get(r["article_id"]) or Slot(r["grade"], r["article_title"], ())
            slots[r["article_id"]] = replace(slot, items=(*slot.items, item))
        return tuple(slots.values())

    def holding(self, publication: str, submission_ids: list[int]) -> list[tuple[int, int, str]]:
        """Live issues of `publication` that hold any of these submissions: (submission id, number, status)."""
        if not submission_ids:
            return []
        marks = ", ".join("?" * len(submission_ids))
        return [
            (r["submission_id"], r["number"], r["status"])
            for r in self.db.query(
                f"SELECT i.submission_id, s.number, s.status FROM issue_items i JOIN issues s ON s.id = i.issue_id "
                f"WHERE s.publication = ? AND s.status IN ('draft', 'published') AND i.submission_id IN ({marks}) "
                "ORDER BY i.submission_id",
                [publication, *submission_ids],
            )
        ]

    def set_entries(self, pairs: Iterable[tuple[int, int]]) -> None:
        """(item id, adoption entry id) for each item of a published issue."""
        for item_id, entry_id in pairs:
            self.db.execute("UPDATE issue_items SET entry_id = ? WHERE id = ?", [entry_id, item_id])

    def mark_published(self, issue_id: int, by: str, at: datetime, on: date) -> None:
        self.db.table("issues").update(
            issue_id,
            {"status": "published", "published_by": by, "published_at": at.isoformat(), "published_on": on.isoformat()},
        )

    def mark_withdrawn(self, issue_id: int, by: str, at: datetime, reason: str) -> None:
        self.db.table("issues").update(
            issue_id,
            {"status": "withdrawn", "withdrawn_by": by, "withdrawn_at": at.isoformat(), "withdraw_reason": reason},
        )

    def recent(self, publications: list[str], limit: int) -> list[IssueRecord]:
        """Latest issues first, each with its count of articles and items."""
        marks = ", ".join("?" * len(publications))
        return [
            _issue(row)
            for row in self.db.query(
                "SELECT s.*, (SELECT count(*) FROM issue_articles a WHERE a.issue_id = s.id) AS articles, "
                "(SELECT count(*) FROM issue_items i WHERE i.issue_id = s.id) AS items "
                f"FROM issues s WHERE s.publication IN ({marks}) "
                "ORDER BY coalesce(s.published_at, s.composed_at) DESC, s.id DESC LIMIT ?",
                [*publications, limit],
            )
        ]

    def unused_submissions(self, since: datetime, publications: list[str]) -> list[dict]:
        """Submissions since `since` in no live issue and with no live adoption in `publications`; oldest first."""
        marks = ", ".join("?" * len(publications))
        return list(
            self.db.query(
                "SELECT s.* FROM submissions s WHERE s.at >= ? "
                "AND NOT EXISTS (SELECT 1 FROM issue_items i JOIN issues v ON v.id = i.issue_id "
                "  WHERE i.submission_id = s.id AND v.status IN ('draft', 'published')) "
                "AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.kind = 'adoption' AND e.submission_id = s.id "
                f"  AND e.publication IN ({marks}) AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)) "
                "ORDER BY s.at, s.id",
                [since.isoformat(), *publications],
            )
        )


def _issue(row: dict) -> IssueRecord:
    def moment(name: str) -> datetime | None:
        return datetime.fromisoformat(row[name]) if row.get(name) else None

    return IssueRecord(
        row["id"],
        row["publication"],
        row["number"],
        row["status"],
        datetime.fromisoformat(row["composed_at"]),
        date.fromisoformat(row["published_on"]) if row.get("published_on") else None,
        moment("withdrawn_at"),
        row.get("withdraw_reason"),
        row.get("articles", 0),
        row.get("items", 0),
    )
