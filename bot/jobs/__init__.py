"""Scheduled jobs: plain functions of (app, now) that queue posts and return the ones newly queued.

Each job works out for itself which period is due at `now` and skips a period already posted
(the outbox key), so the scheduler, the start-up catch-up and tests can all just call it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.model.message import Outgoing
from bot.jobs.backup import daily_backup
from bot.jobs.followups import liaison_changes, solicitation_deadlines
from bot.jobs.monthly import monthly_bulletin
from bot.jobs.pledges import pledge_deadlines
from bot.jobs.quarterly import quarterly_notices
from bot.jobs.research import research_proposals, research_reminders
from bot.jobs.weekly import weekly_quota
from bot.office.notices import GroupUnknown
from bot.chat.hints import worded
from bot.common.errors import UserError
from bot.common.workdays import WorkdayError

log = logging.getLogger(__name__)

Job = Callable[..., list[Outgoing]]

JOBS: dict[str, Job] = {
    "monthly_bulletin": monthly_bulletin,
    "weekly_quota": weekly_quota,
    "quarterly": quarterly_notices,
    "solicitation_deadlines": solicitation_deadlines,
    "liaison_changes": liaison_changes,
    "daily_backup": daily_backup,
    "research_reminders": research_reminders,
    "research_proposals": research_proposals,
    "pledges": pledge_deadlines,
}


# Jobs whose posts reach the group or the units' leaders: never outside office hours.
OFFICE_HOURS_JOBS = frozenset({"monthly_bulletin", "weekly_quota", "quarterly", "research_reminders", "pledges"})


def run_job(app, job_id: str, now: datetime) -> list[Outgoing]:
    """Run one job; a problem people can fix (no group id, a year the calendar lacks) goes to the admins,
    once a day per job."""
    title = app.config.bot.schedule.job(job_id).title
    try:
        if job_id in OFFICE_HOURS_JOBS and not app.config.bot.office_hours.contains(now):
            log.info("job %s waits for office hours (%s)", job_id, now)
            return []  # the morning run (scheduler) posts it when the office opens
        return JOBS[job_id](app, now)
    except (GroupUnknown, WorkdayError) as exc:
        log.warning("job %s could not run: %s", job_id, exc)
        reason = worded(exc) if isinstance(exc, UserError) else str(exc)
    except Exception:  # noqa: BLE001 - one broken job must not stop start-up or the other jobs
        log.exception("job %s failed", job_id)
        reason = "程序出错，详见日志"
    return app.office.notices.post_to_admins(f"定时任务「{title}」未能执行：{reason}",
                                      key=f"problem:{job_id}:{now:%Y-%m-%d}")


def catch_up(app, now: datetime) -> list[Outgoing]:
    """At start-up: run every enabled job once, so a period that fell due while the bot was down is
    posted now (once), and nothing already posted is posted again."""
    posted = []
    for job in app.config.bot.schedule.enabled():
        posted += run_job(app, job.id, now)
    return posted
