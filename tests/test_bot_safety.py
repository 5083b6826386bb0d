"""Messages are stored raw, handled once, and a failing handler never leaves half a write."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import build_app
from bot.store import open_store
from tests.chatkit import GROUP_ID, FakeTransport, Harness

JIBAN = "wxid_liaison_jiban"


def test_every_message_is_stored_raw(bot):
    bot.say("wxid_x", "大家好", name="路人")
    row = bot.rows("messages")[0]
    assert (row["sender_id"], row["sender_name"], row["text"], row["status"], row["room_topic"]) == (
        "wxid_x",
        "路人",
        "大家好",
        "handled",
        "上街信息员之家",
    )


def test_a_message_delivered_twice_is_handled_once(bot):
    bot.bind(JIBAN, "济办")
    msg = bot.message(JIBAN, "#报送 【标题】正文", message_id="wx-123")
    assert len(bot.send(msg)) == 1
    assert bot.send(msg) == []
    assert len(bot.rows("submissions")) == 1


def test_dedupe_survives_a_restart(config, tmp_path, clock):
    def start():
        transport = FakeTransport()
        app = build_app(config, open_store(tmp_path / "bot.db"), transport, clock)
        app.office.notices.register_group(GROUP_ID)
        return Harness(app, transport, clock)

    first = start()
    first.bind(JIBAN, "济办")
    msg = first.message(JIBAN, "#报送 【标题】正文", message_id="wx-777")
    assert len(first.send(msg)) == 1
    first.app.store.close()

    second = start()
    assert second.send(msg) == []
    assert len(second.rows("submissions")) == 1


def test_a_failing_handler_is_logged_answered_and_rolled_back(bot, monkeypatch, caplog):
    bot.bind(JIBAN, "济办")
    original = bot.app.office.submissions.submit

    def half_then_crash(*args, **kwargs):
        original(*args, **kwargs)  # writes the submission row …
        raise RuntimeError("disk on fire")  # … then fails

    monkeypatch.setattr(bot.app.office.submissions, "submit", half_then_crash)
    with caplog.at_level(logging.ERROR):
        reply = bot.say(JIBAN, "#报送 【标题】正文", message_id="boom")
    assert reply.startswith("抱歉，处理这条消息时出错了")
    assert "disk on fire" in caplog.text and "boom" in caplog.text
    assert bot.rows("submissions") == []
    assert [r["status"] for r in bot.rows("messages") if r["message_id"] == "boom"] == ["failed"]
    monkeypatch.undo()
    assert "已收到 济办 报送 #1" in bot.say(JIBAN, "#报送 【标题】正文")


def test_replies_wait_in_the_outbox_while_the_transport_is_down(bot):
    bot.bind(JIBAN, "济办")
    bot.transport.fail = True
    assert bot.say(JIBAN, "#报送 【标题】正文") == ""
    assert [r["status"] for r in bot.rows("outbox")] == ["pending"]
    bot.transport.fail = False
    assert asyncio.run(bot.app.flush()) == 1
    assert "已收到 济办 报送 #1" in bot.transport.sent[-1].text
    assert [r["status"] for r in bot.rows("outbox")] == ["sent"]


def test_replies_go_back_where_the_message_came_from(bot):
    bot.bind(JIBAN, "济办")
    group = bot.send(bot.message(JIBAN, "/我的得分"))[0]
    private = bot.send(bot.message(JIBAN, "/我的得分", private=True))[0]
    assert (group.room_id, group.contact_id) == ("room_shangjie@chatroom", None)
    assert (private.room_id, private.contact_id) == (None, JIBAN)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "#",
        "/",
        "#报送",
        "/采用",
        "《》",
        "\u2005\u2005",
        "@a\u2005",
        "/我的得分 ' OR 1=1 --",
        "#报送 【" + "长" * 5000 + "】",
    ],
)
def test_odd_input_never_crashes(bot, text):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, text)
    assert all(r["status"] == "handled" for r in bot.rows("messages"))
