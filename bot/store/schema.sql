CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

CREATE TABLE "arrivals" (
   "message_id" TEXT PRIMARY KEY,
   "arrived_at" TEXT
, "payload" TEXT);

CREATE TABLE "attachments" (
   "id" INTEGER PRIMARY KEY,
   "submission_id" INTEGER,
   "sender_id" TEXT NOT NULL,
   "file_name" TEXT NOT NULL,
   "path" TEXT NOT NULL,
   "sha256" TEXT,
   "message_id" TEXT,
   "at" TEXT NOT NULL
);

CREATE TABLE "bindings" (
   "id" INTEGER PRIMARY KEY,
   "contact_id" TEXT NOT NULL,
   "contact_name" TEXT,
   "unit" TEXT NOT NULL,
   "requested_at" TEXT NOT NULL,
   "confirmed_at" TEXT,
   "confirmed_by" TEXT,
   "ended_at" TEXT,
   "ended_by" TEXT,
   "ended_reason" TEXT
);

CREATE TABLE "budget_spent" (
   "id" INTEGER PRIMARY KEY,
   "budget" TEXT,
   "at" TEXT
);

CREATE TABLE "desk_sessions" (
   "session_hash" TEXT PRIMARY KEY,
   "contact_id" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "expires_at" TEXT NOT NULL,
   "ended_at" TEXT
);

CREATE TABLE "desk_tokens" (
   "token_hash" TEXT PRIMARY KEY,
   "contact_id" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "expires_at" TEXT NOT NULL,
   "used_at" TEXT
);

CREATE TABLE "desk_writes" (
   "form_key" TEXT PRIMARY KEY,
   "contact_id" TEXT NOT NULL,
   "action" TEXT NOT NULL,
   "at" TEXT NOT NULL,
   "first_entry" INTEGER,
   "last_entry" INTEGER,
   "result" TEXT,
   "location" TEXT
);

CREATE TABLE "emergencies" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "sender_id" TEXT NOT NULL,
   "submission_id" INTEGER,
   "title" TEXT NOT NULL,
   "event_at" TEXT,
   "at" TEXT NOT NULL,
   "message_id" TEXT
, "oral_at" TEXT, "oral_state" TEXT, "oral_by" TEXT, "oral_noted_at" TEXT);

CREATE TABLE "entries" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "unit" TEXT,
   "date" TEXT NOT NULL,
   "quantity" INTEGER NOT NULL DEFAULT 1,
   "publication" TEXT,
   "grade" TEXT,
   "level" TEXT,
   "award_kind" TEXT,
   "deduction_kind" TEXT,
   "task" TEXT,
   "task_points" INTEGER,
   "issue" TEXT,
   "title" TEXT,
   "submission_id" INTEGER,
   "ref_id" INTEGER,
   "reverses" INTEGER,
   "note" TEXT,
   "source" TEXT,
   "recorded_by" TEXT NOT NULL,
   "recorded_at" TEXT NOT NULL
, item_key TEXT);

CREATE TABLE entry_items (unit TEXT NOT NULL, year TEXT NOT NULL, item TEXT NOT NULL,
        adoptions INTEGER NOT NULL, PRIMARY KEY (unit, year, item)) WITHOUT ROWID;

CREATE TABLE entry_sums (unit TEXT NOT NULL, span TEXT NOT NULL,
        kind TEXT NOT NULL, publication TEXT NOT NULL, grade TEXT NOT NULL, level TEXT NOT NULL, award_kind TEXT NOT NULL, deduction_kind TEXT NOT NULL, task TEXT NOT NULL,
        facts INTEGER NOT NULL, quantity INTEGER NOT NULL, task_points INTEGER NOT NULL,
        PRIMARY KEY (unit, span, kind, publication, grade, level, award_kind, deduction_kind, task)) WITHOUT ROWID;

CREATE TABLE "held_submissions" (
   "id" INTEGER PRIMARY KEY,
   "contact_id" TEXT NOT NULL,
   "sender_name" TEXT,
   "title" TEXT NOT NULL,
   "body" TEXT,
   "public_account" INTEGER,
   "message_id" TEXT,
   "at" TEXT NOT NULL,
   "released_at" TEXT,
   "submission_id" INTEGER
);

CREATE TABLE "imports" (
   "sha256" TEXT PRIMARY KEY,
   "filename" TEXT,
   "rows" INTEGER,
   "first_id" INTEGER,
   "last_id" INTEGER,
   "recorded_by" TEXT,
   "recorded_at" TEXT
);

CREATE TABLE "incoming_files" (
   "message_id" TEXT PRIMARY KEY,
   "name" TEXT,
   "data" BLOB
);

CREATE TABLE "issue_articles" (
   "id" INTEGER PRIMARY KEY,
   "issue_id" INTEGER NOT NULL REFERENCES "issues"("id"),
   "position" INTEGER NOT NULL,
   "grade" TEXT NOT NULL,
   "title" TEXT
);

CREATE TABLE "issue_items" (
   "id" INTEGER PRIMARY KEY,
   "issue_id" INTEGER NOT NULL REFERENCES "issues"("id"),
   "article_id" INTEGER NOT NULL REFERENCES "issue_articles"("id"),
   "position" INTEGER NOT NULL,
   "submission_id" INTEGER NOT NULL,
   "unit" TEXT NOT NULL,
   "entry_id" INTEGER
);

CREATE TABLE "issues" (
   "id" INTEGER PRIMARY KEY,
   "publication" TEXT NOT NULL,
   "number" INTEGER NOT NULL,
   "status" TEXT NOT NULL,
   "composed_by" TEXT NOT NULL,
   "composed_at" TEXT NOT NULL,
   "published_by" TEXT,
   "published_at" TEXT,
   "published_on" TEXT,
   "withdrawn_by" TEXT,
   "withdrawn_at" TEXT,
   "withdraw_reason" TEXT
);

CREATE TABLE "messages" (
   "message_id" TEXT PRIMARY KEY,
   "room_id" TEXT,
   "room_topic" TEXT,
   "sender_id" TEXT NOT NULL,
   "sender_name" TEXT,
   "private" INTEGER,
   "text" TEXT,
   "file_name" TEXT,
   "at" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "error" TEXT
, "reply_token" TEXT);

CREATE TABLE "outbox" (
   "id" INTEGER PRIMARY KEY,
   "room_id" TEXT,
   "contact_id" TEXT,
   "text" TEXT NOT NULL,
   "mentions" TEXT,
   "file_path" TEXT,
   "key" TEXT,
   "created_at" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "sent_at" TEXT,
   "error" TEXT
, priority INTEGER NOT NULL DEFAULT 0, requested_by TEXT, "prompts" TEXT, "answers" TEXT, "errcode" INTEGER, "errmsg" TEXT, "attempts" INTEGER, "handed_to" TEXT);

CREATE TABLE "pledges" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "changed_on" TEXT NOT NULL,
   "due" TEXT NOT NULL,
   "started_by" TEXT NOT NULL,
   "started_at" TEXT NOT NULL,
   "signed_on" TEXT,
   "signed_by" TEXT
);

CREATE TABLE "proposals" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "deduction_kind" TEXT NOT NULL,
   "date" TEXT NOT NULL,
   "note" TEXT,
   "source" TEXT NOT NULL,
   "proposed_at" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "decided_by" TEXT,
   "decided_at" TEXT,
   "reason" TEXT,
   "entry_id" INTEGER
);

CREATE TABLE "reach" (
   "chat_id" TEXT PRIMARY KEY,
   "kind" TEXT,
   "last_wrote_at" TEXT
);

CREATE TABLE "research_prizes" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "year" INTEGER NOT NULL,
   "grade" TEXT NOT NULL,
   "title" TEXT NOT NULL,
   "recorded_by" TEXT NOT NULL,
   "recorded_at" TEXT NOT NULL
);

CREATE TABLE "research_reports" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "topic" INTEGER,
   "year" INTEGER NOT NULL,
   "half" INTEGER NOT NULL,
   "title" TEXT NOT NULL,
   "submission_id" INTEGER,
   "sender_id" TEXT NOT NULL,
   "message_id" TEXT,
   "at" TEXT NOT NULL
);

CREATE TABLE "solicitation_units" (
   "solicitation_id" INTEGER REFERENCES "solicitations"("id"),
   "unit" TEXT,
   "answered_at" TEXT,
   "answered_by" TEXT,
   "submission_id" INTEGER,
   "refused_at" TEXT,
   "refused_by" TEXT,
   "refusal_note" TEXT,
   PRIMARY KEY ("solicitation_id", "unit")
);

CREATE TABLE "solicitations" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT NOT NULL,
   "deadline" TEXT NOT NULL,
   "created_by" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "message_id" TEXT,
   "closed_at" TEXT
);

CREATE TABLE "state" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL
);

CREATE TABLE "submissions" (
   "id" INTEGER PRIMARY KEY,
   "unit" TEXT NOT NULL,
   "sender_id" TEXT NOT NULL,
   "sender_name" TEXT,
   "title" TEXT NOT NULL,
   "body" TEXT,
   "public_account" INTEGER,
   "text_key" TEXT NOT NULL,
   "message_id" TEXT,
   "at" TEXT NOT NULL
, "channel" TEXT);

CREATE TABLE "wecom_cards" (
   "task_id" TEXT PRIMARY KEY,
   "outbox_id" INTEGER,
   "chat_id" TEXT,
   "subject" TEXT,
   "title" TEXT,
   "buttons" TEXT,
   "sent_at" TEXT
);

CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

CREATE INDEX "idx_attachments_sender_id_at"
    ON "attachments" ("sender_id", "at");

CREATE INDEX "idx_bindings_contact_id"
    ON "bindings" ("contact_id");

CREATE INDEX "idx_budget_spent_budget_at"
    ON "budget_spent" ("budget", "at");

CREATE INDEX "idx_desk_sessions_contact_id"
    ON "desk_sessions" ("contact_id");

CREATE INDEX "idx_desk_tokens_contact_id_created_at"
    ON "desk_tokens" ("contact_id", "created_at");

CREATE INDEX "idx_desk_writes_first_entry"
    ON "desk_writes" ("first_entry");

CREATE INDEX entries_item_key ON entries(unit, item_key) WHERE item_key IS NOT NULL;

CREATE INDEX entries_kind_date ON entries(kind, date, unit, item_key);

CREATE UNIQUE INDEX entries_reverses ON entries(reverses) WHERE reverses IS NOT NULL;

CREATE INDEX entries_same_fact ON entries(unit, date, kind);

CREATE INDEX entries_submission ON entries(submission_id) WHERE submission_id IS NOT NULL;

CREATE INDEX entries_unit_deductions ON entries(unit, deduction_kind, date) WHERE kind = 'deduction';

CREATE INDEX "idx_entries_date"
    ON "entries" ("date");

CREATE INDEX "idx_entries_unit_date"
    ON "entries" ("unit", "date");

CREATE INDEX entry_items_repeated ON entry_items(year, unit, item) WHERE adoptions > 1;

CREATE INDEX entry_sums_span ON entry_sums(span);

CREATE INDEX "idx_held_submissions_contact_id"
    ON "held_submissions" ("contact_id");

CREATE INDEX issue_items_issue ON issue_items(issue_id, article_id);

CREATE INDEX issue_items_submission ON issue_items(submission_id);

CREATE UNIQUE INDEX issues_number ON issues(publication, number);

CREATE INDEX messages_received ON messages(status) WHERE status = 'received';

CREATE INDEX "idx_outbox_status_id"
    ON "outbox" ("status", "id");

CREATE INDEX outbox_answers ON outbox(answers) WHERE answers IS NOT NULL;

CREATE UNIQUE INDEX outbox_key ON outbox(key) WHERE key IS NOT NULL;

CREATE INDEX outbox_pending_priority ON outbox(status, priority, id);

CREATE INDEX outbox_requested_by ON outbox(requested_by, created_at);

CREATE INDEX outbox_sent_at ON outbox(status, sent_at);

CREATE UNIQUE INDEX proposals_source ON proposals(source);

CREATE UNIQUE INDEX research_prizes_once ON research_prizes(unit, year, title);

CREATE INDEX research_reports_year ON research_reports(year, unit);

CREATE INDEX "idx_submissions_text_key"
    ON "submissions" ("text_key");

CREATE INDEX "idx_submissions_unit_at"
    ON "submissions" ("unit", "at");

CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

CREATE TRIGGER entries_sums AFTER INSERT ON entries
        WHEN NEW.kind != 'reversal' AND NEW.unit IS NOT NULL
        BEGIN
        INSERT INTO entry_sums VALUES (NEW.unit, 'm' || substr(NEW.date, 1, 7), NEW.kind, coalesce(NEW.publication, ''), coalesce(NEW.grade, ''), coalesce(NEW.level, ''), coalesce(NEW.award_kind, ''), coalesce(NEW.deduction_kind, ''), coalesce(NEW.task, ''), 1, NEW.quantity, coalesce(NEW.task_points, 0)) ON CONFLICT (unit, span, kind, publication, grade, level, award_kind, deduction_kind, task) DO UPDATE SET facts = facts + 1, quantity = quantity + excluded.quantity, task_points = task_points + excluded.task_points;
INSERT INTO entry_sums VALUES (NEW.unit, 'd' || NEW.date, NEW.kind, coalesce(NEW.publication, ''), coalesce(NEW.grade, ''), coalesce(NEW.level, ''), coalesce(NEW.award_kind, ''), coalesce(NEW.deduction_kind, ''), coalesce(NEW.task, ''), 1, NEW.quantity, coalesce(NEW.task_points, 0)) ON CONFLICT (unit, span, kind, publication, grade, level, award_kind, deduction_kind, task) DO UPDATE SET facts = facts + 1, quantity = quantity + excluded.quantity, task_points = task_points + excluded.task_points;
        INSERT INTO entry_items SELECT NEW.unit, substr(NEW.date, 1, 4), 'k' || NEW.item_key, 1 WHERE NEW.kind = 'adoption' AND NEW.item_key IS NOT NULL ON CONFLICT (unit, year, item) DO UPDATE SET adoptions = adoptions + 1;
INSERT INTO entry_items SELECT NEW.unit, substr(NEW.date, 1, 4), 's' || NEW.submission_id, 1 WHERE NEW.kind = 'adoption' AND NEW.submission_id IS NOT NULL ON CONFLICT (unit, year, item) DO UPDATE SET adoptions = adoptions + 1;
        END;
