"""What went wrong with the database file, in words an operator can act on."""
from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

CORRUPT = ("file is not a database", "malformed", "disk image", "file is encrypted")
READ_ONLY = ("readonly", "read-only", "unable to open database file", "attempt to write")
FULL = ("database or disk is full", "disk is full")


def explain_failure(exc: BaseException, path: str | Path) -> str | None:
    """A Chinese explanation naming the file and what to do, or None when `exc` is not about the file."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or any(k in text for k in FULL):
        return (f"磁盘已满，无法写入数据库 {path}（{exc}）。请清理磁盘空间（例如删除 data/backups/ 里较旧的备份、"
                "data/logs/ 里的旧日志），然后重新运行。数据库里已有的内容不受影响。")
    if isinstance(exc, PermissionError) or isinstance(exc, sqlite3.DatabaseError) and any(k in text for k in READ_ONLY):
        return (f"无法写入数据库 {path}（{exc}）：文件或所在目录是只读的。请让运行机器人的用户能写这个文件和它所在的目录"
                "（SQLite 还要在同一目录写 -wal、-shm 文件），例如检查 ls -l 看到的属主和权限、磁盘是否以只读方式挂载，"
                "然后重新运行。")
    if isinstance(exc, sqlite3.DatabaseError) and any(k in text for k in CORRUPT):
        return (f"数据库文件 {path} 已损坏（{exc}）。请先停止机器人，把这个文件改名保留，再用 data/backups/ 里最近的一份"
                f"备份（infobot-日期.db）复制为 {path}；没有备份时可试 sqlite3 {path} \".recover\" 抢救。"
                "恢复后运行 infobot check 确认。")
    return None
