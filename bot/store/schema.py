"""Schema migrations, applied in order at start-up; each runs in its own transaction.

The order is the order of this list; a database remembers each migration by the name it recorded, which
never changes: a function renamed into numeric order keeps its recorded name with `name=`. Append new
ones at the end (numbered from the last), never edit or reorder old ones. bot/store/schema.sql is the
schema they build (tests/test_schema.py checks both).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("infobot")


@migrations()
def m001_ledger(db: Database) -> None:
    db.table("entries").create(
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
    db.table("entries").create_index(["date"])
    db.table("entries").create_index(["unit", "date"])
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
    db.table("imports").create(
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
    db.table("messages").create(
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
    db.table("submissions").create(
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
    db.table("submissions").create_index(["unit", "at"])
    db.table("submissions").create_index(["text_key"])
    db.table("attachments").create(
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
    db.table("attachments").create_index(["sender_id", "at"])
    # A liaison's binding to a unit: requested, confirmed by an admin, ended when unbound or left.
    db.table("bindings").create(
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
    db.table("bindings").create_index(["contact_id"])
    db.table("outbox").create(
        {
            "id": int,
            "room_id": str,
            "contact_id": str,
            "text": str,
            "mentions": str,  # JSON list of contact ids to @
            "file_path": str,
            "key": str,  # set for posts that must go out once per period
            "created_at": str,
            "status": str,  # pending → sent | failed
            "sent_at": str,
            "error": str,
        },
        pk="id",
        not_null={"text", "created_at", "status"},
    )
    db.execute("CREATE UNIQUE INDEX outbox_key ON outbox(key) WHERE key IS NOT NULL")
    db.table("outbox").create_index(["status", "id"])


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
    db.table("state").create({"key": str, "value": str, "updated_at": str}, pk="key", not_null={"value", "updated_at"})
    # 约稿: a request to some units with a deadline; one row per unit tracks its answer or refusal.
    db.table("solicitations").create(
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
    db.table("solicitation_units").create(
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
    db.table("emergencies").create(
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
    db.table("proposals").create(
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


@migrations(name="m015_yearend")  # the name databases recorded
def m006_yearend(db: Database) -> None:
    # 调研: a unit's research report on a 附件1 topic, or its 经验专期, for a half-year (#调研).
    db.table("research_reports").create(
        {
            "id": int,
            "unit": str,
            "kind": str,  # 调研报告 | 经验专期
            "topic": int,  # 附件1 topic number; null for 经验专期
            "year": int,
            "half": int,  # 1 | 2
            "title": str,
            "submission_id": int,
            "sender_id": str,
            "message_id": str,
            "at": str,
        },
        pk="id",
        not_null={"unit", "kind", "year", "half", "title", "sender_id", "at"},
    )
    db.execute("CREATE INDEX research_reports_year ON research_reports(year, unit)")
    # Year-end 一、二、三等奖 for research (优秀调研成果奖): recorded once per unit, year and title.
    db.table("research_prizes").create(
        {"id": int, "unit": str, "year": int, "grade": str, "title": str, "recorded_by": str, "recorded_at": str},
        pk="id",
        not_null={"unit", "year", "grade", "title", "recorded_by", "recorded_at"},
    )
    db.execute("CREATE UNIQUE INDEX research_prizes_once ON research_prizes(unit, year, title)")
    # 《紧急信息报送承诺书》: due within N working days of a change of a unit's principal leader.
    db.table("pledges").create(
        {
            "id": int,
            "unit": str,
            "changed_on": str,
            "due": str,
            "started_by": str,
            "started_at": str,
            "signed_on": str,
            "signed_by": str,
        },
        pk="id",
        not_null={"unit", "changed_on", "due", "started_by", "started_at"},
    )


@migrations(name="m016_editorial")  # the name databases recorded
def m007_editorial(db: Database) -> None:
    # An issue (期) of a publication the office edits itself: a draft until published, withdrawn by /撤刊.
    db.table("issues").create(
        {
            "id": int,
            "publication": str,
            "number": int,
            "status": str,  # draft → published → withdrawn (a withdrawn issue may be composed again)
            "composed_by": str,
            "composed_at": str,
            "published_by": str,
            "published_at": str,
            "published_on": str,  # the adoptions' date
            "withdrawn_by": str,
            "withdrawn_at": str,
            "withdraw_reason": str,
        },
        pk="id",
        not_null={"publication", "number", "status", "composed_by", "composed_at"},
    )
    db.execute("CREATE UNIQUE INDEX issues_number ON issues(publication, number)")
    # Its articles in order; a 综合 article holds several items, every other grade one.
    db.table("issue_articles").create(
        {"id": int, "issue_id": int, "position": int, "grade": str, "title": str},
        pk="id",
        not_null={"issue_id", "position", "grade"},
        foreign_keys=[("issue_id", "issues", "id")],
    )
    db.table("issue_items").create(
        {
            "id": int,
            "issue_id": int,
            "article_id": int,
            "position": int,
            "submission_id": int,
            "unit": str,
            "entry_id": int,  # the adoption recorded when the issue was published
        },
        pk="id",
        not_null={"issue_id", "article_id", "position", "submission_id", "unit"},
        foreign_keys=[("issue_id", "issues", "id"), ("article_id", "issue_articles", "id")],
    )
    db.execute("CREATE INDEX issue_items_submission ON issue_items(submission_id)")
    db.execute("CREATE INDEX issue_items_issue ON issue_items(issue_id, article_id)")


@migrations(name="m013_outbox_fairness")  # the name databases recorded
def m008_outbox_fairness(db: Database) -> None:
    # Office messages (admins' replies, scheduled posts) go before chat replies and past the daily cap;
    # requested_by is whose message a reply answers, for the per-sender budget.
    db.execute("ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE outbox ADD COLUMN requested_by TEXT")
    db.execute("CREATE INDEX outbox_pending_priority ON outbox(status, priority, id)")
    db.execute("CREATE INDEX outbox_requested_by ON outbox(requested_by, created_at)")


@migrations(name="m014_daily_use")  # the name databases recorded
def m009_daily_use(db: Database) -> None:
    # How a submission reached the office: NULL for the WeChat group, else 邮件/QQ/电话 (recorded by an admin).
    db.table("submissions").add_column("channel", str)
    # A #报送 sent while the sender's binding awaits confirmation: recorded, with its own time, on confirmation.
    db.table("held_submissions").create(
        {
            "id": int,
            "contact_id": str,
            "sender_name": str,
            "title": str,
            "body": str,
            "public_account": int,
            "message_id": str,
            "at": str,
            "released_at": str,
            "submission_id": int,
        },
        pk="id",
        not_null={"contact_id", "title", "at"},
    )
    db.table("held_submissions").create_index(["contact_id"])
    # Looking up an equal fact before recording one (the duplicate check).
    db.execute("CREATE INDEX entries_same_fact ON entries(unit, date, kind)")


@migrations(name="m012_durable_receipt")  # the name databases recorded
def m010_durable_receipt(db: Database) -> None:
    # Stored-but-unhandled messages are found at start-up and after every arrival, in arrival order.
    db.execute("CREATE INDEX messages_received ON messages(status) WHERE status = 'received'")
    # An attachment's bytes wait here, with its message, until the message is handled.
    db.table("incoming_files").create({"message_id": str, "name": str, "data": bytes}, pk="message_id")
    # A transport's journal: the id of every message event, noted as it comes off the wire, before its
    # payload is fetched. Cleared once the message is stored (or known to need nothing).
    db.table("arrivals").create({"message_id": str, "arrived_at": str}, pk="message_id")


@migrations(name="m017w_arrival_payload")  # the name databases recorded
def m011_arrival_payload(db: Database) -> None:
    # 企业微信 cannot send a message again: its journal keeps the whole callback frame (JSON), not just the id.
    db.table("arrivals").add_column("payload", str)


# The scoring key: what decides a fact's points besides its quantity (NULL kept as '' so it can be a key).
_SUM_KEY = ["kind", "publication", "grade", "level", "award_kind", "deduction_kind", "task"]


def _sum_values(row: str, span: str) -> str:
    keys = ", ".join(f"{row}kind" if k == "kind" else f"coalesce({row}{k}, '')" for k in _SUM_KEY)
    return f"{row}unit, {span}, {keys}"


@migrations(name="m017_score_sums")  # the name databases recorded
def m012_score_sums(db: Database) -> None:
    # Per-unit sums of the facts by scoring key, per month ('m2026-03') and per day ('d2026-03-05'),
    # kept by a trigger in the transaction that appends the fact: a unit's row then needs a few hundred
    # sums plus the facts that must be weighed one by one, however large the ledger grows.
    db.execute(f"""CREATE TABLE entry_sums (unit TEXT NOT NULL, span TEXT NOT NULL,
        {", ".join(f"{k} TEXT NOT NULL" for k in _SUM_KEY)},
        facts INTEGER NOT NULL, quantity INTEGER NOT NULL, task_points INTEGER NOT NULL,
        PRIMARY KEY (unit, span, {", ".join(_SUM_KEY)})) WITHOUT ROWID""")
    # How many adoptions of a unit in a year share a title or a submission: above one, the dedupe rule
    # must weigh them one by one.
    db.execute("""CREATE TABLE entry_items (unit TEXT NOT NULL, year TEXT NOT NULL, item TEXT NOT NULL,
        adoptions INTEGER NOT NULL, PRIMARY KEY (unit, year, item)) WITHOUT ROWID""")
    upsert = (
        "ON CONFLICT ({}) DO UPDATE SET facts = facts + 1, quantity = quantity + excluded.quantity, "
        "task_points = task_points + excluded.task_points"
    ).format(", ".join(["unit", "span", *_SUM_KEY]))
    spans = ["'m' || substr(NEW.date, 1, 7)", "'d' || NEW.date"]
    sums = "\n".join(
        f"INSERT INTO entry_sums VALUES ({_sum_values('NEW.', s)}, 1, NEW.quantity, "
        f"coalesce(NEW.task_points, 0)) {upsert};"
        for s in spans
    )
    items = "\n".join(
        f"INSERT INTO entry_items SELECT NEW.unit, substr(NEW.date, 1, 4), {item}, 1 WHERE NEW.kind = 'adoption' "
        f"AND {column} IS NOT NULL ON CONFLICT (unit, year, item) DO UPDATE SET adoptions = adoptions + 1;"
        for item, column in [("'k' || NEW.item_key", "NEW.item_key"), ("'s' || NEW.submission_id", "NEW.submission_id")]
    )
    db.execute(f"""CREATE TRIGGER entries_sums AFTER INSERT ON entries
        WHEN NEW.kind != 'reversal' AND NEW.unit IS NOT NULL
        BEGIN
        {sums}
        {items}
        END""")
    for span in ["'m' || substr(date, 1, 7)", "'d' || date"]:
        db.execute(f"""INSERT INTO entry_sums SELECT {_sum_values("", span)}, count(*), sum(quantity),
            coalesce(sum(task_points), 0) FROM entries WHERE kind != 'reversal' AND unit IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9""")
    for item, column in [("'k' || item_key", "item_key"), ("'s' || submission_id", "submission_id")]:
        db.execute(f"""INSERT INTO entry_items SELECT unit, substr(date, 1, 4), {item}, count(*) FROM entries
            WHERE kind = 'adoption' AND unit IS NOT NULL AND {column} IS NOT NULL GROUP BY 1, 2, 3""")
    # A unit's deductions that name it in notes (评先 disqualifiers), found without scanning its year.
    db.execute("CREATE INDEX entries_unit_deductions ON entries(unit, deduction_kind, date) WHERE kind = 'deduction'")


@migrations(name="m017b_score_sums_indexes")  # the name databases recorded
def m013_score_sums_indexes(db: Database) -> None:
    # The whole board reads every unit's sums for a few spans; the repeated items are few among many.
    db.execute("CREATE INDEX entry_sums_span ON entry_sums(span)")
    db.execute("CREATE INDEX entry_items_repeated ON entry_items(year, unit, item) WHERE adoptions > 1")


@migrations()
def m030_cards_prompts_oral_reports(db: Database) -> None:
    # The decisions an outgoing message offers (JSON list of prompts), shown by 企业微信 as button cards.
    db.table("outbox").add_column("prompts", str)
    # Each card sent: its task_id (企业微信's handle for updating it), the decision it shows and its buttons.
    db.table("wecom_cards").create(
        {
            "task_id": str,
            "outbox_id": int,
            "chat_id": str,
            "subject": str,
            "title": str,
            "buttons": str,
            "sent_at": str,
        },
        pk="task_id",
    )
    # 紧急信息's oral report (1 hour rule): when it was made, or that it was not ('none'); who noted it, when.
    for column in ("oral_at", "oral_state", "oral_by", "oral_noted_at"):
        db.table("emergencies").add_column(column, str)


@migrations()
def m030_install_item_keys(db: Database) -> None:
    # Adoptions recorded before m003 have no item_key, so the sums of m017 took same-titled adoptions for
    # separate items and an upgraded database scored them twice. The key is an index derived from the
    # title (bot.scoring.dedupe.title_key), not part of the fact: the append-only trigger is lifted for
    # this one update, and the item counts are rebuilt from the ledger.
    from bot.common.text import name_key

    rows = db.execute(
        "SELECT id, title FROM entries WHERE kind = 'adoption' AND item_key IS NULL "
        "AND title IS NOT NULL AND title != ''"
    ).fetchall()
    keys = [(key, entry_id) for entry_id, title in rows if (key := name_key(title))]
    if not keys:
        return
    db.execute("DROP TRIGGER entries_no_update")
    db.conn.executemany("UPDATE entries SET item_key = ? WHERE id = ?", keys)
    db.execute(
        "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries "
        "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END"
    )
    db.execute("DELETE FROM entry_items")
    for item, column in [("'k' || item_key", "item_key"), ("'s' || submission_id", "submission_id")]:
        db.execute(f"""INSERT INTO entry_items SELECT unit, substr(date, 1, 4), {item}, count(*) FROM entries
            WHERE kind = 'adoption' AND unit IS NOT NULL AND {column} IS NOT NULL GROUP BY 1, 2, 3""")


@migrations()
def m030_runner_reply_to(db: Database) -> None:
    # A reply knows the message it answers (in that message's chat), and the message keeps the network's
    # handle for answering it (企业微信's req_id): any transport finds it from the store, after a restart too.
    db.table("messages").add_column("reply_token", str)
    db.table("outbox").add_column("answers", str)
    db.execute("CREATE INDEX outbox_answers ON outbox(answers) WHERE answers IS NOT NULL")


@migrations()
def m031_wecom_delivery(db: Database) -> None:
    # Who can be pushed to on 企业微信: a chat (a contact's one-to-one chat, or a group) where it wrote to the bot.
    db.table("reach").create({"chat_id": str, "kind": str, "last_wrote_at": str}, pk="chat_id")
    db.execute(
        "INSERT OR REPLACE INTO reach (chat_id, kind, last_wrote_at) "
        "SELECT sender_id, 'contact', max(at) FROM messages WHERE sender_id IS NOT NULL AND private = 1 "
        "GROUP BY sender_id"
    )
    db.execute(
        "INSERT OR REPLACE INTO reach (chat_id, kind, last_wrote_at) "
        "SELECT room_id, 'room', max(at) FROM messages WHERE room_id IS NOT NULL GROUP BY room_id"
    )
    # Every message frame spent against a budget (a conversation, the uploads, the group webhook), by time.
    db.table("budget_spent").create({"id": int, "budget": str, "at": str}, pk="id")
    db.table("budget_spent").create_index(["budget", "at"])
    # A refused send: 企业微信's errcode and errmsg, and how often it was tried; 'handed' rows went to the admins.
    for column, kind in (("errcode", int), ("errmsg", str), ("attempts", int), ("handed_to", str)):
        db.table("outbox").add_column(column, kind)


@migrations()
def m031_desk_logins(db: Database) -> None:
    # The office's desk (bot/web/): one-time login links and the sessions they start. Only hashes of the
    # random secrets are kept, so a copy of the database opens no session.
    db.table("desk_tokens").create(
        {"token_hash": str, "contact_id": str, "created_at": str, "expires_at": str, "used_at": str},
        pk="token_hash",
        not_null={"contact_id", "created_at", "expires_at"},
    )
    db.table("desk_tokens").create_index(["contact_id", "created_at"])
    db.table("desk_sessions").create(
        {"session_hash": str, "contact_id": str, "created_at": str, "expires_at": str, "ended_at": str},
        pk="session_hash",
        not_null={"contact_id", "created_at", "expires_at"},
    )
    db.table("desk_sessions").create_index(["contact_id"])


@migrations()
def m032_desk2_desk_writes(db: Database) -> None:
    # Every write made on the desk (bot/web/): the key of the form it came from (a form submitted twice
    # records once), who sent it, what it did, and the facts it appended (ids first..last), so a unit's
    # page can say a fact was recorded on the desk. Written in the same transaction as the write itself.
    db.table("desk_writes").create(
        {
            "form_key": str,
            "contact_id": str,
            "action": str,
            "at": str,
            "first_entry": int,
            "last_entry": int,
            "result": str,
            "location": str,
        },
        pk="form_key",
        not_null={"contact_id", "action", "at"},
    )
    db.table("desk_writes").create_index(["first_entry"])


REGENERATE = "python -c \"from bot.store.schema import schema_sql; print(schema_sql(), end='')\" > bot/store/schema.sql"


def schema_sql() -> str:
    """The schema every migration builds, as SQLite keeps it (sqlite_master), tables first and each object
    in name order: the text of bot/store/schema.sql (regenerate it with REGENERATE)."""
    db = Database(memory=True)
    migrations.apply(db)
    order = "CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, tbl_name, name"
    rows = db.execute(f"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY {order}").fetchall()
    db.close()
    return "".join(f"{sql};\n\n" for (sql,) in rows).rstrip("\n") + "\n"
