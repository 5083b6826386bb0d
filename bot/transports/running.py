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
from bot.store import explain_failure, is_busy

log = logging.getLogger(__name__)


class StopsOnDatabaseFailure:
    """Shared by the transports: a corrupt, read-only or full database cannot store what arrives, and
    receiving more would only lose it. The transport stops; run_paced raises `failure`, and `infobot run`
    explains it in Chinese and exits 4 (systemd can then tell someone)."""

    connection: object  # has stop()
    failure: BaseException | None = None  # the database failure that stopped the bot

    def _fatal(self, exc: BaseException) -> bool:
        """True (and the transport stops) when `exc` is such a failure; a busy database is not one."""
        if is_busy(exc) or explain_failure(exc, "") is None:
            return False
        if self.failure is None:
            log.error("the database cannot store messages (%r); stopping", exc)
            self.failure = exc
        self.connection.stop()
        return True

    def _stays_journaled(self, message_id: str, exc: BaseException, replay: bool) -> bool:
        """Called from the `except` of taking a journaled message. True: it stays journaled (the database
        failed, or it is taken up again after a restart); False: it failed again after a restart, given up."""
        if self._fatal(exc):
            return True
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
    delivery = Delivery(app.office.outbox, transport, limits, app.clock, app.office.notices)
    app.delivery = delivery
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, transport.connection.stop)
    await app.resume()  # what was stored but not handled before a stop or a crash
    delivering = asyncio.ensure_future(delivery.run())
    try:
        await transport.connection.run()
        if transport.failure is not None:  # the database could not store messages (StopsOnDatabaseFailure)
            raise transport.failure
        await app.handle_received()  # on SIGTERM: finish what was received and stored
    finally:
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
