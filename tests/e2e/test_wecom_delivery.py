"""End to end: 企业微信 delivery within the documented limits, over the real `infobot run` and the fake server
(tests/e2e/wecom_server.py), which refuses what 企业微信 refuses: too many messages into one conversation
(45009), a push into a chat that never wrote to the bot, oversized content. Here: a burst of 100 #报送 answered
without one refusal; a leader who never wrote (his letter reaches the admins for hand-over) and one who did
(pushed); mentions through the group's webhook as real `mentioned_list` entries; 45009 for every send for a while
(nothing dropped, office first); a refusal that never lifts ends in an admin notice; frames that are JSON but
not objects cost nothing."""

from __future__ import annotations

import sqlite3

import pytest
import yaml

from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import wait_until
from tests.e2e.test_infobot_wecom import BOT_AT, Chat, start_bot, wecom_config

LEADER_WROTE, LEADER_SILENT = "LiJuZhang", "WangFuZe"


def delivery_config(directory):
    config = wecom_config(directory)
    path = config / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["limits"]["replies_per_hour"] = 500  # the burst is about 企业微信's limits, not the fairness rule
    data["outbox"]["wecom"] = {"interval_seconds": 0.02, "jitter_seconds": 0, "daily_cap": 1000}  # default budgets
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    units = config / "units.yaml"
    text = units.read_text(encoding="utf-8")
    text = text.replace(
        "  - name: 环保局\n",
        "  - name: 环保局\n    leaders:\n"
        f"      - {{role: 分管领导, name: 李局长, contact_id: {LEADER_WROTE}}}\n"
        f"      - {{role: 一把手, name: 王副局, contact_id: {LEADER_SILENT}}}\n",
        1,
    )
    text = text.replace(
        "    liaisons: []\n    leaders: []\n",
        "    liaisons: []\n",
    )
    units.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def bot(tmp_path_factory, server):
    workdir = tmp_path_factory.mktemp("wecom-delivery")
    infobot = start_bot(workdir, server, delivery_config(workdir), **server.webhook_env())
    yield infobot
    assert infobot.stop() == 0, infobot.stderr()[-3000:]


@pytest.fixture(scope="module")
def chat(server, bot):
    chat = Chat(server, bot)
    chat.say(wx.LIAISON, BOT_AT + "/绑定 济源路街道 李娜")
    request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", wx.LIAISON)[0]["id"]
    chat.say(wx.ADMIN, f"/确认绑定 {request}", chat=None)
    return chat


def queue(bot, **row) -> int:
    columns = {"text": "", "mentions": "[]", "created_at": "2026-12-04T15:00:00+08:00", "status": "pending", **row}
    with sqlite3.connect(bot.db, timeout=5) as conn:
        cursor = conn.execute(
            f"INSERT INTO outbox ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            list(columns.values()),
        )
        return cursor.lastrowid


def wake(chat):
    chat.say(wx.ADMIN, "/帮助", chat=None)


def test_a_burst_of_100_submissions_is_answered_within_the_limits(chat, bot, server):
    since = server.last_seq()
    for i in range(100):
        server.say(wx.LIAISON, BOT_AT + f"#报送 【第{i}条动态】正文{i}")
    wait_until(lambda: len(bot.rows("SELECT id FROM submissions")) >= 100, 60, "100 submissions stored")
    wait_until(lambda: not bot.rows("SELECT id FROM outbox WHERE status = 'pending'"), 90, "every reply sent")
    said = "\n".join(m["text"] or "" for m in server.sent[since:] if m["to"] == wx.CHAT_HOME)
    assert all(f"第{i}条动态" in said for i in range(100))
    assert not [r for r in server.refused if r["errcode"] == wx.FREQ_LIMIT]  # none refused for rate
    messages = [m for m in server.sent[since:] if m["to"] == wx.CHAT_HOME]
    assert len(messages) <= 30  # replies to a busy chat went together, within 30 a minute


def test_a_leader_who_never_wrote_gets_his_letter_through_the_admins(chat, bot, server):
    server.say(LEADER_WROTE, "你好", chat=None)  # the other leader wrote to the bot once, in his own chat
    wait_until(lambda: bot.rows("SELECT 1 FROM reach WHERE chat_id = ?", LEADER_WROTE), 20, "reach noted")
    since = server.last_seq()
    silent = queue(bot, contact_id=LEADER_SILENT, text="王副局：环保局本季度信息工作落后，请关注。")
    queue(bot, contact_id=LEADER_WROTE, text="李局长：环保局本季度信息工作落后，请关注。")
    wake(chat)
    pushed = server.wait_sent(lambda m: m["to"] == LEADER_WROTE and (m["text"] or "").startswith("李局长"), since=since)
    assert not pushed["passive"]
    handed = server.wait_sent(lambda m: m["to"] == wx.ADMIN and "请转交" in (m["text"] or ""), since=since)
    assert (
        "请转交 环保局 一把手 王副局" in handed["text"]
        and "王副局：环保局本季度信息工作落后，请关注。" in handed["text"]
    )
    assert not [m for m in server.sent[since:] if m["to"] == LEADER_SILENT]
    assert bot.rows("SELECT status, handed_to FROM outbox WHERE id = ?", silent) == [
        {"status": "handed", "handed_to": "环保局 一把手 王副局"}
    ]


def test_mentions_go_through_the_webhook_as_real_mentions(chat, bot, server):
    since = len(server.webhook_sent)
    queue(bot, room_id=wx.CHAT_HOME, text="本周还未完成报送任务的单位：济源路街道", mentions=f'["{wx.LIAISON}"]')
    wake(chat)
    wait_until(lambda: len(server.webhook_sent) > since, 20, "a webhook post")
    post = server.webhook_sent[since]
    assert post["kind"] == "text" and post["mentioned"] == [wx.LIAISON] and "<@" not in post["text"]


def test_rate_refusals_wait_in_order_and_nothing_is_dropped(chat, bot, server):
    since = server.last_seq()
    server.refuse_rate_for(4)
    ids = [queue(bot, room_id=wx.CHAT_HOME, text=f"成员回复{i}") for i in range(7)]
    with sqlite3.connect(bot.db, timeout=5) as conn:
        conn.execute(f"UPDATE outbox SET priority = 1 WHERE id IN ({','.join(map(str, ids))})")
    ids += [queue(bot, room_id=wx.CHAT_HOME, text=f"科室通知{i}") for i in range(2)]
    server.say(wx.ADMIN, "/帮助", chat=None)  # wakes the delivery; its answer waits too
    wait_until(lambda: not bot.rows("SELECT id FROM outbox WHERE status = 'pending'"), 60, "all nine sent")
    texts = [m["text"] for m in server.sent[since:] if m["to"] == wx.CHAT_HOME and m["text"]]
    joined = "\n".join(texts)
    assert all(f"成员回复{i}" in joined for i in range(7)) and all(f"科室通知{i}" in joined for i in range(2))
    assert joined.index("科室通知0") < joined.index("成员回复0")  # the office's first
    assert [r["status"] for r in bot.rows(f"SELECT status FROM outbox WHERE id IN ({','.join(map(str, ids))})")] == [
        "sent"
    ] * 9


def test_a_refusal_that_never_lifts_ends_in_an_admin_notice(chat, bot, server):
    since = server.last_seq()
    lost = queue(bot, room_id=wx.CHAT_OTHER, text="发到一个从没和机器人说过话的群")
    wake(chat)
    notice = server.wait_sent(
        lambda m: m["to"] == wx.ADMIN and f"发件箱 #{lost}" in (m["text"] or ""), since=since, timeout=40
    )
    assert f"错误码 {wx.NEVER_WROTE}" in notice["text"] and f"infobot outbox --retry {lost}" in notice["text"]
    row = bot.rows("SELECT status, errcode, attempts FROM outbox WHERE id = ?", lost)[0]
    assert row == {"status": "failed", "errcode": wx.NEVER_WROTE, "attempts": 3}


def test_a_frame_that_is_not_an_object_loses_nothing(chat, bot, server):
    subscriptions = server.subscriptions
    server.send_raw("[1,2,3]")
    server.send_raw("null")
    for i in range(5):
        server.say(wx.LIAISON, BOT_AT + f"#报送 【坏帧之后{i}】正文")
    wait_until(
        lambda: len(bot.rows("SELECT id FROM submissions WHERE title GLOB '坏帧之后*'")) == 5,
        30,
        "the five after the bad frames stored",
    )
    assert server.subscriptions == subscriptions  # the same connection read on
    assert "not a JSON object" in bot.stderr()
