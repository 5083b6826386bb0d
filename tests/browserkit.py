"""The desk in a real browser, for the browser tests: Debian's chromium driven by Playwright's Python API (its own
browsers are never downloaded). The bot and its desk run in one event loop on a thread of their own, as in
`infobot run`; a test talks to the bot through that loop and to the desk over HTTP on 127.0.0.1.

Set DESK_SCREENSHOTS=<directory> to keep the screenshots (1280 px and 375 px) for a person to look at."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from bot.common.clock import FixedClock
from tests.chatkit import ADMIN, ADMIN_NAME, GROUP_ID, GROUP_TOPIC, FakeTransport
from tests.deskkit import shared_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="没有 Debian 的 chromium（make chromium 以 root 安装：apt-get install chromium），浏览器测试跳过",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveBot:
    """The bot and its desk in one event loop on a background thread; chat goes in through that loop."""

    def __init__(self, config, clock, tmp_path):
        from bot.app import build_app
        from bot.web.server import bind, serve

        port = free_port()
        web = replace(config.bot.web, port=port, public_url=f"http://127.0.0.1:{port}")
        config = replace(config, bot=replace(config.bot, web=web))
        self.url = web.public_url
        self.clock = clock
        self.transport = FakeTransport()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.count = 0

        def run():
            asyncio.set_event_loop(self.loop)
            self.app = build_app(config, shared_store(), self.transport, clock, files_dir=tmp_path / "files")
            self.app.office.notices.register_group(GROUP_ID)
            self.task = self.loop.create_task(serve(self.app.office, bind(web)))
            self.ready.set()
            self.loop.run_until_complete(asyncio.gather(self.task, return_exceptions=True))

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def call(self, fn):
        async def on_loop():
            return fn()

        return asyncio.run_coroutine_threadsafe(on_loop(), self.loop).result(10)

    def say(self, sender: str, text: str, private: bool = False, name: str | None = None) -> str:
        from bot.model.message import Incoming

        self.count += 1
        msg = Incoming(
            f"live-{self.count}",
            sender,
            name or sender,
            text,
            self.clock.now(),
            room_id=None if private else GROUP_ID,
            room_topic=None if private else GROUP_TOPIC,
        )
        before = len(self.transport.sent)
        asyncio.run_coroutine_threadsafe(self.app.receive(msg), self.loop).result(10)
        return "\n".join(o.text for o in self.transport.sent[before:])

    def flush(self) -> list:
        """Send what the office queued (the group announcements); return what went out."""
        before = len(self.transport.sent)
        asyncio.run_coroutine_threadsafe(self.app.flush(), self.loop).result(10)
        return self.transport.sent[before:]

    def bind(self, contact: str, name: str, unit: str) -> None:
        """A confirmed liaison of `unit` (as /绑定 then /确认绑定 make one)."""
        members = self.app.office.members
        self.call(lambda: members.confirm(members.request(contact, name, unit)[0].id, ADMIN))

    def link(self, contact: str = ADMIN) -> str:
        reply = self.say(contact, "/后台", private=True, name=ADMIN_NAME)
        return re.search(r"http://\S+", reply).group(0)

    def stop(self):
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(10)


@contextlib.contextmanager
def live_bot(config, tmp_path) -> Iterator[LiveBot]:
    """The bot on 2019-06-30 18:00 with two liaisons: 李娜 of 济办 and 王强 of 环保局."""
    bot = LiveBot(config, FixedClock(datetime(2019, 6, 30, 18, 0)), tmp_path)
    bot.bind("wxid_li", "李娜", "济办")
    bot.bind("wxid_wang", "王强", "环保局")
    try:
        yield bot
    finally:
        bot.stop()


@contextlib.contextmanager
def chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield b
        finally:
            b.close()


def signed_in_page(live: LiveBot, browser):
    """A tab signed in through the link /后台 gave, on 总览."""
    page = browser.new_page()
    page.goto(live.link())
    page.wait_for_url(f"{live.url}/")
    return page


def shot(page, name: str, width: int) -> None:
    keep = os.environ.get("DESK_SCREENSHOTS")
    if not keep:
        return
    page.set_viewport_size({"width": width, "height": 900})
    Path(keep).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(keep) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
