"""Serving the desk with uvicorn in the bot's own event loop: the same process, services and clock as chat.

The socket is bound here first, so a port already taken is a clear Chinese message rather than uvicorn's exit,
and uvicorn never takes over SIGTERM/SIGINT: the chat transport's own shutdown stays in charge."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable

import uvicorn

from bot.services import Office
from bot.settings.web import WebSettings
from bot.web.app import create_desk

log = logging.getLogger(__name__)


class DeskError(Exception):
    """The desk cannot start; the message says why, in Chinese."""


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):
        yield  # signals belong to the bot (bot/transports/running.py), not to the desk


def bind(settings: WebSettings) -> socket.socket:
    problem = settings.binding_problem()
    if problem:
        raise DeskError(problem)
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as exc:
        sock.close()
        raise DeskError(
            f"后台无法监听 {settings.host}:{settings.port}（{exc.strerror}）：端口可能已被占用。"
            "请改 config/bot.yaml 的 web.port，或停止占用该端口的程序。"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def desk_server(office: Office) -> uvicorn.Server:
    # No access log: a login link's token must not end up in a log file.
    config = uvicorn.Config(
        create_desk(office),
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        lifespan="off",
    )
    return _QuietServer(config)


async def serve(office: Office, sock: socket.socket) -> None:
    """Serve until cancelled."""
    server = desk_server(office)
    try:
        await server.serve(sockets=[sock])
    finally:
        sock.close()


async def with_desk(
    office: Office, main: Callable[[], Awaitable[None]], announce: Callable[[str], None] | None = None
) -> None:
    """Run `main` (a transport's loop) with the desk beside it when web.enabled; a desk that cannot start is
    logged (and announced) and the bot runs on without it."""
    settings = office.config.bot.web
    task = None
    if settings.enabled:
        try:
            sock = bind(settings)
        except DeskError as exc:
            log.error("desk not started: %s", exc)
            if announce:
                announce(f"后台未启动：{exc}")
        else:
            task = asyncio.create_task(serve(office, sock), name="desk")
            log.info("desk listening on %s:%d (%s)", settings.host, settings.port, settings.public_url)
            if announce:
                announce(f"后台：{settings.public_url}（管理员私聊机器人发送 /后台 获取一次性登录链接）")
    try:
        await main()
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
