"""Upgrading keeps every fact and every score: a database made by the oldest migration set (the ledger
alone) goes through every migration, backed up first, and reads back the same ledger and the same scores."""

from __future__ import annotations

import sqlite3
from click.testing import CliRunner
from sqlite_utils import Database

from bot.cli import main
from bot.scoring import Period
from bot.services import Office
from bot.store import open_store
from bot.store.schema import migrations
from tests.office_data import seed_half_year

OLDEST = [m.name for m in migrations.pending(Database(memory=True))][:1]  # m001_ledger
YEAR = Period.whole_year(2019)


def record_year(svc, rec) -> None:
    """The 2019 half-year ledger (an import and chat-style facts), a training and a reversed fact."""
    seed_half_year(svc)
    rec.training("济办", 12, "2019-04-01")
    wrong = rec.adoption("司法局", "上街信息", "单条", "2019-05-10")
    svc.ledger.reverse(wrong.id, "登记错了", "wxid_office")


def ledger_rows(conn: sqlite3.Connection, columns: list[str]) -> list[tuple]:
    return conn.execute(f"SELECT {', '.join(columns)} FROM entries ORDER BY id").fetchall()


def totals(board) -> dict[str, tuple]:
    return {r.unit.name: (r.total, r.adoption_points, r.deduction_points, r.rank) for r in board.rows}


def old_database(tmp_path, svc) -> tuple:
    """The in-memory ledger copied into a file that has only the oldest migration's tables."""
    path = tmp_path / "data" / "infobot.db"
    path.parent.mkdir()
    db = Database(path)
    migrations.apply(db, stop_before=migrations.pending(db)[1].name)
    columns = [c.name for c in db["entries"].columns]
    rows = [dict(zip(columns, row)) for row in ledger_rows(svc.store.db.conn, columns)]
    db["entries"].insert_all(rows)
    db["imports"].insert_all(svc.store.db["imports"].rows)
    assert [m.name for m in migrations.applied(db)] == OLDEST
    db.close()
    return path, columns, ledger_rows(sqlite3.connect(path), columns)


def test_every_migration_from_the_oldest_keeps_the_ledger_and_the_scores(svc, rec, config, clock, tmp_path):
    record_year(svc, rec)
    expected = totals(svc.scoreboard(YEAR))
    assert any(total for total, *_ in expected.values())
    path, columns, before = old_database(tmp_path, svc)

    store = open_store(path)
    try:
        assert migrations.pending(store.db) == []
        assert ledger_rows(store.db.conn, columns) == before
        upgraded = Office(config, store, clock)
        assert totals(upgraded.scoreboard(YEAR)) == expected
        assert totals(upgraded.itemized_scoreboard(YEAR)) == expected
        backup = store.migration_backup
    finally:
        store.close()
    assert backup == path.parent / "backups" / f"before-{migrations.pending(Database(memory=True))[1].name}.db"
    kept = sqlite3.connect(backup)
    assert ledger_rows(kept, columns) == before  # the copy to roll back to is the database as it was
    assert [r[0] for r in kept.execute("SELECT name FROM _sqlite_migrations")] == OLDEST


def test_a_current_or_new_database_is_not_backed_up(tmp_path):
    path = tmp_path / "infobot.db"
    store = open_store(path)
    assert store.migration_backup is None
    store.close()
    store = open_store(path)
    assert store.migration_backup is None
    store.close()
    assert not (tmp_path / "backups").exists()


def test_infobot_check_migrates_after_a_backup_and_says_where(tmp_path, svc, rec):
    record_year(svc, rec)
    path, _, _ = old_database(tmp_path, svc)
    result = CliRunner().invoke(main, ["--db", str(path), "--now", "2019-06-30T18:00", "check"])
    assert result.exit_code == 0, result.output
    assert "升级前的数据库已备份到" in result.output and "before-" in result.output
    second = CliRunner().invoke(main, ["--db", str(path), "--now", "2019-06-30T18:00", "check"])
    assert "备份到" not in second.output
    assert len(list((path.parent / "backups").glob("before-*.db"))) == 1
