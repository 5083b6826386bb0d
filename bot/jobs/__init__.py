"""Scheduled jobs: plain functions of (app, now) that queue posts and return the ones newly queued.

Each job works out for itself which period is due at `now` and skips a period already posted
(the outbox key), so the scheduler, the start-up catch-up and tests can all just call it.
"""
from __future__ import annotations

import logging
from datetime import datetime

# Imported for their `@job(...)` declarations, in the order catch-up runs them.
from bot.jobs import monthly, weekly, quarterly, followups, backup, research, pledges  # noqa: F401, I001
from bot.jobs.declare import RUNS as JOBS
from bot.model.message import Outgoing
from bot.office.notices import GroupUnknown
from bot.common.workdays import WorkdayError
from bot.store.failures import report_storage_failure, storage_failure

log = logging.getLogger(__name__)


def run_job(app, job_id: str, now: datetime) -> list[Outgoing]:
    """Run one job; a problem people can fix (no group id, a year the calendar lacks) goes to the admins,
    once a day per job."""
    declared = app.config.bot.schedule.job(job_id)
    title = declared.title
    try:
        if declared.office_hours and not app.config.bot.office_hours.contains(now):
            log.info("job %s waits for office hours (%s)", job_id, now)
            return []  # the morning run (scheduler) posts it when the office opens
        return JOBS[job_id](app, now)
    except (GroupUnknown, WorkdayError) as exc:
        log.warning("job %s could not run: %s", job_id, exc)
        reason = str(exc)
    except Exception as exc:  # noqa: BLE001 - one broken job must not stop start-up or the other jobs
        if storage_failure(exc):
            log.error("job %s: storage failed (%r)", job_id, exc)
            report_storage_failure(exc)  # the running transport stops (exit 4); the job runs again at the next start
            return []
        log.exception("job %s failed", job_id)
        reason = "程序出错，详见日志"
    return app.notices.post_to_admins(f"定时任务「{title}」未能执行：{reason}",
                                      key=f"problem:{job_id}:{now:%Y-%m-%d}")


def catch_up(app, now: datetime) -> list[Outgoing]:
    """At start-up: run every enabled job once, so a period that fell due while the bot was down is
    posted now (once), and nothing already posted is posted again."""
    posted = []
    for job in app.config.bot.schedule.enabled():
        posted += run_job(app, job.id, now)
    return posted
