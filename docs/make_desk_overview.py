"""Regenerate docs/img/desk-overview.png (the desk's 总览 at 1280 px) from made-up data, in Debian's chromium:
`.venv/bin/python docs/make_desk_overview.py`."""
from __future__ import annotations

import asyncio
import random
import socket
import sys
import tempfile
import threading
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.common.clock import FixedClock  # noqa: E402
from bot.settings import load_config  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.web.server import bind, serve  # noqa: E402
from tests.office_data import seed_half_year  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def seeded(app) -> None:
    seed_half_year(app.office)
    rnd = random.Random(2019)
    drafts = []
    for unit in app.config.units.assessed(2019)[:47]:
        for _ in range(rnd.choice([0, 1, 2, 3, 4, 6, 9, 14])):
            pub, grade = rnd.choice([("上街信息", "单条"), ("上街信息", "单条"), ("公众号", "综合"),
                                     ("郑州信息", "单条"), ("上街信息", "专期")])
            drafts.append(app.office.drafts.adoption(unit.name, pub, grade, date(2019, rnd.randint(1, 6), 15)))
    app.office.ledger.record(drafts, "example")


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = load_config(ROOT / "config")
    web = replace(config.bot.web, port=port, public_url=f"http://127.0.0.1:{port}")
    config = replace(config, bot=replace(config.bot, web=web))
    loop = asyncio.new_event_loop()
    links: list[str] = []
    ready = threading.Event()
    workdir = Path(tempfile.mkdtemp())

    def run() -> None:
        asyncio.set_event_loop(loop)
        app = build_app(config, open_store(None), None, FixedClock(datetime(2019, 6, 30, 18)), workdir / "files")
        seeded(app)
        links.append(app.office.desk_logins.link(config.bot.admins[0].contact_id))
        task = loop.create_task(serve(app.office, bind(web)))
        ready.set()
        loop.run_until_complete(asyncio.gather(task, return_exceptions=True))

    threading.Thread(target=run, daemon=True).start()
    ready.wait(30)
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(str(workdir / "profile"), executable_path="/usr/bin/chromium",
                                                       args=ARGS, headless=True,
                                                       viewport={"width": 1280, "height": 1500})
        page = browser.new_page()
        page.goto(links[0])
        page.wait_for_url(f"{web.public_url}/")
        page.screenshot(path=str(ROOT / "docs" / "img" / "desk-overview.png"))
        browser.close()


if __name__ == "__main__":
    main()
