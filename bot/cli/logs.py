"""Logging for `infobot run`: a rotating file under the data directory, configured once at start-up."""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class BeijingFormatter(logging.Formatter):
    """Log times in Beijing time, whatever the host's zone (servers often run on UTC)."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        from datetime import datetime

        from bot.common.clock import TZ

        moment = datetime.fromtimestamp(record.created, TZ)
        return moment.strftime(datefmt) if datefmt else moment.strftime("%Y-%m-%d %H:%M:%S") + f",{record.msecs:03.0f}"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5


def setup_logging(directory: Path, stderr_level: int | None = logging.INFO) -> Path:
    """Log INFO and up to <directory>/infobot.log (5 files of 5 MB); also to stderr from `stderr_level`
    (None: file only, so the console stays readable). Returns the log file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "infobot.log"
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "infobot", False)]:  # a second run in one process
        root.removeHandler(handler)
        handler.close()
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                        encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if stderr_level is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(stderr_level)
        handlers.append(stream)
    for handler in handlers:
        handler.infobot = True  # type: ignore[attr-defined]
        handler.setFormatter(BeijingFormatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("hypercorn", "quart", "apscheduler", "grpclib", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path
