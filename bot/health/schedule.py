"""The next scheduled posts (the jobs that post for a period), as the scheduler would fire them."""
from __future__ import annotations

from datetime import datetime

from bot.common.workdays import WorkdayError
from bot.jobs import OFFICE_HOURS_JOBS
from bot.jobs.due import allowed_day
from bot.settings.schedule import OfficeHours, Schedule

LOOKAHEAD = 400  # cron times looked at per job: enough for a yearly job on a daily cron


def next_posts(schedule: Schedule, hours: OfficeHours, now: datetime,
               count: int = 5) -> tuple[list[tuple[datetime, str]], WorkdayError | None]:
    """(time, title) of the next `count` posts, a post due outside office hours marked as waiting; and the
    calendar's error when a job's next day lies beyond the years the installed calendar knows."""
    found, beyond = [], None
    for job in schedule.enabled():
        if job.days is None:  # a check, not a post
            continue
        trigger = job.trigger()
        fire, mine = trigger.get_next_fire_time(None, now), []
        for _ in range(LOOKAHEAD):
            if fire is None or len(mine) == count:
                break
            try:
                allowed = allowed_day(job.days, fire)
                waits = allowed and job.id in OFFICE_HOURS_JOBS and not hours.contains(fire)
            except WorkdayError as exc:
                if beyond is None or fire < beyond[0]:
                    beyond = (fire, exc)
                break
            if allowed:
                mine.append((fire, job.title + ("（在群发时段外，顺延到上班时）" if waits else "")))
            fire = trigger.get_next_fire_time(fire, fire)
        found += mine
    found.sort()
    if beyond is None:
        return found[:count], None
    known = [post for post in found if post[0] < beyond[0]]  # later ones may have been displaced
    return (known[:count], None) if len(known) >= count else (known, beyond[1])
