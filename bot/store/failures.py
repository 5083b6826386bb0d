"""Storage failures: one classification shared by the store, the log and every transport, and what to tell
an operator (in Chinese, naming the file and what to do).

A storage failure is fatal for the process: the disk is read-only (EROFS, a remount-ro), failing (EIO),
full (ENOSPC) or refused to us (EACCES), or SQLite says the same in its words (I/O error, full, read-only,
corrupt, not a database). It never marks a message failed: the bot stops (`infobot run` exits 4) and the
message is taken up again at the next healthy start. A busy database is not one: it is waited for.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path

FULL, READ_ONLY, IO, CORRUPT = "full", "read-only", "io", "corrupt"

ERRNOS = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.EIO: IO,
}
# SQLite's primary result codes (the low byte of the extended code).
SQLITE_CODES = {
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: READ_ONLY,
    sqlite3.SQLITE_PERM: READ_ONLY,
    sqlite3.SQLITE_IOERR: IO,
    sqlite3.SQLITE_CORRUPT: CORRUPT,
    sqlite3.SQLITE_NOTADB: CORRUPT,
}
# The same in words, for errors that carry no code, and for the error texts stored with failed messages.
WORDS = (
    (FULL, ("database or disk is full", "disk is full", "no space left on device", "[errno 28]")),
    (
        READ_ONLY,
        ("readonly", "read-only", "unable to open database file", "attempt to write", "[errno 30]", "[errno 13]"),
    ),
    (IO, ("disk i/o error", "input/output error", "[errno 5]")),
    (CORRUPT, ("file is not a database", "malformed", "disk image", "file is encrypted")),
)


def storage_failure(exc: BaseException | None) -> str | None:
    """FULL, READ_ONLY, IO or CORRUPT when `exc` (or what caused it) is a storage failure; else None."""
    seen = 0
    while exc is not None and seen < 5:
        kind = _kind(exc)
        if kind is not None:
            return kind
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _kind(exc: BaseException) -> str | None:
    if isinstance(exc, OSError):
        return ERRNOS.get(exc.errno or 0)
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return SQLITE_CODES.get(code & 0xFF)
        return failure_in_words(str(exc))
    return None


def failure_in_words(text: str) -> str | None:
    """The kind of storage failure an error's text describes (a failed message's stored error), or None."""
    text = text.lower()
    if "locked" in text or "busy" in text:
        return None
    for kind, words in WORDS:
        if any(w in text for w in words):
            return kind
    return None


def failed_file(exc: BaseException, path: str | Path) -> str:
    """The file the failure is about: the one an OSError names, else `path` (the database)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.filename:
            return str(cause.filename)
        cause = cause.__cause__ or cause.__context__
    return str(path)


AFTER = "未处理完的消息没有丢失，会在下次正常启动时处理并回复。"


def explain_failure(exc: BaseException, path: str | Path) -> str | None:
    """A Chinese explanation naming the file and what to do, or None when `exc` is not a storage failure."""
    kind = storage_failure(exc)
    if kind is None:
        return None
    name = failed_file(exc, path)
    what = f"数据库 {name}" if name == str(path) else f"{'目录' if Path(name).is_dir() else '文件'} {name}"
    if kind == FULL:
        return (
            f"磁盘已满，无法写入{what}（{exc}）。请清理磁盘空间（例如删除 data/backups/ 里较旧的备份、"
            f"data/logs/ 里的旧日志），然后重新运行。数据库里已有的内容不受影响，{AFTER}"
        )
    if kind == READ_ONLY:
        return (
            f"无法写入{what}（{exc}）：文件或所在目录是只读的。请让运行机器人的用户能写这个文件和它所在的目录"
            "（SQLite 还要在同一目录写 -wal、-shm 文件），例如检查 ls -l 看到的属主和权限、磁盘是否以只读方式挂载"
            f"（mount | grep ' ro,'；磁盘出错时系统会把它改为只读，见 dmesg），然后重新运行。{AFTER}"
        )
    if kind == IO:
        return (
            f"读写{what} 时磁盘出错（{exc}）。磁盘可能已损坏，或被系统改为只读（dmesg 里会有 I/O error）。"
            "请先停止机器人，检查磁盘（dmesg、mount）；必要时把数据目录复制到好的磁盘，运行 infobot check "
            f"确认数据库完好后再重新运行。{AFTER}"
        )
    return (
        f"数据库文件 {path} 已损坏（{exc}）。请先停止机器人，把这个文件改名保留，再用 data/backups/ 里最近的一份"
        f'备份（infobot-日期.db）复制为 {path}；没有备份时可试 sqlite3 {path} ".recover" 抢救。'
        "恢复后运行 infobot check 确认。"
    )


# Whoever must stop when storage fails anywhere in the process (the running transport) listens here; the
# log file's handler and the outbox delivery report what they hit.
_listeners: list[Callable[[BaseException], object]] = []


def on_storage_failure(listener: Callable[[BaseException], object]) -> Callable[[], None]:
    """Call `listener` with each storage failure reported; returns the function that stops listening."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def report_storage_failure(exc: BaseException) -> None:
    for listener in list(_listeners):
        listener(exc)
