"""Schema migrations, applied in order at start-up; each runs in its own transaction."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("infobot")


@migrations()
def m001_ledger(db: Database) -> None:
    db["entries"].create(
        {
            "id": int,
            "kind": str,
            "unit": str,
            "date": str,
            "quantity": int,
            "publication": str,
            "grade": str,
            "level": str,
            "award_kind": str,
            "deduction_kind": str,
            "task": str,
            "task_points": int,
            "issue": str,
            "title": str,
            "submission_id": int,
            "ref_id": int,
            "reverses": int,
            "note": str,
            "source": str,
            "recorded_by": str,
            "recorded_at": str,
        },
        pk="id",
        not_null={"kind", "date", "quantity", "recorded_by", "recorded_at"},
        defaults={"quantity": 1},
    )
    db["entries"].create_index(["date"])
    db["entries"].create_index(["unit", "date"])
    # A fact may be reversed once; the index makes a second reversal fail inside its transaction.
    db.execute("CREATE UNIQUE INDEX entries_reverses ON entries(reverses) WHERE reverses IS NOT NULL")
    # Append-only: corrections are new reversal entries, never edits.
    db.execute(
        "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries "
        "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries "
        "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END"
    )
    db["imports"].create(
        {
            "sha256": str,
            "filename": str,
            "rows": int,
            "first_id": int,
            "last_id": int,
            "recorded_by": str,
            "recorded_at": str,
        },
        pk="sha256",
    )
