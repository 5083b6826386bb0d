"""Backups of the SQLite file: one on demand, or a dated one that keeps the last N."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.store import Store
from bot.store.database import backup_to, integrity_of_file

PREFIX = "infobot-"


def backup(store: Store, target: str | Path) -> Path:
    """Write a consistent copy and prove it opens and passes integrity_check."""
    target = Path(target)
    backup_to(store, target)
    result = integrity_of_file(target)
    if result != "ok":
        raise RuntimeError(f"备份文件 {target} 完整性检查未通过：{result}")
    return target


def rotate(store: Store, directory: str | Path, keep: int, now: datetime) -> Path | None:
    """Today's backup in `directory` (None if it exists already), keeping only the newest `keep`."""
    directory = Path(directory)
    target = directory / f"{PREFIX}{now:%Y%m%d}.db"
    if target.exists():
        return None
    made = backup(store, target)
    dated = sorted(directory.glob(f"{PREFIX}*.db"))
    for old in dated[:-keep] if keep > 0 else []:
        old.unlink()
    return made
