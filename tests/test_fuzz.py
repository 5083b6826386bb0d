"""Thousands of arbitrary and hostile messages: nothing crashes, every reply is readable, the file stays sound."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_app
from bot.chat.router import APOLOGY
from bot.common.clock import FixedClock
from bot.store import open_store
from tests.chatkit import ADMIN, GROUP_ID, FakeTransport, Harness

HEADS = [
    "#报送",
    "＃报送",
    "# 报送",
    "#上街信息微信公众号#",
    "/我的得分",
    "/我的报送",
    "/排名",
    "/帮助",
    "/绑定",
    "/采用",
    "/批示",
    "/培训",
    "/优质",
    "/扣分",
    "/撤销",
    "/确认绑定",
    "/解绑",
    "/报送统计",
    "／采用",
    "/",
    "#",
    "/约稿",
    "/约稿 济办",
    "/约稿情况",
    "/约稿拒报",
    "#约稿",
    "#约稿 1",
    "/确认扣分",
    "/不扣分",
    "#紧急",
    "/紧急扣分",
]
HOSTILE = [
    "'; DROP TABLE entries; --",
    '" OR 1=1',
    "《",
    "》",
    "【【】",
    "《《嵌套》》",
    "\x00",
    "\u202e",
    "\u2005",
    "@高歌\u2005",
    "🎉" * 50,
    "第99999999999999999999期",
    "-1",
    "0",
    "99999999999999999999",
    "济办",
    "上街信息",
    "单条",
    "省",
    "约稿迟报",
    "\n\n",
    "\t",
    "ｆｕｌｌ　ｗｉｄｔｈ",
    "A" * 10000,
]
SENDERS = [ADMIN, "wxid_liaison", "wxid_stranger"]

piece = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(-5, 10**6).map(str))
message = st.one_of(
    st.text(max_size=300),
    st.tuples(st.sampled_from(HEADS), st.lists(piece, max_size=6)).map(lambda t: t[0] + " " + " ".join(t[1])),
    st.tuples(st.sampled_from(HEADS), st.text(max_size=60)).map("".join),
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_fuzzed_messages(config, tmp_path):
    clock = FixedClock(datetime(2019, 6, 28, 10, 0))
    transport = FakeTransport()
    app = build_app(config, open_store(None), transport, clock, files_dir=tmp_path / "files")
    app.office.notices.register_group(GROUP_ID)
    bot = Harness(app, transport, clock)
    bot.bind("wxid_liaison", "济办")
    seen = {"count": 0}

    @settings(
        max_examples=5000,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(sender=st.sampled_from(SENDERS), text=message, private=st.booleans())
    def one(sender, text, private):
        seen["count"] += 1
        replies = bot.send(bot.message(sender, text, private=private))
        for out in replies:
            assert out.text and CJK.search(out.text), out.text
            assert APOLOGY not in out.text, text
            assert "Traceback" not in out.text

    one()
    assert seen["count"] >= 5000
    statuses = {r[0] for r in app.store.db.execute("SELECT DISTINCT status FROM messages").fetchall()}
    assert statuses == {"handled"}
    assert app.store.integrity_problems() == []
    app.store.close()
