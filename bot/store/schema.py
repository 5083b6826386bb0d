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
    # An adoption's title as the dedupe rule compares it (NFKC, no spaces or 《》), kept so the store can
    # tell which adoptions may be summed in SQL and which need to be weighed one by one.
    db.execute("ALTER TABLE entries ADD COLUMN item_key TEXT")
    db.execute("CREATE INDEX entries_item_key ON entries(unit, item_key) WHERE item_key IS NOT NULL")
    db.execute("CREATE INDEX entries_submission ON entries(submission_id) WHERE submission_id IS NOT NULL")
    db.execute("CREATE INDEX entries_kind_date ON entries(kind, date, unit, item_key)")  # covers the dedupe scan


@migrations()
def m004_followups(db: Database) -> None:
    # Small facts learned at run time, e.g. the group's room id (config only knows its name).
    db["state"].create({"key": str, "value": str, "updated_at": str}, pk="key", not_null={"value", "updated_at"})
    # 约稿: a request to some units with a deadline; one row per unit tracks its answer or refusal.
    db["solicitations"].create(
        {
            "id": int,
            "title": str,
            "deadline": str,
            "created_by": str,
            "created_at": str,
            "message_id": str,
            "closed_at": str,  # set when the deadline check has listed the late units
        },
        pk="id",
        not_null={"title", "deadline", "created_by", "created_at"},
    )
    db["solicitation_units"].create(
        {
            "solicitation_id": int,
            "unit": str,
            "answered_at": str,
            "answered_by": str,
            "submission_id": int,
            "refused_at": str,
            "refused_by": str,
            "refusal_note": str,
        },
        pk=("solicitation_id", "unit"),
        foreign_keys=[("solicitation_id", "solicitations", "id")],
    )
    # 紧急信息: a written report, its receipt time and the event time stated in it.
    db["emergencies"].create(
        {
            "id": int,
            "unit": str,
            "sender_id": str,
            "submission_id": int,
            "title": str,
            "event_at": str,
            "at": str,
            "message_id": str,
        },
        pk="id",
        not_null={"unit", "sender_id", "title", "at"},
    )
    # A deduction the bot proposes; it becomes a ledger fact only when an admin confirms it.
    db["proposals"].create(
        {
            "id": int,
            "unit": str,
            "deduction_kind": str,
            "date": str,
            "note": str,
            "source": str,  # what it is about, e.g. solicitation:3:济办; proposed once per source
            "proposed_at": str,
            "status": str,  # pending → confirmed | dismissed
            "decided_by": str,
            "decided_at": str,
            "reason": str,
            "entry_id": int,
        },
        pk="id",
        not_null={"unit", "deduction_kind", "date", "source", "proposed_at", "status"},
    )
    db.execute("CREATE UNIQUE INDEX proposals_source ON proposals(source)")


@migrations()
def m005_outbox_pace(db: Database) -> None:
    # The paced delivery counts today's sends and finds the last one before every message.
    db.execute("CREATE INDEX outbox_sent_at ON outbox(status, sent_at)")


# The scoring key: what decides a fact's points besides its quantity (NULL kept as '' so it can be a key).
_SUM_KEY = ["kind", "publication", "grade", "level", "award_kind", "deduction_kind", "task"]


def _sum_values(row: str, span: str) -> str:
    keys = ", ".join(f"{row}kind" if k == "kind" else f"coalesce({row}{k}, '')" for k in _SUM_KEY)
    return f"{row}unit, {span}, {keys}"


@migrations()
def m017_score_sums(db: Database) -> None:
    # Per-unit sums of the facts by scoring key, per month ('m2026-03') and per day ('d2026-03-05'),
    # kept by a trigger in the transaction that appends the fact: a unit's row then needs a few hundred
    # sums plus the facts that must be weighed one by one, however large the ledger grows.
    db.execute(f"""CREATE TABLE entry_sums (unit TEXT NOT NULL, span TEXT NOT NULL,
        {', '.join(f'{k} TEXT NOT NULL' for k in _SUM_KEY)},
        facts INTEGER NOT NULL, quantity INTEGER NOT NULL, task_points INTEGER NOT NULL,
        PRIMARY KEY (unit, span, {', '.join(_SUM_KEY)})) WITHOUT ROWID""")
    # How many adoptions of a unit in a year share a title or a submission: above one, the dedupe rule
    # must weigh them one by one.
    db.execute("""CREATE TABLE entry_items (unit TEXT NOT NULL, year TEXT NOT NULL, item TEXT NOT NULL,
        adoptions INTEGER NOT NULL, PRIMARY KEY (unit, year, item)) WITHOUT ROWID""")
    upsert = ("ON CONFLICT ({}) DO UPDATE SET facts = facts + 1, quantity = quantity + excluded.quantity, "
              "task_points = task_points + excluded.task_points").format(", ".join(["unit", "span", *_SUM_KEY]))
    spans = ["'m' || substr(NEW.date, 1, 7)", "'d' || NEW.date"]
    sums = "\n".join(f"INSERT INTO entry_sums VALUES ({_sum_values('NEW.', s)}, 1, NEW.quantity, "
                     f"coalesce(NEW.task_points, 0)) {upsert};" for s in spans)
    items = "\n".join(
        f"INSERT INTO entry_items SELECT NEW.unit, substr(NEW.date, 1, 4), {item}, 1 WHERE NEW.kind = 'adoption' "
        f"AND {column} IS NOT NULL ON CONFLICT (unit, year, item) DO UPDATE SET adoptions = adoptions + 1;"
        for item, column in [("'k' || NEW.item_key", "NEW.item_key"), ("'s' || NEW.submission_id", "NEW.submission_id")])
    db.execute(f"""CREATE TRIGGER entries_sums AFTER INSERT ON entries
        WHEN NEW.kind != 'reversal' AND NEW.unit IS NOT NULL
        BEGIN
        {sums}
        {items}
        END""")
    for span in ["'m' || substr(date, 1, 7)", "'d' || date"]:
        db.execute(f"""INSERT INTO entry_sums SELECT {_sum_values('', span)}, count(*), sum(quantity),
            coalesce(sum(task_points), 0) FROM entries WHERE kind != 'reversal' AND unit IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9""")
    for item, column in [("'k' || item_key", "item_key"), ("'s' || submission_id", "submission_id")]:
        db.execute(f"""INSERT INTO entry_items SELECT unit, substr(date, 1, 4), {item}, count(*) FROM entries
            WHERE kind = 'adoption' AND unit IS NOT NULL AND {column} IS NOT NULL GROUP BY 1, 2, 3""")
    # A unit's deductions that name it in notes (评先 disqualifiers), found without scanning its year.
    db.execute("CREATE INDEX entries_unit_deductions ON entries(unit, deduction_kind, date) WHERE kind = 'deduction'")


@migrations()
def m017b_score_sums_indexes(db: Database) -> None:
    # The whole board reads every unit's sums for a few spans; the repeated items are few among many.
    db.execute("CREATE INDEX entry_sums_span ON entry_sums(span)")
    db.execute("CREATE INDEX entry_items_repeated ON entry_items(year, unit, item) WHERE adoptions > 1")
