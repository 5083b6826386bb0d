"""Logging for `infobot run`: a rotating file under the data directory, configured once at start-up.

A storage failure (bot/store/failures.py) never prints a traceback on the console: the file gets it when it
can be written; when the log file itself cannot be written, the failure is reported so the bot stops."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from bot.store.failures import report_storage_failure, storage_failure

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class BeijingFormatter(logging.Formatter):
    """Log times in Beijing time, whatever the host's zone (servers often run on UTC)."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        from datetime import datetime

        from bot.common.clock import TZ

        moment = datetime.fromtimestamp(record.created, TZ)
        return moment.strftime(datefmt) if datefmt else moment.strftime("%Y-%m-%d %H:%M:%S") + f",{record.msecs:03.0f}"


class ConsoleFormatter(BeijingFormatter):
    """The console gets one line for a storage failure, not its traceback (the log file keeps that)."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and storage_failure(record.exc_info[1]):
            reason = record.exc_info[1]
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
            record.msg, record.args = f"{record.getMessage()} ({reason!r})", None
        return super().format(record)


class LogFile(logging.handlers.RotatingFileHandler):
    """The rotating log file; a write it cannot make for a storage failure is reported (the bot stops),
    said once, and no more is written there."""

    failure: BaseException | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.failure is None:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        exc = sys.exc_info()[1]
        if exc is None or not storage_failure(exc):
            super().handleError(record)
            return
        if self.failure is None:
            self.failure = exc
            report_storage_failure(exc)


MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5

_installed: list[logging.Handler] = []  # the root handlers setup_logging added


def drop_run_handlers() -> None:
    """Remove and close the handlers setup_logging added (a second run in one process; tests)."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()


def setup_logging(directory: Path, stderr_level: int | None = logging.INFO) -> Path:
    """Log INFO and up to <directory>/infobot.log (5 files of 5 MB); also to stderr from `stderr_level`
    (None: file only, so the console stays readable). Returns the log file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "infobot.log"
    root = logging.getLogger()
    drop_run_handlers()
    file_handler = LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if stderr_level is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(stderr_level)
        handlers.append(stream)
    for handler in handlers:
        _installed.append(handler)
        handler.setFormatter((BeijingFormatter if handler is file_handler else ConsoleFormatter)(FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("hypercorn", "quart", "apscheduler", "grpclib", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
