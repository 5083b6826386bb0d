"""The whole bot plus its desk, for the desk's tests: chat through the harness, pages through a client."""

from __future__ import annotations

import re
import sqlite3

from sqlite_utils import Database

from bot.store.database import Store
from bot.store.schema import migrations
from tests.chatkit import ADMIN, start_bot

BASE = "http://127.0.0.1:8790"


def shared_store() -> Store:
    """An in-memory store usable from the thread Starlette's TestClient runs the app on (one request at a
    time: the test waits for each response, so the connection is never used by two threads at once)."""
    db = Database(sqlite3.connect(":memory:", check_same_thread=False))
    db.execute("PRAGMA foreign_keys=ON")
    migrations.apply(db)
    return Store(db)


def seeded_bot(config, clock, tmp_path):
    """The bot over a shared store, with the seed below."""
    harness = start_bot(config, shared_store(), clock, tmp_path)
    seed(harness)
    return harness


def login_link(harness, contact: str = ADMIN) -> str:
    """The link the bot answers /后台 with, in a private chat."""
    reply = harness.say(contact, "/后台", private=True)
    found = re.search(r"https?://\S+", reply)
    assert found, reply
    return found.group(0)


def seed(harness) -> None:
    """A liaison of 济办 submits; the office adopts it in chat (the fact the desk must show)."""
    harness.bind("wxid_li", "济办", "李娜")
    harness.say("wxid_li", "#报送 【我办推进垃圾分类】济源路街道办事处开展垃圾分类入户宣传 1200 户。")
    harness.later(hours=1)
    harness.admin("/采用 1 上街信息 单条 第3期")


def form_of(html: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF token, form key) of the form posting to `action` on a rendered page."""
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
