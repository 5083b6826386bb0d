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


@migrations()
def m002_chat(db: Database) -> None:
    # Every incoming message, raw, before it is handled; the id makes redelivery a no-op.
    db["messages"].create(
        {
            "message_id": str,
            "room_id": str,
            "room_topic": str,
            "sender_id": str,
            "sender_name": str,
            "private": int,
            "text": str,
            "file_name": str,
            "at": str,
            "status": str,  # received → handled | failed
            "error": str,
        },
        pk="message_id",
        not_null={"sender_id", "at", "status"},
    )
    db["submissions"].create(
        {
            "id": int,
            "unit": str,
            "sender_id": str,
            "sender_name": str,
            "title": str,
            "body": str,
            "public_account": int,
            "text_key": str,
            "message_id": str,
            "at": str,
        },
        pk="id",
        not_null={"unit", "sender_id", "title", "text_key", "at"},
    )
    db["submissions"].create_index(["unit", "at"])
    db["submissions"].create_index(["text_key"])
    db["attachments"].create(
        {
            "id": int,
            "submission_id": int,
            "sender_id": str,
            "file_name": str,
            "path": str,
            "sha256": str,
            "message_id": str,
            "at": str,
        },
        pk="id",
        not_null={"sender_id", "file_name", "path", "at"},
    )
    db["attachments"].create_index(["sender_id", "at"])
    # A liaison's binding to a unit: requested, confirmed by an admin, ended when unbound or left.
    db["bindings"].create(
        {
            "id": int,
            "contact_id": str,
            "contact_name": str,
            "unit": str,
            "requested_at": str,
            "confirmed_at": str,
            "confirmed_by": str,
            "ended_at": str,
            "ended_by": str,
            "ended_reason": str,
        },
        pk="id",
        not_null={"contact_id", "unit", "requested_at"},
    )
    db["bindings"].create_index(["contact_id"])
    db["outbox"].create(
        {
            "id": int,
            "room_id": str,
            "contact_id": str,
            "text": str,
            "mentions": str,  # JSON list of contact ids to @
            "file_path": str,
            "key": str,       # set for posts that must go out once per period
            "created_at": str,
            "status": str,    # pending → sent | failed
            "sent_at": str,
            "error": str,
        },
        pk="id",
        not_null={"text", "created_at", "status"},
    )
    db.execute("CREATE UNIQUE INDEX outbox_key ON outbox(key) WHERE key IS NOT NULL")
    db["outbox"].create_index(["status", "id"])


@migrations()
def m003_item_key(db: Database) -> None:
    # The dedupe identity of an adoption (same submission or same title), kept so the store can
    # tell which adoptions may be summed in SQL and which need to be weighed one by one.
    db.execute("ALTER TABLE entries ADD COLUMN item_key TEXT")
    db.execute("CREATE INDEX entries_item_key ON entries(unit, item_key) WHERE item_key IS NOT NULL")
    db.execute("CREATE INDEX entries_kind_date ON entries(kind, date)")
