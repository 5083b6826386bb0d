"""A corrupt, read-only or full database file: a Chinese explanation naming the file, a non-zero exit,
never a traceback; `infobot check` reports what integrity_check finds."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.store import explain_failure, open_store
from tests.conftest import CONFIG_DIR
from tests.test_import import GOOD


def invoke(db, *args):
    return CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-30T18:00", *args])


@pytest.mark.parametrize("command", [["check"], ["run"], ["report"], ["import", "x.csv"]])
def test_a_file_that_is_not_a_database_is_explained(tmp_path, command):
    db = tmp_path / "infobot.db"
    db.write_bytes(b"this is not an SQLite file, it was overwritten by mistake " * 100)
    result = invoke(db, *command)
    assert result.exit_code == 4, result.output
    assert f"错误：数据库文件 {db} 已损坏" in result.output
    assert "data/backups/" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, no traceback


def test_check_reports_damaged_pages_instead_of_crashing(tmp_path):
    db = tmp_path / "infobot.db"
    sheet = tmp_path / "good.csv"
    sheet.write_text(
        GOOD + "".join(f"2019-05-03,济办,采用,上街信息,单条,1,标题{i}\n" for i in range(3000)), encoding="utf-8"
    )
    assert invoke(db, "import", str(sheet), "--by", "gaoge").exit_code == 0
    store = open_store(db)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = store.db.execute("PRAGMA page_size").fetchone()[0]
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.close()
    with db.open("r+b") as f:  # scribble over a few pages in the middle of the file
        f.seek(page * (pages // 2))
        f.write(b"\xff\x00" * page)
    result = invoke(db, "check")
    assert result.exit_code == 1, result.output
    assert f"检查发现问题：数据库 {db} 的完整性检查（integrity_check）未通过：\n  - " in result.output
    assert "data/backups/" in result.output


def test_a_read_only_database_is_explained(tmp_path, monkeypatch):
    db = tmp_path / "infobot.db"
    open_store(db).close()
    sheet = tmp_path / "good.csv"
    sheet.write_text(GOOD, encoding="utf-8")
    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # as when the file belongs to another user (tests may run as root)
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    result = invoke(db, "import", str(sheet), "--by", "gaoge")
    assert result.exit_code == 4, result.output
    assert f"错误：无法写入数据库 {db}" in result.output and "只读" in result.output


def test_a_full_disk_is_explained():
    text = explain_failure(sqlite3.OperationalError("database or disk is full"), "data/infobot.db")
    assert text.startswith("磁盘已满，无法写入数据库 data/infobot.db") and "清理磁盘空间" in text


def test_other_errors_are_not_dressed_up():
    assert explain_failure(ValueError("bad"), "x.db") is None
