"""`infobot doctor`: connect to 企业微信 / 政务微信 once, subscribe with the bot's id and secret, and leave.

The long connection allows one client per bot: while `infobot run` is connected, this probe takes the
connection over and the running bot is told to leave. The doctor is for before the start (or a stopped bot)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.settings.delivery import WecomSettings
from bot.transports.wecom_connection import Connection, LoginFailed
from bot.transports.wecom_env import WecomEnv


async def probe_wecom(env: WecomEnv, settings: WecomSettings, timeout: float) -> None:
    """Returns once subscribed; raises LoginFailed (Chinese) for a refused secret or no answer in time."""
    settings = replace(settings, login_timeout_seconds=timeout)
    connection: Connection | None = None

    async def subscribed() -> None:
        if connection is not None:  # set before it can subscribe
            connection.stop()

    connection = Connection(env.bot_id, env.secret, env.ws_url, settings, subscribed)
    await asyncio.wait_for(connection.run(), timeout + 5)


__all__ = ["LoginFailed", "probe_wecom"]
