"""Keep one wecom-aibot-sdk client subscribed to the 企业微信 / 政务微信 long connection.

The SDK reconnects by itself with backoff (1 s, 2 s, … 30 s) and re-subscribes; this module only watches
it: the first subscription must come within login_timeout_seconds, a refused secret ends the run
(LoginFailed → exit 3) instead of being retried, and another connection taking over the bot
(`disconnected_event`) ends it too, since reconnecting would only take the bot back from that one.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from wecom_aibot_sdk import WSAuthFailureError, WSClient

from bot.settings.delivery import WecomSettings

log = logging.getLogger(__name__)


class LoginFailed(Exception):
    """The bot could not subscribe; the message (Chinese) tells the operator what to check."""


class SdkLog:
    """The SDK prints to stdout by default; send it to our log instead."""

    _log = logging.getLogger("wecom_aibot_sdk")

    def _line(self, level: int, message: str, *args: Any) -> None:
        self._log.log(level, " ".join([str(message), *map(str, args)]))

    def debug(self, message: str, *args: Any) -> None:
        self._line(logging.DEBUG, message, *args)

    def info(self, message: str, *args: Any) -> None:
        self._line(logging.DEBUG, message, *args)  # one line per frame and per download: too chatty for info

    def warn(self, message: str, *args: Any) -> None:
        self._line(logging.WARNING, message, *args)

    def error(self, message: str, *args: Any) -> None:
        self._line(logging.ERROR, message, *args)


class Connection:
    def __init__(self, bot_id: str, secret: str, url: str, settings: WecomSettings,
                 on_subscribed: Callable[[], Awaitable[None]]):
        self.url = url
        self.settings = settings
        self.on_subscribed = on_subscribed
        self.client = WSClient(
            bot_id, secret, ws_url=url, logger=SdkLog(),
            reconnect_interval=int(settings.reconnect_base_seconds * 1000), max_reconnect_attempts=-1,
            max_auth_failure_attempts=1, heartbeat_interval=int(settings.heartbeat_seconds * 1000))
        self.subscribed = asyncio.Event()
        self.stopping = asyncio.Event()
        self._fatal: str | None = None
        self._last_error = "尚未连上"
        self.client.on("authenticated", self._authenticated)
        self.client.on("disconnected", self._disconnected)
        self.client.on("error", self._error)
        self.client.on("event.disconnected_event", self._taken_over)

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        """Until stop(); raises LoginFailed for a refused secret, no subscription in time, or a takeover."""
        await self.client.connect()
        try:
            await self._first_subscription()
            while not self.stopping.is_set():
                await self._wait_stop(None)
                if self._fatal:
                    raise LoginFailed(self._fatal)
        finally:
            self.subscribed.clear()
            await self.client.disconnect()

    async def _first_subscription(self) -> None:
        window = self.settings.login_timeout_seconds
        waiter = asyncio.ensure_future(self.subscribed.wait())
        try:
            await self._wait_stop(window, waiter)
        finally:
            waiter.cancel()
        if self._fatal:
            raise LoginFailed(self._fatal)
        if not self.subscribed.is_set() and not self.stopping.is_set():
            raise LoginFailed(
                f"启动后 {window:g} 秒内没有连上企业微信（{self.url}）。最后一次的情况：{self._last_error}。"
                "请检查本机能否访问该地址（政务微信请核对 WECOM_WS_URL），必要时调大 config/bot.yaml 的 "
                "wecom.login_timeout_seconds。")

    async def _wait_stop(self, timeout: float | None, *others: asyncio.Future) -> None:
        """Wait for stop(), a fatal error, or any of `others`."""
        self._wake = asyncio.Event()
        waiters = [asyncio.ensure_future(self.stopping.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait([*waiters, *others], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waiters:
                w.cancel()

    def _end(self, why: str) -> None:
        self._fatal = self._fatal or why
        if getattr(self, "_wake", None) is not None:
            self._wake.set()

    # ------------------------------------------------------------------ SDK events

    async def _authenticated(self) -> None:
        log.info("subscribed to %s", self.url)
        self.subscribed.set()
        await self.on_subscribed()

    def _disconnected(self, reason: str) -> None:
        if self.subscribed.is_set():
            log.warning("disconnected from %s: %s; the SDK reconnects", self.url, reason)
        self.subscribed.clear()
        self._last_error = f"连接断开（{reason}）"

    def _error(self, error: Exception) -> None:
        text = str(error)
        self._last_error = text
        if text.startswith("Authentication failed"):
            self._end(f"企业微信拒绝了机器人的认证（{text}）。请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET："
                      "两者在管理后台「智能机器人」的「API 模式 → 长连接」页面，Secret 重置后须同步更新。")
        elif isinstance(error, WSAuthFailureError):
            self._end("企业微信拒绝了机器人的认证。请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET。")
        else:
            log.warning("企业微信连接出错：%s", text)

    def _taken_over(self, frame: dict) -> None:
        self._end("同一个智能机器人在别处建立了新的长连接，企业微信断开了本机的连接。"
                  "同一机器人同时只能有一个连接：请停掉另一处运行的程序后再启动。")
