"""Run a chat network's transport with the paced outbox delivery until SIGTERM/SIGINT (shared by wechaty
and 企业微信): the transport has a `connection` (run/stop) and a `scheduler`."""
from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.app import App
from bot.outbox.delivery import Delivery
from bot.settings.delivery import OutboxSettings
from bot.store import is_busy
from bot.store.failures import on_storage_failure, storage_failure

log = logging.getLogger(__name__)


class StopsOnDatabaseFailure:
    """Shared by the transports: a storage failure (bot/store/failures.py: the disk read-only, failing or
    full, the database corrupt) anywhere (the journal, the handling, the outbox, the log file) means what
    arrives can no longer be stored, and receiving more would only lose it. The transport stops reading;
    run_paced raises `failure`, and `infobot run` explains it in Chinese and exits 4 (systemd can then tell
    someone). Nothing is marked failed for it: what was stored is handled at the next healthy start."""

    app: App
    connection: object  # has stop()
    failure: BaseException | None = None  # the storage failure that stopped the bot

    def _fatal(self, exc: BaseException) -> bool:
        """True (and the transport stops) when `exc` is such a failure; a busy database is not one."""
        if is_busy(exc) or storage_failure(exc) is None:
            return False
        if self.failure is None:
            log.error("storage failed (%r); stopping: nothing more is received", exc)
            self.failure = exc
        self.connection.stop()
        return True

    def _journal_done(self, message_id: str) -> None:
        """A message taken (stored, or nothing to store) leaves the journal."""
        try:
            self.app.store.arrival_done(message_id)
        except Exception as exc:  # noqa: BLE001 - stored already; the journal entry is taken up again later
            if not self._fatal(exc):
                log.exception("message %s: could not clear its journal entry", message_id)

    def _stays_journaled(self, message_id: str, exc: BaseException, replay: bool, journaled: bool = True) -> bool:
        """Called from the `except` of taking a message. True: it stays journaled (storage failed, or it is
        taken up again after a restart); False: give it up (it failed again after a restart, or its
        arrival was never journaled, so there is nothing to take up)."""
        if self._fatal(exc):
            return True
        if not journaled:
            log.exception("message %s: not taken, and its arrival could not be journaled; it is lost", message_id)
            return False
        if not replay:
            log.exception("message %s: not taken now; it stays journaled and is taken up after a restart",
                          message_id)
            return True
        log.exception("message %s: taken up after a restart and failed again; given up", message_id)
        return False


async def run_paced(app: App, transport, limits: OutboxSettings,
                    after: Callable[[], Awaitable[None]] | None = None) -> None:
    """Returns after SIGTERM/SIGINT; whatever `transport.connection.run()` raises (a failed login) passes."""
    app.transport = transport
    delivery = Delivery(app.outbox, transport, limits, app.clock, app.notices)
    app.delivery = delivery
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, transport.connection.stop)
    unlisten = on_storage_failure(transport._fatal)  # the log file, the outbox: storage failed elsewhere
    delivering: asyncio.Future | None = None
    try:
        await app.resume()  # what was stored but not handled before a stop or a crash
        delivering = asyncio.ensure_future(delivery.run())
        delivering.add_done_callback(lambda task: task.cancelled() or task.exception() is None
                                     or transport._fatal(task.exception()))
        if transport.failure is None:
            await transport.connection.run()
        if transport.failure is not None:  # storage failed (StopsOnDatabaseFailure): exit 4
            raise transport.failure
        await app.handle_received()  # on SIGTERM: finish what was received and stored
    finally:
        unlisten()
        if delivering is not None:
            await cancel_until_done(delivering)
        await transport.scheduler.shutdown()
        if after is not None:
            await after()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


async def cancel_until_done(task: asyncio.Future, timeout: float = 5.0) -> None:
    """Python 3.11's wait_for can swallow a cancel that coincides with a wake-up: cancel until it ends."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not task.done() and loop.time() < deadline:
        task.cancel()
        await asyncio.wait({task}, timeout=0.2)
    if task.done() and not task.cancelled():
        task.exception()  # retrieved, so asyncio does not warn
