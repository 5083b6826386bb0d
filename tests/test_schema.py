"""Migrations: a database remembers each by the name it recorded, so those names only grow (renaming a
function keeps its recorded name with `name=`); the functions read in numeric order; and
bot/store/schema.sql is the schema they build."""

from __future__ import annotations

import re
from pathlib import Path

from sqlite_utils import Database

from bot.store import open_store
from bot.store.schema import REGENERATE, migrations, schema_sql

SCHEMA_SQL = Path(__file__).resolve().parent.parent / "bot" / "store" / "schema.sql"

# The names databases in the field recorded, in the order they were applied. Only ever appended to.
RECORDED = [
    "m001_ledger",
    "m002_chat",
    "m003_item_key",
    "m004_followups",
    "m005_outbox_pace",
    "m015_yearend",
    "m016_editorial",
    "m013_outbox_fairness",
    "m014_daily_use",
    "m012_durable_receipt",
    "m017w_arrival_payload",
    "m017_score_sums",
    "m017b_score_sums_indexes",
    "m030_cards_prompts_oral_reports",
    "m030_install_item_keys",
    "m030_runner_reply_to",
    "m031_wecom_delivery",
    "m031_desk_logins",
    "m032_desk2_desk_writes",
]


def declared():
    return migrations.pending(Database(memory=True))  # every migration, in the order it applies


def test_the_recorded_names_only_grow():
    names = [m.name for m in declared()]
    assert names[: len(RECORDED)] == RECORDED, "a recorded migration was renamed, removed or moved"
    assert len(set(names)) == len(names)


def test_a_database_that_recorded_the_old_names_runs_nothing_again(tmp_path):
    store = open_store(tmp_path / "infobot.db")
    applied = [m.name for m in migrations.applied(store.db)]
    store.close()
    assert applied == [m.name for m in declared()] and applied[: len(RECORDED)] == RECORDED
    again = open_store(tmp_path / "infobot.db")  # as at every start: nothing pending
    assert migrations.pending(again.db) == []
    again.close()


def test_the_functions_read_in_numeric_order():
    numbers = [int(re.match(r"m(\d+)", m.fn.__name__)[1]) for m in declared()]
    assert numbers == sorted(numbers), [m.fn.__name__ for m in declared()]


def test_schema_sql_is_the_schema_the_migrations_build():
    assert SCHEMA_SQL.read_text(encoding="utf-8") == schema_sql(), f"regenerate it: {REGENERATE}"
