"""The next scheduled posts (the jobs that post for a period), as the scheduler would fire them."""

from __future__ import annotations

from datetime import datetime

from bot.common.workdays import WorkCalendar
from bot.jobs.due import allowed_day
from bot.settings.schedule import OfficeHours, Schedule

LOOKAHEAD = 400  # cron times looked at per job: enough for a yearly job on a daily cron


def next_posts(
    schedule: Schedule, hours: OfficeHours, calendar: WorkCalendar, now: datetime, count: int = 5
) -> list[tuple[datetime, str]]:
    """(time, title) of the next `count` posts; a post due outside office hours is marked as waiting, one in
    a year the calendar does not cover as guessed (Monday–Friday), as the jobs themselves would do."""
    found = []
    for job in schedule.enabled():
        if job.days is None:  # a check, not a post
            continue
        trigger = job.trigger()
        fire = trigger.get_next_fire_time(None, now)
        mine: list[tuple[datetime, str]] = []
        for _ in range(LOOKAHEAD):
            if fire is None or len(mine) == count:
                break
            if allowed_day(calendar, job.days, fire):
                waits = job.office_hours and not hours.contains(fire, calendar)
                guessed = not calendar.covers(fire.year)
                mine.append(
                    (
                        fire,
                        job.title
                        + ("（在群发时段外，顺延到上班时）" if waits else "")
                        + ("（节假日未配置，按周一至周五估计）" if guessed else ""),
                    )
                )
            fire = trigger.get_next_fire_time(fire, fire)
        found += mine
    return sorted(found)[:count]
