"""Daily backup (每日备份): a consistent copy of the database under data/backups/, keeping the last N."""

from __future__ import annotations

import logging

from bot.store.backups import rotate
from bot.jobs.declare import job

log = logging.getLogger(__name__)


@job("daily_backup", "每日备份", {"hour": 2, "minute": 30}, keep=14)
def daily_backup(app, now) -> list:
    """Once a day (a later run the same day, or the start-up catch-up, finds today's copy and stops)."""
    keep = app.config.bot.schedule.param("daily_backup", "keep")
    made = rotate(app.store, app.office.files_dir.parent / "backups", keep, now)
    if made:
        log.info("backup written to %s", made)
    return []
