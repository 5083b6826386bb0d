"""The desk in a real browser: Debian's chromium driven by Playwright's Python API (its own browsers are never
downloaded). The bot and its desk run in one event loop on a thread of their own, as in `infobot run`; the test
talks to the bot through that loop and to the desk over HTTP on 127.0.0.1.

Set DESK_SCREENSHOTS=<directory> to keep the screenshots (1280 px and 375 px) for a person to look at."""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.common.clock import FixedClock
from tests.chatkit import ADMIN, ADMIN_NAME, GROUP_ID, GROUP_TOPIC, FakeTransport
from tests.deskkit import shared_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="没有 Debian 的 chromium（make chromium 以 root 安装：apt-get install chromium），浏览器测试跳过")


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
        msg = Incoming(f"live-{self.count}", sender, name or sender, text, self.clock.now(),
                       room_id=None if private else GROUP_ID, room_topic=None if private else GROUP_TOPIC)
        before = len(self.transport.sent)
        asyncio.run_coroutine_threadsafe(self.app.receive(msg), self.loop).result(10)
        return "\n".join(o.text for o in self.transport.sent[before:])

    def link(self, contact: str = ADMIN) -> str:
        reply = self.say(contact, "/后台", private=True, name=ADMIN_NAME)
        return re.search(r"http://\S+", reply).group(0)

    def stop(self):
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(10)


@pytest.fixture
def live(config, tmp_path):
    bot = LiveBot(config, FixedClock(datetime(2019, 6, 30, 18, 0)), tmp_path)
    bot.call(lambda: bot.app.office.members.confirm(bot.app.office.members.request("wxid_li", "李娜", "济办")[0].id, ADMIN))
    bot.call(lambda: bot.app.office.members.confirm(bot.app.office.members.request("wxid_wang", "王强", "环保局")[0].id, ADMIN))
    yield bot
    bot.stop()


@pytest.fixture
def browser(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS,
                                                 headless=True, accept_downloads=True,
                                                 viewport={"width": 1280, "height": 900})
        yield b
        b.close()


def shot(page, name: str, width: int) -> None:
    keep = os.environ.get("DESK_SCREENSHOTS")
    if not keep:
        return
    page.set_viewport_size({"width": width, "height": 900})
    Path(keep).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(keep) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_login_board_unit_fact_message_and_xlsx(live, browser, tmp_path):
    live.say("wxid_li", "#报送 【我办推进垃圾分类】济源路街道办事处开展垃圾分类入户宣传 1200 户。")
    live.say("wxid_wang", "#报送 【环保局开展执法检查】检查企业 36 家。")
    reply = live.say(ADMIN, "/采用 1 上街信息 单条 第3期", name=ADMIN_NAME)
    entry = re.search(r"已登记 #(\d+)", reply).group(1)

    page = browser.new_page()
    page.goto(live.link())
    page.wait_for_url(f"{live.url}/")  # the login page steps on to 总览 by itself
    assert page.title().startswith("总览")
    row = page.locator("table.board tr", has=page.locator("td.unit", has_text="济办"))
    assert "3%" in row.inner_text() and "4" in row.inner_text()
    assert page.locator("svg rect.bar").count() == 53
    shot(page, "overview", 1280)
    shot(page, "overview", 375)

    page.locator("td.unit a", has_text="济办").click()
    page.wait_for_url(re.compile(r"/units/"))
    fact = page.locator(f"#fact-{entry}")
    assert "采用《上街信息》单条 第3期《我办推进垃圾分类》" in fact.inner_text()
    shot(page, "unit", 1280)
    shot(page, "unit", 375)
    fact.locator("a", has_text="报送 #1").click()
    page.wait_for_url(f"{live.url}/submissions/1")
    assert "开展垃圾分类入户宣传 1200 户" in page.locator("article.fulltext").inner_text()

    page.locator("nav a", has_text="报送").click()
    assert "环保局开展执法检查" in page.content()
    shot(page, "submissions", 375)

    page.locator("nav a", has_text="下载").click()
    form = page.locator("form.download", has_text="通报表")
    with page.expect_download() as dl:
        form.locator("button", has_text="xlsx").click()
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    assert saved.name == "通报表_20190101-20190630.xlsx"
    cells = [c for r in load_workbook(saved).active.iter_rows(values_only=True) for c in r]
    assert "济办" in cells and "环保局" in cells


def test_used_expired_link_and_non_admin_are_refused(live, browser):
    page = browser.new_page()
    link = live.link()
    page.goto(link)
    page.wait_for_url(f"{live.url}/")

    other = browser.browser.new_context() if browser.browser else None
    fresh = (other or browser).new_page()
    fresh.context.clear_cookies()
    fresh.goto(link)
    assert "已经用过" in fresh.content()
    fresh.goto(f"{live.url}/")
    assert "请登录" in fresh.title() and "济办" not in fresh.content()

    late = live.link()
    live.clock.set(live.clock.now().replace(minute=10))
    fresh.goto(late)
    assert "已过期" in fresh.content()
    shot(fresh, "refused", 375)

    reply = live.say("wxid_li", "/后台", private=True)
    assert "仅限区委办信息科管理员" in reply and "http" not in reply
