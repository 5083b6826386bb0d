"""One AsyncIOScheduler (Asia/Shanghai) running the enabled jobs of bot.yaml by their stable ids."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.common.clock import TZ
from bot.jobs import catch_up, run_job

log = logging.getLogger(__name__)

OFFICE_OPENS = "office_opens"


class BotScheduler:
    def __init__(self, app):
        self.app = app
        # The jobs know which period is due and what was posted, so a late run is always safe:
        # no grace limit, and runs missed while the loop was busy coalesce into one.
        self.scheduler = AsyncIOScheduler(
            timezone=TZ, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        for job in app.config.bot.schedule.enabled():
            self.scheduler.add_job(
                self.fire, job.trigger(), args=[job.id], id=job.id, name=job.title, replace_existing=True
            )
        # A post that fell due outside office hours waits for this: every job once when the office opens.
        opens = app.config.bot.office_hours.start
        self.scheduler.add_job(
            self.office_opens,
            CronTrigger(hour=opens.hour, minute=opens.minute, timezone=TZ),
            id=OFFICE_OPENS,
            name="上班时补发",
            replace_existing=True,
        )

    async def fire(self, job_id: str) -> None:
        # A coroutine, so APScheduler runs it on the loop's own thread, where the SQLite connection lives.
        posted = run_job(self.app, job_id, self.app.clock.now())
        if posted:
            log.info("job %s queued %d post(s)", job_id, len(posted))
        await self.app.flush()

    async def office_opens(self) -> None:
        posted = catch_up(self.app, self.app.clock.now())
        if posted:
            log.info("office hours began: %d post(s) that waited were queued", len(posted))
        await self.app.flush()

    async def start(self) -> None:
        """Catch up on what fell due while the bot was down, then start; call inside the running loop."""
        catch_up(self.app, self.app.clock.now())
        self.scheduler.start()
        await self.app.flush()

    async def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler stops in a loop callback; let it run before the loop ends


async def with_scheduler(app, main: Callable[[], Awaitable[None]]) -> None:
    """Run `main` (a transport's loop) with the scheduler started in the same event loop, and stop it after."""
    scheduler = BotScheduler(app)
    await scheduler.start()
    try:
        await main()
    finally:
        await scheduler.shutdown()
