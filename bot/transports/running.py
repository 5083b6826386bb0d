"""Run a chat network's transport with the paced outbox delivery until SIGTERM/SIGINT (shared by wechaty
and 企业微信): the transport has a `connection` (run/stop) and a `scheduler`."""
from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable

from bot.app import App
from bot.outbox.delivery import Delivery
from bot.settings.delivery import OutboxSettings


async def run_paced(app: App, transport, limits: OutboxSettings,
                    after: Callable[[], Awaitable[None]] | None = None) -> None:
    """Returns after SIGTERM/SIGINT; whatever `transport.connection.run()` raises (a failed login) passes."""
    app.transport = transport
    delivery = Delivery(app.outbox, transport, limits, app.clock, app.notices)
    app.delivery = delivery
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, transport.connection.stop)
    await app.resume()  # what was stored but not handled before a stop or a crash
    delivering = asyncio.ensure_future(delivery.run())
    try:
        await transport.connection.run()
        failure = getattr(transport, "failure", None)  # the database could not store messages
        if failure is not None:
            raise failure
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
