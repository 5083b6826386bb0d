"""When a scheduled post was last due: the latest cron time ≤ now that falls on an allowed day.

A job posts for the period of that due time unless it was posted before, so running a job late
(after a restart) or twice posts each period once. Only due times inside the job's current
window count: a reminder for a week that is over is not worth sending.

Working days here only decide *when* a post goes out, so a year the calendar does not cover is
guessed as Monday–Friday (`WorkCalendar.guessing`); the runner tells the admins once a year.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.settings.schedule import JobSettings
from bot.common.workdays import WorkCalendar


def latest_due(job: JobSettings, since: datetime, now: datetime, calendar: WorkCalendar) -> datetime | None:
    trigger = job.trigger()
    latest = None
    fire = trigger.get_next_fire_time(None, since)
    while fire is not None and fire <= now:
        if allowed_day(calendar, job.days, fire):
            latest = fire
        fire = trigger.get_next_fire_time(fire, fire)
    return latest


def allowed_day(calendar: WorkCalendar, days: str | None, moment: datetime) -> bool:
    day, calendar = moment.date(), calendar.guessing()
    if days == "workdays":
        return calendar.is_workday(day)
    if days == "first_workday":
        return day == calendar.first_workday(day.year, day.month)
    return True


def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def previous_month_end(moment: datetime) -> date:
    """The last day of the month before `moment`'s month."""
    return (month_start(moment) - timedelta(days=1)).date()
