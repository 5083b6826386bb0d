"""Scheduled jobs: plain functions of (app, now) that queue posts and return the ones newly queued.

Each job works out for itself which period is due at `now` and skips a period already posted
(the outbox key), so the scheduler, the start-up catch-up and tests can all just call it.
"""

from __future__ import annotations

import logging
from datetime import datetime

# Imported for their `@job(...)` declarations, in the order catch-up runs them.
from bot.jobs import monthly, weekly, quarterly, followups, backup, research, pledges, files  # noqa: F401, I001
from bot.jobs.declare import RUNS as JOBS
from bot.model.message import Outgoing
from bot.office.notices import GroupUnknown
from bot.chat.hints import worded
from bot.common.errors import UserError
from bot.common.workdays import WorkdayError
from bot.store.failures import report_storage_failure, storage_failure

log = logging.getLogger(__name__)


def run_job(app, job_id: str, now: datetime) -> list[Outgoing]:
    """Run one job; a problem people can fix goes to the admins: no group id once a day per job, a deadline
    in a year the calendar lacks once per job and year (the job is skipped until holidays.yaml has it)."""
    job = app.config.bot.schedule.job(job_id)
    guessed = _guessing_notice(app, job, now)
    try:
        if job.office_hours and not app.config.bot.office_hours.contains(now, app.config.calendar):
            log.info("job %s waits for office hours (%s)", job_id, now)
            return guessed  # the morning run (scheduler) posts it when the office opens
        return guessed + JOBS[job_id](app, now)
    except GroupUnknown as exc:
        log.warning("job %s could not run: %s", job_id, exc)
        reason = worded(exc) if isinstance(exc, UserError) else str(exc)
        key = f"problem:{job_id}:{now:%Y-%m-%d}"
    except WorkdayError as exc:
        log.warning("job %s could not run: %s", job_id, exc)
        reason, key = f"{exc}填好并重启机器人后，此项检查恢复。", f"problem:{job_id}:calendar:{exc.year}"
    except Exception as exc:  # noqa: BLE001 - one broken job must not stop start-up or the other jobs
        if storage_failure(exc):
            log.error("job %s: storage failed (%r)", job_id, exc)
            report_storage_failure(exc)  # the running transport stops (exit 4); the job runs again at the next start
            return []
        log.exception("job %s failed", job_id)
        reason, key = "程序出错，详见日志", f"problem:{job_id}:{now:%Y-%m-%d}"
    return guessed + app.office.notices.post_to_admins(f"定时任务「{job.title}」未能执行：{reason}", key=key)


def _guessing_notice(app, job, now: datetime) -> list[Outgoing]:
    """Once a year, when a job that posts on working days runs in a year the calendar does not cover."""
    calendar = app.config.calendar
    if calendar.covers(now.year) or (job.days is None and not job.office_hours):
        return []
    text = (
        f"{now.year} 年的法定节假日未配置，暂按周一至周五计算工作日；请在 {calendar.config_file} 填入国务院放假通知。"
        "填好并重启机器人后生效。"
    )
    return app.office.notices.post_to_admins(text, key=f"calendar:guessing:{now.year}")


def catch_up(app, now: datetime) -> list[Outgoing]:
    """At start-up: run every enabled job once, so a period that fell due while the bot was down is
    posted now (once), and nothing already posted is posted again."""
    posted = []
    for job in app.config.bot.schedule.enabled():
        posted += run_job(app, job.id, now)
    return posted
