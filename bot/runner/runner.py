"""One runner for every chat network: it owns the signals (SIGTERM/SIGINT), the scheduler, the paced
delivery of the outbox and the arrival journal, and is the `Inbox` its transport talks to.

A storage failure (bot/store/failures.py: the disk read-only, failing or full, the database corrupt)
anywhere (the journal, the handling, the outbox, a job, the log file) means what arrives can no longer be
stored, and receiving more would only lose it: the transport is stopped, `run` raises the failure, and
`infobot run` explains it in Chinese and exits 4 (systemd can then tell someone). Nothing is marked failed
for it: what was stored is handled at the next healthy start. A busy database is not such a failure.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime
from typing import Any

from bot.app import App
from bot.model.message import Incoming, Outgoing
from bot.outbox.delivery import Delivery
from bot.schedule.scheduler import BotScheduler
from bot.store import is_busy
from bot.store.failures import on_storage_failure, storage_failure
from bot.transports.journal import ArrivalJournal
from bot.transports.running import Transport, cancel_until_done

log = logging.getLogger(__name__)


class Runner:
    def __init__(self, app: App, transport: Transport):
        self.app = app
        self.transport = transport
        self.scheduler = BotScheduler(app)
        self.delivery = Delivery(
            app.office.outbox,
            transport,
            app.config.bot.outbox.for_transport(transport.name),
            app.clock,
            app.office.notices,
        )
        self.journal = ArrivalJournal(
            app.store,
            transport.take,
            app.clock.now,
            self._fatal,
            lambda: self.failure is not None,
            ordered=transport.ordered,
        )
        self.failure: BaseException | None = None  # the database failure that stopped the bot
        self._scheduled = False

    async def run(self) -> None:
        """Returns after SIGTERM/SIGINT; whatever the transport's run raises (a failed login) passes."""
        app, transport = self.app, self.transport
        app.transport, app.delivery = transport, self.delivery
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, transport.stop)
        unlisten = on_storage_failure(self._fatal)  # the log file, a job: storage failed elsewhere
        delivering: asyncio.Future | None = None
        try:
            await app.resume()  # what was stored but not handled before a stop or a crash
            delivering = asyncio.ensure_future(self.delivery.run())
            delivering.add_done_callback(self._delivery_stopped)
            if self.failure is None:
                await transport.run(self)
            if self.failure is not None:
                raise self.failure
            await app.handle_received()  # on SIGTERM: finish what was received and stored
        finally:
            unlisten()
            if delivering is not None:
                await cancel_until_done(delivering)
            await self.scheduler.shutdown()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)

    def _delivery_stopped(self, task: asyncio.Future) -> None:
        """Delivery ends only when cancelled, or by an error: a storage failure stops the bot."""
        exc = None if task.cancelled() else task.exception()
        if exc is not None:
            self._fatal(exc)

    def _fatal(self, exc: BaseException) -> bool:
        """True (and the transport stops) for a storage failure; a busy database is not one."""
        if is_busy(exc) or storage_failure(exc) is None:
            return False
        if self.failure is None:
            log.error("storage failed (%r); stopping: nothing more is received", exc)
            self.failure = exc
        self.transport.stop()
        return True

    # ------------------------------------------------------------------ the Inbox

    def arrived(self, message_id: str, payload: str | None = None) -> asyncio.Future | None:
        return self.journal.arrived(message_id, payload)

    async def connected(self) -> None:
        await self.journal.replay()
        if not self._scheduled and self.failure is None:
            self._scheduled = True
            await self.scheduler.start()  # after the first connection: catch-up posts need the group's id
        await self.app.flush()  # what waited while we were away goes out now

    async def finish_arrivals(self, timeout: float) -> None:
        await self.journal.finish(timeout)

    async def receive(self, msg: Incoming) -> None:
        await self.app.receive(msg)

    def now(self) -> datetime:
        return self.app.clock.now()

    def is_group(self, room_id: str | None) -> bool:
        return self.app.is_group(room_id)

    def group_room(self) -> str | None:
        return self.app.office.notices.group_room()

    async def seen_room(self, room_id: str, topic: str | None) -> None:
        try:
            await self.app.seen_room(room_id, topic)
        except Exception as exc:
            if not self._fatal(exc):
                raise

    async def member_left(self, contact_id: str, room_id: str | None) -> None:
        try:
            await self.app.member_left(contact_id, room_id)
        except Exception as exc:
            if not self._fatal(exc):
                raise

    def tell_admins(self, text: str, key: str) -> None:
        self.app.office.notices.post_to_admins(text, key=key)

    def pending(self) -> int:
        return len(self.app.office.outbox.pending())

    def answering(self, message_id: str) -> list[Outgoing]:
        return self.app.office.outbox.answering(message_id)

    def reply_token(self, message_id: str) -> tuple[str, datetime] | None:
        return self.app.store.reply_token(message_id)

    @property
    def services(self) -> Any:
        return self.app
