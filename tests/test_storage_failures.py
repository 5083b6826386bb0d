"""Storage failures, one classification (bot/store/failures.py): what counts, that it never marks a message
failed, that it stops the bot from the handling, the outbox and the log file, that `infobot run` checks its
directories before connecting, and that a message marked failed by one is handled again at the next start.
The same faults against the real process are in tests/e2e/test_storage_faults.py."""

from __future__ import annotations

import asyncio
import errno
import io
import logging
import os
import sqlite3
import sys
from datetime import datetime

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.cli.logs import ConsoleFormatter, LogFile
from bot.common.clock import FixedClock
from bot.jobs import JOBS, run_job
from bot.model.message import Outgoing
from bot.outbox.delivery import Delivery
from bot.store import explain_failure, open_store
from bot.store.failures import CORRUPT, FULL, IO, READ_ONLY, on_storage_failure, storage_failure
from tests.chatkit import ADMIN, start_bot
from tests.conftest import CONFIG_DIR


def sqlite_error(text: str, code: int | None) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # as SQLite sets it
    return exc


@pytest.mark.parametrize(
    "exc, kind",
    [
        (OSError(errno.EROFS, "Read-only file system", "data/logs/infobot.log"), READ_ONLY),
        (OSError(errno.EACCES, "Permission denied", "data"), READ_ONLY),
        (OSError(errno.EIO, "Input/output error"), IO),
        (OSError(errno.ENOSPC, "No space left on device"), FULL),
        (sqlite_error("disk I/O error", sqlite3.SQLITE_IOERR_WRITE), IO),
        (sqlite_error("database or disk is full", sqlite3.SQLITE_FULL), FULL),
        (sqlite_error("attempt to write a readonly database", sqlite3.SQLITE_READONLY), READ_ONLY),
        (sqlite_error("database disk image is malformed", sqlite3.SQLITE_CORRUPT), CORRUPT),
        (sqlite_error("file is not a database", sqlite3.SQLITE_NOTADB), CORRUPT),
        (sqlite3.OperationalError("disk I/O error"), IO),  # no code: by its words
    ],
)
def test_what_counts_as_a_storage_failure(exc, kind):
    assert storage_failure(exc) == kind
    assert explain_failure(exc, "data/infobot.db").endswith(("。", "确认。"))


@pytest.mark.parametrize(
    "exc",
    [
        sqlite_error("database is locked", sqlite3.SQLITE_BUSY),
        OSError(errno.ENOENT, "No such file"),
        ValueError("disk I/O error"),
        KeyError("x"),
        ConnectionError("reset"),
    ],
)
def test_what_does_not(exc):
    assert storage_failure(exc) is None


def test_the_explanation_names_the_file_an_os_error_is_about(tmp_path):
    text = explain_failure(OSError(errno.EROFS, "Read-only file system", str(tmp_path)), "data/infobot.db")
    assert text.startswith(f"无法写入目录 {tmp_path}（") and "只读" in text and "重新运行" in text
    text = explain_failure(OSError(errno.EIO, "Input/output error", "data/logs/infobot.log"), "data/infobot.db")
    assert text.startswith("读写文件 data/logs/infobot.log 时磁盘出错") and "dmesg" in text


def failing_handler(bot, monkeypatch, exc):
    def dispatch(msg):
        raise exc

    monkeypatch.setattr(bot.app.router, "dispatch", dispatch)


def test_a_storage_failure_while_handling_leaves_the_message_received_and_stops(bot, monkeypatch):
    failing_handler(bot, monkeypatch, sqlite_error("database disk image is malformed", sqlite3.SQLITE_CORRUPT))
    with pytest.raises(sqlite3.OperationalError):
        bot.send(bot.message(ADMIN, "/帮助", private=True))
    assert [(m["status"], m["error"]) for m in bot.rows("messages")] == [("received", None)]
    assert bot.transport.sent == []  # no apology: the message is not given up


def test_any_other_failure_is_still_marked_failed_with_an_apology(bot, monkeypatch):
    failing_handler(bot, monkeypatch, ValueError("a bug"))
    replies = bot.send(bot.message(ADMIN, "/帮助", private=True))
    assert [m["status"] for m in bot.rows("messages")] == ["failed"] and "抱歉" in replies[0].text


def test_messages_failed_by_a_storage_failure_are_handled_again_at_the_next_start(config, tmp_path):
    db = tmp_path / "bot.db"
    first = start_bot(config, open_store(db), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    for n, error in enumerate(
        [
            "DatabaseError('database disk image is malformed')",
            "ValueError('a bug')",
            "OperationalError('disk I/O error')",
        ]
    ):
        first.app.router.accept(first.message(ADMIN, "/帮助", private=True, message_id=f"m{n}"))
        first.app.store.finish_message(f"m{n}", "failed", error)  # as an earlier version left them
    first.app.store.close()

    second = start_bot(config, open_store(db), FixedClock(datetime(2019, 6, 28, 10, 5)), tmp_path)
    assert asyncio.run(second.app.resume()) == 2
    assert [m["status"] for m in second.rows("messages")] == ["handled", "failed", "handled"]
    assert len(second.transport.sent) == 2 and all("/采用" in o.text for o in second.transport.sent)
    second.app.store.close()


class BrokenDisk:
    async def send(self, out: Outgoing) -> None:
        raise OSError(errno.EIO, "Input/output error", "data/reports/2019-06.xlsx")


def test_the_outbox_never_marks_a_message_failed_for_a_storage_failure(bot):
    bot.app.office.outbox.queue(Outgoing("月报", None, ADMIN))
    delivery = Delivery(
        bot.app.office.outbox,
        BrokenDisk(),
        bot.app.config.bot.outbox.for_transport("wecom"),
        bot.clock,
        bot.app.office.notices,
        sleep=lambda s: asyncio.sleep(0),
    )
    for _ in range(4):  # more than MAX_ATTEMPTS
        with pytest.raises(OSError):
            asyncio.run(delivery.deliver_due())
    assert [o["status"] for o in bot.rows("outbox")] == ["pending"]


def test_a_log_file_that_cannot_be_written_reports_the_failure_once_and_prints_no_traceback(tmp_path, monkeypatch):
    handler = LogFile(tmp_path / "infobot.log", encoding="utf-8")
    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "infobot.log"))

    def write(text):
        raise full

    monkeypatch.setattr(handler.stream, "write", write)
    console = io.StringIO()
    monkeypatch.setattr(sys, "stderr", console)
    reported: list[BaseException] = []
    stop = on_storage_failure(reported.append)
    try:
        for n in range(3):
            handler.emit(logging.makeLogRecord({"msg": f"line {n}", "levelno": logging.INFO}))
    finally:
        stop()
        monkeypatch.undo()
        handler.close()
    assert reported == [full] and handler.failure is full
    assert console.getvalue() == ""  # logging's own "--- Logging error ---" traceback is not printed


def test_the_console_gets_one_line_for_a_storage_failure():
    try:
        raise sqlite_error("disk I/O error", sqlite3.SQLITE_IOERR_WRITE)
    except sqlite3.OperationalError:
        record = logging.makeLogRecord(
            {
                "msg": "message %s: not taken",
                "args": ("m1",),
                "levelno": logging.ERROR,
                "levelname": "ERROR",
                "exc_info": sys.exc_info(),
            }
        )
    text = ConsoleFormatter("%(levelname)s %(message)s").format(record)
    assert text == "ERROR message m1: not taken (OperationalError('disk I/O error'))"
    assert record.exc_info is not None  # the log file still gets the traceback


def test_run_checks_its_directories_before_it_connects(tmp_path, monkeypatch):
    db = tmp_path / "data" / "infobot.db"
    real_open = os.open

    def read_only_logs(path, flags, mode=0o777, **kw):
        if "logs" in str(path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", read_only_logs)
    monkeypatch.setenv("WECOM_BOT_ID", "aib-never-used")
    monkeypatch.setenv("WECOM_BOT_SECRET", "secret")
    result = CliRunner().invoke(main, ["--config", str(CONFIG_DIR), "--db", str(db), "run"])
    assert result.exit_code == 4, result.output
    assert f"错误：无法写入目录 {tmp_path / 'data' / 'logs'}（" in result.output and "只读" in result.output
    assert not db.exists()  # nothing opened, nothing connected


def test_nothing_is_taken_whose_arrival_could_not_be_journaled(bot, monkeypatch):
    """The arrival journal of every network: a message whose journal write failed for storage is never
    taken (on wechaty its payload is never fetched, which is what the puppet service sees), the bot stops,
    and nothing arriving after is read. A busy database still takes the message, never called journaled."""
    from bot.transports.journal import ArrivalJournal

    taken: list[str] = []
    failure: list[BaseException] = []

    async def take(message_id, payload, replay):
        taken.append(message_id)

    def fatal(exc):
        if storage_failure(exc) is None:
            return False
        failure.append(exc)
        return True

    def broken(message_id, at, payload=None):
        raise sqlite_error("disk I/O error", sqlite3.SQLITE_IOERR_WRITE)

    async def scenario():
        journal = ArrivalJournal(bot.app.store, take, bot.clock.now, fatal, lambda: bool(failure), ordered=False)
        monkeypatch.setattr(bot.app.store, "note_arrival", broken)
        assert journal.arrived("wx-1") is None
        monkeypatch.undo()
        assert journal.arrived("wx-2") is None  # the disk is back, but the bot has stopped reading

    asyncio.run(scenario())
    assert taken == [] and storage_failure(failure[0]) == IO and bot.rows("arrivals") == []


def test_a_busy_journal_still_takes_the_message_but_keeps_no_entry(bot, monkeypatch):
    from bot.transports.journal import ArrivalJournal

    taken: list[str] = []

    async def take(message_id, payload, replay):
        taken.append(message_id)

    def busy(message_id, at, payload=None):
        raise sqlite_error("database is locked", sqlite3.SQLITE_BUSY)

    async def scenario():
        journal = ArrivalJournal(bot.app.store, take, bot.clock.now, lambda exc: False, lambda: False, ordered=False)
        monkeypatch.setattr(bot.app.store, "note_arrival", busy)
        await journal.arrived("wx-1")

    asyncio.run(scenario())
    assert taken == ["wx-1"]


def test_a_job_that_hits_a_storage_failure_stops_the_bot_and_tells_no_one(bot, monkeypatch):
    def backup(app, now):
        raise OSError(errno.ENOSPC, "No space left on device", "data/backups/infobot-2019-06-28.db")

    monkeypatch.setitem(JOBS, "daily_backup", backup)
    reported: list[BaseException] = []
    stop = on_storage_failure(reported.append)
    try:
        assert run_job(bot.app, "daily_backup", bot.clock.now()) == []
    finally:
        stop()
    assert storage_failure(reported[0]) == FULL and bot.rows("outbox") == []  # no 「未能执行」 notice to write
