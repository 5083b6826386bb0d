"""When a scheduled post was last due: the latest cron time ≤ now that falls on an allowed day.

A job posts for the period of that due time unless it was posted before, so running a job late
(after a restart) or twice posts each period once. Only due times inside the job's current
window count: a reminder for a week that is over is not worth sending.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.settings.schedule import JobSettings
from bot.common.workdays import first_workday, is_workday


def latest_due(job: JobSettings, since: datetime, now: datetime) -> datetime | None:
    trigger = job.trigger()
    latest = None
    fire = trigger.get_next_fire_time(None, since)
    while fire is not None and fire <= now:
        if allowed_day(job.days, fire):
            latest = fire
        fire = trigger.get_next_fire_time(fire, fire)
    return latest


def allowed_day(days: str | None, moment: datetime) -> bool:
    day = moment.date()
    if days == "workdays":
        return is_workday(day)
    if days == "first_workday":
        return day == first_workday(day.year, day.month)
    return True


def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def previous_month_end(moment: datetime) -> date:
    """The last day of the month before `moment`'s month."""
    return (month_start(moment) - timedelta(days=1)).date()
