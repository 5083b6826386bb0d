"""Keep one python-wechaty client connected to a puppet service.

`Wechaty.start()` is not used: it swallows errors, stops the event loop when the endpoint is unreachable,
retries a dropped stream only after a fixed 60 s, and after such a restart never fires `login` again
(`wechaty/wechaty.py:440-476, 563`). Instead each attempt runs `init_puppet()`,
`init_puppet_event_bridge()` and `puppet.start()`, which blocks for the whole connection and returns or
raises when the event stream ends. This module watches it: no login in time, a refused token, the stream
ending, a logout without re-login, or (optionally) silence, and reconnects with a bounded backoff.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.transports import wechaty_setup  # noqa: F401  (must precede any wechaty import)
from grpclib.const import Status
from grpclib.exceptions import GRPCError
from wechaty import Wechaty

from bot.settings.delivery import WechatySettings
from bot.transports.running import LoginFailed

__all__ = ["Connection", "LoginFailed"]

log = logging.getLogger(__name__)

QR_PAGE = "https://wechaty.js.org/qrcode/"


class Ended(Exception):
    def __init__(self, kind: str, why: str):
        super().__init__(why)
        self.kind, self.why = kind, why


class Connection:
    def __init__(
        self,
        bot: Wechaty,
        settings: WechatySettings,
        endpoint: str,
        on_login: Callable[[str], Awaitable[None]],
        on_message: Callable[[str], None] | None = None,
        before_close: Callable[[], Awaitable[None]] | None = None,
    ):
        self.bot = bot
        self.settings = settings
        self.endpoint = endpoint
        self.on_login = on_login
        # Called with each message id as its event comes off the stream, instead of Wechaty's bridge
        # (which fetches the payload first and keeps the message only in memory until a handler runs).
        self.on_message = on_message
        # Awaited after the event stream has stopped and before the channel closes: in-flight
        # messages still need the channel to fetch their payloads.
        self.before_close = before_close
        self.stopping = asyncio.Event()
        self.logged_in = asyncio.Event()
        self.user_id: str | None = None
        self.attempt = 0
        self._logins = 0
        self._last_event = time.monotonic()
        self._logged_out_at = 0.0
        self._start_plugins_once()

    def stop(self) -> None:
        self.stopping.set()

    async def run(self) -> None:
        """Until stop(); raises LoginFailed when the first login does not come in time or the token is refused."""
        started = time.monotonic()
        ever = False
        backoff = 1.0
        while not self.stopping.is_set():
            self.attempt += 1
            window = self.settings.login_timeout_seconds
            if not ever:
                window = max(0.1, started + window - time.monotonic())
            log.info("connecting to the puppet service at %s (attempt %d)", self.endpoint, self.attempt)
            task = asyncio.ensure_future(self._connect_once())
            try:
                await self._watch(task, window)
            except Ended as end:
                outcome = end
            else:
                outcome = Ended("stop", "shutdown")
            finally:
                await cancel_and_wait(task, timeout=3)  # no new events from here on
                if self.before_close is not None:
                    await self.before_close()
                await self._close_puppet()
            if outcome.kind == "stop" or self.stopping.is_set():
                return
            if outcome.kind == "unauthenticated":
                raise LoginFailed(
                    f"puppet service（{self.endpoint}）拒绝了令牌：{outcome.why}。"
                    "请检查环境变量 WECHATY_PUPPET_SERVICE_TOKEN。"
                )
            if outcome.kind == "connected":
                ever = True
                backoff = 1.0
                log.warning("disconnected from %s: %s; reconnecting", self.endpoint, outcome.why)
            elif not ever and time.monotonic() - started >= self.settings.login_timeout_seconds:
                raise LoginFailed(
                    f"启动后 {self.settings.login_timeout_seconds:g} 秒内没有登录微信（puppet service：{self.endpoint}）。"
                    f"最后一次的情况：{outcome.why}。请检查该地址上的 puppet service 是否在运行、"
                    "令牌是否正确、微信号是否已扫码登录（首次扫码可调大 config/bot.yaml 的 wechaty.login_timeout_seconds）。"
                )
            else:
                log.warning(
                    "no login on attempt %d at %s: %s; retrying in %.0f s",
                    self.attempt,
                    self.endpoint,
                    outcome.why,
                    backoff,
                )
            wait = (
                backoff
                if ever
                else min(backoff, max(0.1, started + self.settings.login_timeout_seconds - time.monotonic()))
            )
            try:
                await asyncio.wait_for(self.stopping.wait(), timeout=wait)
            except TimeoutError:
                pass
            backoff = min(backoff * 2, self.settings.reconnect_max_seconds)

    # ------------------------------------------------------------------ one attempt

    async def _connect_once(self) -> None:
        self.logged_in.clear()
        self.user_id = None
        # Room/Contact payload pools are class-level dicts shared by every Wechaty (room.py:71,
        # contact.py:74) and never expire: start each connection with fresh payloads.
        self.bot.Room._pool.clear()  # noqa: SLF001
        self.bot.Contact._pool.clear()  # noqa: SLF001
        await self.bot.init_puppet()
        await self.bot.init_puppet_event_bridge(self.bot.puppet)
        self._listen()
        await self.bot.puppet.start()

    def _listen(self) -> None:
        """Puppet-level listeners: Wechaty's bridge forwards only the first login of a connection and never
        forwards heartbeats (it listens to 'heart-beat'; the puppet emits 'heartbeat')."""
        puppet = self.bot.puppet

        def seen(*_: Any) -> None:
            self._last_event = time.monotonic()

        def on_login(payload: Any) -> None:
            seen()
            self.user_id = payload.contact_id
            self._logins += 1
            self.logged_in.set()

        def on_logout(payload: Any) -> None:
            seen()
            self.logged_in.clear()
            self._logged_out_at = time.monotonic()
            log.warning("WeChat account %s logged out: %s", payload.contact_id, getattr(payload, "data", ""))

        def on_scan(payload: Any) -> None:
            seen()
            if payload.qrcode:
                log.warning("请用机器人的微信扫码登录：%s%s", QR_PAGE, payload.qrcode)

        if self.on_message is not None:
            puppet._event_stream.remove_all_listeners("message")  # noqa: SLF001 - Wechaty's bridge
            on_message = self.on_message

            def message(payload: Any) -> None:
                seen()
                on_message(payload.message_id)

            puppet.on("message", message)
        else:
            puppet.on("message", seen)
        for name in ("heartbeat", "dong", "ready", "room-join", "room-leave", "room-topic"):
            puppet.on(name, seen)
        puppet.on("login", on_login)
        puppet.on("logout", on_logout)
        puppet.on("scan", on_scan)

    async def _watch(self, task: asyncio.Future, window: float) -> None:
        """Raises Ended: why the attempt is over. Wait for login within `window`, then for the end."""
        stop = asyncio.ensure_future(self.stopping.wait())
        login = asyncio.ensure_future(self.logged_in.wait())
        try:
            done, _ = await asyncio.wait({task, stop, login}, timeout=window, return_when=asyncio.FIRST_COMPLETED)
            if stop in done:
                raise Ended("stop", "shutdown")
            if task in done:
                raise Ended(*describe(task, connected=False))
            if login not in done:
                raise Ended("login_failed", f"{window:.0f} 秒内没有收到登录事件")
            announced = 0
            while True:
                if self._logins != announced:  # a first login, or a re-login on the same stream
                    announced = self._logins
                    log.info("logged in as %s (attempt %d)", self.user_id, self.attempt)
                    await self.on_login(self.user_id or "")
                done, _ = await asyncio.wait({task, stop}, timeout=0.5)
                if stop in done:
                    raise Ended("stop", "shutdown")
                if task in done:
                    raise Ended(*describe(task, connected=True))
                self._check_liveness()
        finally:
            stop.cancel()
            login.cancel()

    def _check_liveness(self) -> None:
        now = time.monotonic()
        quiet = now - self._last_event
        limit = self.settings.heartbeat_timeout_seconds
        if limit and quiet > limit:
            raise Ended("connected", f"{quiet:.0f} 秒没有收到任何事件")
        relogin = self.settings.relogin_timeout_seconds
        if not self.logged_in.is_set() and now - self._logged_out_at > relogin:
            raise Ended("connected", f"微信号掉线后 {relogin:g} 秒内没有重新登录")

    async def _close_puppet(self) -> None:
        """PuppetService.stop() calls the stop RPC before closing the channel (puppet.py:924-935); when the
        server is gone that raises and leaks the channel, so close it by hand."""
        puppet = self.bot._puppet  # noqa: SLF001 - None before the first init_puppet()
        if puppet is None:
            return
        self.logged_in.clear()
        try:
            await asyncio.wait_for(puppet.stop(), timeout=2)
        except Exception as exc:  # noqa: BLE001 - the server may be gone; we close our side anyway
            log.debug("puppet.stop(): %r", exc)
        channel = getattr(puppet, "channel", None)
        if channel is not None:
            channel.close()
            puppet.channel = None
        puppet._puppet_stub = None  # noqa: SLF001
        puppet.login_user_id = None

    def _start_plugins_once(self) -> None:
        """Wechaty's login handler calls _plugin_manager.start() on every login (wechaty.py:563); a second
        call raises (Quart endpoint already registered / scheduler already running) before 'login' is
        emitted. Make it run once."""
        manager = self.bot._plugin_manager  # noqa: SLF001
        original = manager.start
        done = False

        async def start_once() -> None:
            nonlocal done
            if not done:
                done = True
                await original()

        manager.start = start_once


async def cancel_and_wait(task: asyncio.Future, timeout: float) -> None:
    """Cancel repeatedly: PuppetService.start() does `try: await stop() finally: await start()`
    (wechaty_puppet_service/puppet.py:915-918), which swallows one cancellation."""
    deadline = time.monotonic() + timeout
    while not task.done() and time.monotonic() < deadline:
        task.cancel()
        await asyncio.wait({task}, timeout=0.2)
    if not task.done():
        log.error("the puppet task did not stop within %.0f s; abandoned", timeout)
    elif not task.cancelled():
        task.exception()  # retrieved, so asyncio does not warn


def describe(task: asyncio.Future, connected: bool) -> tuple[str, str]:
    """(kind, why) for a finished puppet.start() task."""
    kind = "connected" if connected else "login_failed"
    if task.cancelled():
        return kind, "cancelled"
    exc = task.exception()
    if exc is None:
        return kind, "事件流结束"
    if isinstance(exc, GRPCError):
        if exc.status is Status.UNAUTHENTICATED:
            return "unauthenticated", f"{exc.status.name} {exc.message or ''}".strip()
        return kind, f"gRPC {exc.status.name}: {exc.message}"
    return kind, f"{type(exc).__name__}: {exc}"
