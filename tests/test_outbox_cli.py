"""`infobot outbox` lists what waits, what failed (with 企业微信's errcode) and what was handed over, and resends;
a read-only database is refused at start with exit 4 and no traceback."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.store import open_store
from tests.test_cli import CONFIG_DIR


def invoke(db, *args):
    return CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-30T18:00", *args])


def test_outbox_lists_and_retries(tmp_path):
    db = tmp_path / "infobot.db"
    store = open_store(db)
    for status in ("pending", "failed", "handed", "sent"):
        store.db.execute(
            "INSERT INTO outbox (contact_id, text, mentions, created_at, status) VALUES (?, ?, '[]', ?, ?)",
            ["WangFuZe", f"消息{status}", "2019-06-30T10:00:00+08:00", status],
        )
    store.note_refusal(2, 45009, "api freq out of limit", 3)
    store.mark_handed(3, "环保局 一把手 王副局", __import__("datetime").datetime(2019, 6, 30, 10))
    store.db.conn.commit()
    listed = invoke(db, "outbox")
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert len(lines) == 3 and "#1 等待发送" in lines[0]
    assert "#2 发送失败" in lines[1] and "错误码 45009：api freq out of limit，已试 3 次" in lines[1]
    assert "请转交 环保局 一把手 王副局" in lines[2]
    retried = invoke(db, "outbox", "--retry", "2")
    assert retried.exit_code == 0 and "已把发件箱 #2 放回队列" in retried.output
    assert open_store(db).outbox_row(2)["status"] == "pending"
    sent = invoke(db, "outbox", "--retry", "4")
    assert sent.exit_code == 1 and "只有发送失败或已交转交的消息可以重发" in sent.output
    missing = invoke(db, "outbox", "--retry", "99")
    assert missing.exit_code == 1 and "发件箱里没有 #99" in missing.output


def test_a_read_only_database_is_refused_at_start(tmp_path):
    from sqlite_utils import Database

    from bot.store import Store, explain_failure

    db = tmp_path / "infobot.db"
    open_store(db).db.conn.close()
    read_only = Store(Database(sqlite3.connect(f"file:{db}?mode=ro", uri=True)))  # as a read-only file opens
    with pytest.raises(sqlite3.OperationalError) as caught:
        read_only.check_writable()
    assert "只读" in explain_failure(caught.value, db)  # `infobot run` says this and exits 4
