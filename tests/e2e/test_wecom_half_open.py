"""End to end over a half-open 企业微信 link (issue #26): the real `infobot run` against the fake server's
half-open mode, in which the bot's socket still looks connected but nothing gets through either way. With
the default heartbeat (10 s) and ping timeout (5 s): nothing is marked failed, every queued message arrives
once after recovery. And a liaison's file never meets silence."""

from __future__ import annotations

import time

import pytest
import yaml

from tests.documents import docx_bytes
from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import wait_until
from tests.e2e.test_infobot_wecom import BOT_AT, Chat, start_bot, wecom_config

OUTAGE = 40.0  # seconds the link stays half-open
SUBMISSION = BOT_AT + "#报送 【夏粮收购工作有序推进】\n今年以来……"


@pytest.fixture
def server():
    s = wx.WecomServer().start()
    yield s
    s.stop()


@pytest.fixture
def bot(tmp_path, server):
    """A bot on the default heartbeat and ping timeout, with 济办's liaison bound."""
    config = wecom_config(tmp_path, login_timeout_seconds=20)
    path = config / "bot.yaml"  # make_config turns every job off; the file reminder is under test here
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["schedule"]["loose_files"]["enabled"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    infobot = start_bot(tmp_path, server, config)
    chat = Chat(server, infobot)
    chat.say(wx.LIAISON, BOT_AT + "/绑定 济源路街道 李娜")
    request = infobot.rows("SELECT id FROM bindings WHERE contact_id = ?", wx.LIAISON)[0]["id"]
    chat.say(wx.ADMIN, f"/确认绑定 {request}", chat=None)
    yield infobot
    assert infobot.stop() == 0, infobot.stderr()[-3000:]


def outage(server: wx.WecomServer, bot, frm: str, text: str, chat: str | None) -> tuple[int, float]:
    """`text` reaches the bot, and at that moment the link goes half-open for OUTAGE seconds; the replies
    go into the dead link. Returns the server's last seq before, and when the fault began."""
    since = server.last_seq()
    server.say(frm, text, chat=chat, then_half_open=True)
    fault = server.fault_at
    wait_until(lambda: server.lost, 20, "the reply sent into the dead link")
    time.sleep(max(0.0, fault + OUTAGE - time.monotonic()))  # the outage itself: wall time by nature
    server.recover()
    return since, fault


def test_a_receipt_sent_into_a_half_open_link_arrives_once_after_recovery(server, bot):
    since, fault = outage(server, bot, wx.LIAISON, SUBMISSION, wx.CHAT_HOME)
    receipt = server.wait_sent(
        lambda m: m["to"] == wx.CHAT_HOME and "已收到 济办 报送 #1" in (m["text"] or ""), timeout=60, since=since
    )
    recovered = time.monotonic() - fault
    receipts = [m for m in server.sent[since:] if "已收到 济办 报送" in (m["text"] or "")]
    assert receipts == [receipt]  # once
    wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'") == [], 10, "the outbox empty")
    assert bot.rows("SELECT id, error FROM outbox WHERE status = 'failed'") == []
    assert "marked failed" not in bot.stderr() and "it is dead; reconnecting now" in bot.stderr()
    detected = min(t for t in server.opened if t > fault) - fault  # the bot's first new connection
    print(
        f"\ndead link found (new connection) {detected:.1f} s after the fault; "
        f"fault → receipt delivered: {recovered:.1f} s (outage {OUTAGE:g} s)"
    )
    assert detected <= 20
    assert recovered < OUTAGE + 20


def test_an_office_post_queued_with_the_reply_waits_for_the_live_link(server, bot):
    """An admin's 约稿 queues a post to the group and a reply to the admin; both go into the dead link."""
    since, fault = outage(server, bot, wx.ADMIN, "/约稿 济办 12月31日17:00 《夏粮收购经验》", None)
    post = server.wait_sent(lambda m: m["to"] == wx.CHAT_HOME and "夏粮收购经验" in (m["text"] or ""), 60, since)
    reply = server.wait_sent(lambda m: m["to"] == wx.ADMIN and "已在群里发布" in (m["text"] or ""), 60, since)
    last = time.monotonic() - fault
    assert [m["seq"] for m in server.sent[since:]] == sorted([post["seq"], reply["seq"]])  # each once
    wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'") == [], 10, "the outbox empty")
    assert bot.rows("SELECT id, error FROM outbox WHERE status = 'failed'") == []
    print(f"\nfault → last queued message delivered: {last:.1f} s (outage {OUTAGE:g} s)")


def test_a_file_first_then_a_submission_two_minutes_later_takes_it(server, bot):
    chat = Chat(server, bot)
    since = server.last_seq()
    server.send_file(wx.LIAISON, "夏粮收购材料.docx", docx_bytes(), sent_ago=120)  # two minutes before the #报送
    ack = chat.wait(wx.LIAISON, since)
    assert ack["text"] == "已收到文件「夏粮收购材料.docx」。请在 10 分钟内发送 #报送，它会作为附件。", ack
    receipt = chat.say(wx.LIAISON, SUBMISSION)
    assert "已收到 济办 报送 #1" in receipt["text"] and "夏粮收购材料.docx" in receipt["text"], receipt
    assert bot.rows("SELECT file_name, submission_id FROM attachments") == [
        {"file_name": "夏粮收购材料.docx", "submission_id": 1}
    ]


def test_a_file_with_no_submission_is_acknowledged_then_reminded_once(server, bot):
    chat = Chat(server, bot)
    since = server.last_seq()
    server.send_file(wx.LIAISON, "夏粮收购材料.docx", docx_bytes(), sent_ago=10 * 60 + 5)  # the window has passed
    ack = chat.wait(wx.LIAISON, since)
    assert ack["text"].startswith("已收到文件「夏粮收购材料.docx」"), ack
    reminder = server.wait_sent(
        lambda m: m["to"] == wx.LIAISON and "没有收到您的报送" in (m["text"] or ""), timeout=75, since=ack["seq"]
    )  # the job runs every minute
    assert not reminder["passive"]
    assert bot.rows("SELECT file_name, submission_id FROM attachments") == [
        {"file_name": "夏粮收购材料.docx", "submission_id": None}
    ]
    wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'") == [], 10, "the outbox empty")
    assert len(bot.rows("SELECT 1 FROM outbox WHERE key LIKE 'file-reminder:%'")) == 1


def test_an_idle_half_open_link_is_found_by_the_heartbeat_within_20_seconds(server, bot):
    """Nothing to send: the heartbeat finds the dead link (every 10 s, 5 s to answer), and the bot answers
    again once the network is back."""
    server.half_open()
    fault = server.fault_at
    detected = wait_until(
        lambda: next((t - fault for t in server.opened if t > fault), None), 25, "a new connection after the fault"
    )
    print(f"\nidle: dead link found (new connection) {detected:.1f} s after the fault")
    assert detected <= 20
    subscribed = server.subscriptions
    server.recover()
    server.wait_subscriptions(subscribed + 1, timeout=20)
    reply = Chat(server, bot).say(wx.LIAISON, BOT_AT + "/我的得分")
    assert "济办" in reply["text"], reply
