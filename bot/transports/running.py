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
    delivering = asyncio.ensure_future(delivery.run())
    try:
        await transport.connection.run()
    finally:
        delivering.cancel()
        await asyncio.gather(delivering, return_exceptions=True)
        await transport.scheduler.shutdown()
        if after is not None:
            await after()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
