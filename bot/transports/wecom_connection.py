"""Keep one wecom-aibot-sdk client subscribed to the 企业微信 / 政务微信 long connection.

The SDK reconnects by itself with backoff (1 s, 2 s, … 30 s) after an abnormal close, and re-subscribes.
This module watches it: the first subscription must come within login_timeout_seconds; a refused secret
ends the run (LoginFailed → exit 3) instead of being retried; another connection taking over the bot
(`disconnected_event`) ends it too, since reconnecting would only take the bot back from that one.

A half-open link (the socket looks connected, but nothing gets through either way, as mobile and office
networks do) is found by a ping of our own every heartbeat_seconds, and at once when a send gets no answer
(`alive()`): a ping unanswered within ping_timeout_seconds means the link is dead, and a new client connects
now (the SDK would notice only after three of its heartbeats and a close handshake). A new connection whose
subscription gets no answer within ping_timeout_seconds is replaced again, until the network is back.

A watchdog covers what the SDK misses: its receive loop (`async for raw in ws`) ends silently on a normal
close (1000/1001 — a server going away, or the SDK's own close after two unanswered pings), with no
`disconnected` event and no reconnect. A client that is down and not retrying is replaced by a new one
(`disconnect()` closes its HTTP client, so an instance is never reused).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from wecom_aibot_sdk import WSAuthFailureError, WSClient

from bot.common.clock import sent_time
from bot.model.message import FileBlob, Incoming
from bot.settings.delivery import WecomSettings
from bot.transports.running import LoginFailed
from bot.transports.wecom_frames import guard_frames

__all__ = ["Connection", "LoginFailed"]

log = logging.getLogger(__name__)

WATCH_SECONDS = 1.0  # how often the watchdog looks
DEAD_AFTER = 2.0  # down this long after a silent close (no SDK retry under way): replace the client
SDK_MAX_BACKOFF = 30.0  # the SDK's own ceiling between attempts; silent longer than this while down: replace
SDK_HEARTBEAT_FACTOR = 3  # the SDK's own heartbeat, a backstop: every 3 × heartbeat_seconds


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
    def __init__(
        self, bot_id: str, secret: str, url: str, settings: WecomSettings, on_subscribed: Callable[[], Awaitable[None]]
    ):
        self.bot_id, self.secret, self.url = bot_id, secret, url
        self.settings = settings
        self.on_subscribed = on_subscribed
        self.subscribed = asyncio.Event()
        self.stopping = asyncio.Event()
        self.renewals = 0
        self._fatal: str | None = None
        self._last_error = "尚未连上"
        self._wake = asyncio.Event()
        self._handlers: list[tuple[str, Callable]] = [
            ("connected", self._connected),
            ("authenticated", self._authenticated),
            ("disconnected", self._disconnected),
            ("error", self._error),
            ("reconnecting", self._reconnecting),
            ("event.disconnected_event", self._taken_over),
        ]
        self._retrying = False  # the SDK has seen the drop and is reconnecting by itself
        self._last_activity = time.monotonic()
        self._down_since: float | None = None
        self._retired: list[asyncio.Future] = []
        self._probe: asyncio.Future | None = None
        self._last_ping = time.monotonic()  # when the last ping of ours was sent
        self._connected_at = time.monotonic()  # when the present client began connecting
        self.client = self._new_client()

    def on(self, event: str, handler: Callable) -> None:
        """Listen on this client and on every client that replaces it."""
        self._handlers.append((event, handler))
        self.client.on(event, handler)

    @property
    def ready(self) -> bool:
        return self.subscribed.is_set() and self.client.is_connected

    def stop(self) -> None:
        self.stopping.set()

    def _new_client(self) -> WSClient:
        client = WSClient(
            self.bot_id,
            self.secret,
            ws_url=self.url,
            logger=SdkLog(),
            reconnect_interval=int(self.settings.reconnect_base_seconds * 1000),
            max_reconnect_attempts=-1,
            max_auth_failure_attempts=1,
            heartbeat_interval=int(self.settings.heartbeat_seconds * SDK_HEARTBEAT_FACTOR * 1000),
        )
        for event, handler in self._handlers:
            client.on(event, handler)
        guard_frames(client)  # a frame that is not a JSON object must not cost the connection
        return client

    async def run(self) -> None:
        """Until stop(); raises LoginFailed for a refused secret, no subscription in time, or a takeover."""
        await self.client.connect()
        try:
            await self._first_subscription()
            while not self.stopping.is_set():
                await self._wait_stop(WATCH_SECONDS)
                if self._fatal:
                    raise LoginFailed(self._fatal)
                if not self.stopping.is_set():
                    await self._watch()
        finally:
            self.subscribed.clear()
            if self._probe is not None:
                self._probe.cancel()
            await self.client.disconnect()
            await asyncio.gather(*self._retired, return_exceptions=True)

    async def alive(self) -> bool:
        """Whether the link answers a ping now (one ping at a time); a dead link is replaced at once. A socket
        that is already closed is left to the SDK's reconnect and the watchdog."""
        if not self.client.is_connected:
            return False
        if self._probe is None or self._probe.done():
            self._probe = asyncio.ensure_future(self._ping())
        return await asyncio.shield(self._probe)

    async def _ping(self) -> bool:
        client = self.client
        self._last_ping = time.monotonic()
        timeout = self.settings.ping_timeout_seconds
        try:  # the heartbeat frame of the document, with a req_id of ours so that its answer comes back to us
            await asyncio.wait_for(
                client.reply({"headers": {"req_id": f"liveness_{uuid.uuid4().hex}"}}, {}, "ping"), timeout
            )
            return True
        except Exception as exc:  # noqa: BLE001 - no answer in time, or the socket failed
            if refused(exc):
                return True  # answered: the link is alive
            if client is not self.client or self.stopping.is_set():
                return False  # replaced or stopping meanwhile
            log.warning(
                "the 企业微信 link did not answer a ping within %g s (%r): it is dead; reconnecting now", timeout, exc
            )
            self._last_error = f"连接无响应（{timeout:g} 秒内没有回应心跳）"
            await self._renew()
            return False

    async def _watch(self) -> None:
        now = time.monotonic()
        if self.client.is_connected:
            self._down_since = None
            if not self.subscribed.is_set():
                if now - self._connected_at > self.settings.ping_timeout_seconds:
                    log.warning("connected to %s but not subscribed: no answer; reconnecting", self.url)
                    await self._renew()
            elif now - self._last_ping >= self.settings.heartbeat_seconds:
                if self._probe is None or self._probe.done():
                    self._probe = asyncio.ensure_future(self._ping())
            return
        self.subscribed.clear()
        if self._down_since is None:
            self._down_since = now
        silent = (
            not self._retrying and now - self._down_since > DEAD_AFTER
        ) or now - self._last_activity > SDK_MAX_BACKOFF + 5
        if silent:
            await self._renew()

    async def _renew(self) -> None:
        self.renewals += 1
        log.warning("replacing the 企业微信 connection: new client (#%d)", self.renewals)
        self.subscribed.clear()
        old, self.client = self.client, self._new_client()
        self._retired.append(asyncio.ensure_future(old.disconnect()))
        self._retrying, self._down_since, self._last_activity = True, None, time.monotonic()
        self._connected_at = self._last_ping = time.monotonic()
        await self.client.connect()

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
                "wecom.login_timeout_seconds。"
            )

    async def _wait_stop(self, timeout: float | None, *others: asyncio.Future) -> None:
        """Wait for stop(), a fatal error, or any of `others`, at most `timeout` seconds."""
        self._wake.clear()
        waiters = [asyncio.ensure_future(self.stopping.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait([*waiters, *others], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waiters:
                w.cancel()

    def _end(self, why: str) -> None:
        self._fatal = self._fatal or why
        self._wake.set()

    # ------------------------------------------------------------------ SDK events

    async def _authenticated(self) -> None:
        log.info("subscribed to %s", self.url)
        self._retrying, self._last_activity = False, time.monotonic()
        self._last_ping = time.monotonic()
        self.subscribed.set()
        await self.on_subscribed()

    def _disconnected(self, reason: str) -> None:
        if self.subscribed.is_set():
            log.warning("disconnected from %s: %s; the SDK reconnects", self.url, reason)
        self.subscribed.clear()
        self._retrying, self._last_activity = True, time.monotonic()
        self._last_error = f"连接断开（{reason}）"

    def _reconnecting(self, attempt: int) -> None:
        self._retrying, self._last_activity = True, time.monotonic()

    def _connected(self) -> None:
        self._connected_at = time.monotonic()  # the socket is open and the subscription sent

    def _error(self, error: Exception) -> None:
        text = str(error)
        self._last_error = text
        self._last_activity = time.monotonic()
        if text.startswith("Authentication failed"):
            self._end(
                f"企业微信拒绝了机器人的认证（{text}）。请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET："
                "两者在管理后台「智能机器人」的「API 模式 → 长连接」页面，Secret 重置后须同步更新。"
            )
        elif isinstance(error, WSAuthFailureError):
            self._end("企业微信拒绝了机器人的认证。请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET。")
        else:
            log.warning("企业微信连接出错：%s", text)

    def _taken_over(self, frame: dict) -> None:
        self._end(
            "同一个智能机器人在别处建立了新的长连接，企业微信断开了本机的连接。"
            "同一机器人同时只能有一个连接：请停掉另一处运行的程序后再启动。"
        )


def incoming(body: dict, sender: str, text: str, now: datetime, file: FileBlob | None = None) -> Incoming:
    """A message callback's body as the bot's Incoming. 企业微信 gives no display name: the userid stands in
    (permissions go by it anyway); a backlog keeps the time it was sent."""
    return Incoming(
        message_id=str(body["msgid"]),
        sender_id=sender,
        sender_name=sender,
        text=text,
        at=sent_time(body.get("create_time"), now),
        room_id=body.get("chatid") if body.get("chattype") == "group" else None,
        room_topic=None,
        file=file,
        names_given=False,
    )


def refused(exc: BaseException) -> bool:
    """企业微信 answered a frame with a non-zero errcode (the SDK says so only in the message text)."""
    return "errcode=" in str(exc)
