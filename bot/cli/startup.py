"""Before `infobot run` connects to anything: every directory it writes to must take a write, or it exits 4
(bot/store/failures.py explains which directory and what to do) rather than fail on the first message."""

from __future__ import annotations

import os
from pathlib import Path

PROBE = ".infobot-write-check"


def written_directories(data: Path) -> list[Path]:
    """The data directory, the log directory, the attachments and the backups."""
    return [data, data / "logs", data / "attachments", data / "backups"]


def check_writable(data: Path) -> None:
    """Raises the OSError (naming the directory) of the first directory that cannot be created or written."""
    for directory in written_directories(data):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            probe = directory / PROBE
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"ok")
                os.fsync(fd)
            finally:
                os.close(fd)
            probe.unlink()
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(directory)) from exc
