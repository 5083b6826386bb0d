"""End to end: nothing the bot received is lost when it is killed (kill -9) or stopped (SIGTERM) in the
middle of a burst, and nothing is handled twice. "Received" is what the gateway knows the bot had: the
messages whose payload it asked for. After a restart every one of them is stored and answered once."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.e2e import gateway as gw
from tests.e2e.infobot_process import Infobot, make_config, node_ready, wait_until

pytestmark = pytest.mark.skipif(
    not node_ready(), reason="未安装 node（Node.js），跳过微信端到端测试：apt-get install nodejs npm"
)

BURST = 300
ECHO = re.compile(r"「(/回声\d+)」")


def settled(bot: Infobot) -> bool:
    """Every journaled message is taken up, everything stored is handled and every reply went out."""
    journaled = bot.rows("SELECT count(*) AS n FROM arrivals")[0]["n"]
    open_messages = bot.rows("SELECT count(*) AS n FROM messages WHERE status = 'received'")[0]["n"]
    pending = bot.rows("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]["n"]
    return journaled == 0 and open_messages == 0 and pending == 0


def figures(g: gw.Gateway, bot: Infobot, ids: list[str], received: list[str]) -> dict:
    burst = set(ids)
    received = [i for i in received if i in burst]
    stored = {r["message_id"] for r in bot.rows("SELECT message_id FROM messages")} & burst
    texts = {r["message_id"]: r["text"] for r in bot.rows("SELECT message_id, text FROM messages")}
    replies = Counter(m.group(1) for s in g.sent(to=gw.ADMIN_GAOGE) if (m := ECHO.search(s["text"])))
    queued = Counter(m.group(1) for r in bot.rows("SELECT text FROM outbox") if (m := ECHO.search(r["text"])))
    return {
        "received": len(received),
        "stored": len(stored),
        "lost": len(set(received) - stored),
        "replies queued twice": sum(1 for n in queued.values() if n > 1),
        "replies sent twice": sum(1 for n in replies.values() if n > 1),
        "stored but unanswered": sum(1 for i in stored if replies[texts[i]] == 0),
    }


@pytest.mark.parametrize("how", ["kill -9", "SIGTERM"])
def test_a_burst_survives_the_bot_being_stopped_midway(tmp_path, how):
    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err")).start()
    try:
        config = make_config(tmp_path, outbox={"interval_seconds": 0, "jitter_seconds": 0}, group_ids=[gw.ROOM_HOME])
        bot = Infobot.start(tmp_path, config, g)
        g.wait_streams(1, timeout=30)
        ids = g.burst(gw.ADMIN_GAOGE, "/回声", BURST, room=None)
        wait_until(lambda: len(g.requested()) >= BURST // 3, 30, "a third of the burst received")
        if how == "kill -9":
            bot.proc.kill()
            bot.proc.wait(10)
        else:
            assert bot.stop(30) == 0, bot.stderr()[-3000:]
        received = g.requested()  # what the stopped bot had received
        handled = bot.rows("SELECT count(*) AS n FROM messages WHERE status != 'received'")[0]["n"]
        if how == "kill -9":
            assert handled < BURST  # it was killed in the middle of the burst
        bot = Infobot.start(tmp_path, config, g)
        g.wait_streams(1, timeout=30)
        wait_until(lambda: settled(bot), 60, "stored messages handled and replies sent")
        result = figures(g, bot, ids, received)
        print(f"\n{how} with {handled} of {BURST} handled: {result}")
        assert result["received"] >= BURST // 3
        assert result["lost"] == 0, (result, bot.stderr()[-3000:])
        assert result["stored but unanswered"] == 0, result
        assert result["replies queued twice"] == 0, result  # each message handled exactly once
        # A reply whose send RPC had completed when kill -9 struck, but not its 'sent' mark, goes out
        # again after the restart: WeChat has no idempotent send. At most that one.
        assert result["replies sent twice"] <= (1 if how == "kill -9" else 0), result
        assert bot.stop() == 0
    finally:
        g.stop()
