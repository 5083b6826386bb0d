"""Online backups while writes go on, and a rotation that keeps the last N."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta

from click.testing import CliRunner

from bot.store.backups import backup, rotate
from bot.cli import main
from bot.model.facts import Draft
from bot.store import open_store
from tests.conftest import CONFIG_DIR


def _draft(i):
    from datetime import date

    return Draft("training", "济办", date(2019, 1, 1) + timedelta(days=i % 300), quantity=1)


def test_backup_while_another_connection_writes(tmp_path):
    live = tmp_path / "live.db"
    store = open_store(live)
    for i in range(200):
        with store.atomic():
            store.append([_draft(i)], "seed", datetime(2019, 1, 1))
    stop = threading.Event()
    started = threading.Event()
    written = []

    def writer():
        writer_store = open_store(live)  # its own connection, as a second process would have
        i = 0
        while not stop.is_set() and i < 5000:
            with writer_store.atomic():
                writer_store.append([_draft(i)], "writer", datetime(2019, 1, 1))
            written.append(i)
            started.set()
            i += 1
        writer_store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        started.wait(timeout=30)
        copies = [backup(store, tmp_path / f"copy{n}.db") for n in range(3)]
    finally:
        stop.set()
        thread.join()
    assert written, "the writer wrote while the backups ran"
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] >= 200
        conn.close()
    store.close()


def test_rotation_keeps_the_newest(tmp_path):
    store = open_store(tmp_path / "live.db")
    start = datetime(2019, 6, 1, 2, 0)
    for day in range(5):
        rotate(store, tmp_path / "backups", keep=3, now=start + timedelta(days=day))
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert names == ["infobot-20190603.db", "infobot-20190604.db", "infobot-20190605.db"]
    assert rotate(store, tmp_path / "backups", keep=3, now=start + timedelta(days=4, hours=5)) is None
    store.close()


def test_backup_command(tmp_path):
    db = tmp_path / "data" / "infobot.db"
    r = CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "backup", str(tmp_path / "b.db")])
    assert r.exit_code == 0 and "完整性检查通过" in r.output
    assert (tmp_path / "b.db").exists() and not (tmp_path / "b.db.part").exists()


def test_the_daily_backup_job_runs_once_a_day(bot):
    from bot.jobs import run_job

    bot.bind("wxid_liaison_jiban", "济办")
    run_job(bot.app, "daily_backup", bot.clock.now())
    run_job(bot.app, "daily_backup", bot.clock.now())
    folder = bot.app.office.files_dir.parent / "backups"
    assert [p.name for p in folder.iterdir()] == ["infobot-20190628.db"]
    conn = sqlite3.connect(folder / "infobot-20190628.db")
    assert conn.execute("SELECT count(*) FROM bindings").fetchone()[0] == 1
    conn.close()
