"""The desk's read-only pages and its login in a real browser (tests/browserkit.py: Debian's chromium, Playwright).

Set DESK_SCREENSHOTS=<directory> to keep the screenshots (1280 px and 375 px) for a person to look at."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from tests.browserkit import chromium, live_bot, needs_chromium, shot
from tests.chatkit import ADMIN, ADMIN_NAME

pytestmark = needs_chromium


@pytest.fixture
def live(config, tmp_path):
    with live_bot(config, tmp_path) as bot:
        yield bot


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path) as b:
        yield b


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
