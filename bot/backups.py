"""Backups of the SQLite file: one on demand, or a dated one that keeps the last N."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from bot.store import Store
from bot.store.database import backup_to

PREFIX = "infobot-"


def backup(store: Store, target: str | Path) -> Path:
    """Write a consistent copy and prove it opens and passes integrity_check."""
    target = Path(target)
    backup_to(store, target)
    conn = sqlite3.connect(target)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise RuntimeError(f"备份文件 {target} 完整性检查未通过：{result}")
    return target


def rotate(store: Store, directory: str | Path, keep: int, now: datetime) -> Path:
    """A dated backup in `directory`, removing all but the newest `keep`."""
    directory = Path(directory)
    made = backup(store, directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}.db")
    dated = sorted(directory.glob(f"{PREFIX}*.db"))
    for old in dated[:-keep] if keep > 0 else []:
        old.unlink()
    return made
