"""Daily backup (每日备份): a consistent copy of the database under data/backups/, keeping the last N."""
from __future__ import annotations

import logging

from bot.store.backups import rotate

log = logging.getLogger(__name__)


def daily_backup(app, now) -> list:
    """Once a day (a later run the same day, or the start-up catch-up, finds today's copy and stops)."""
    keep = app.config.bot.schedule.param("daily_backup", "keep")
    made = rotate(app.store, app.office.files_dir.parent / "backups", keep, now)
    if made:
        log.info("backup written to %s", made)
    return []
