"""End-to-end reply latency over the wechaty puppet-service gateway (tests/e2e): message sent → reply received.

The real `python -m bot run` talks gRPC to the gateway's mock WeChat world; the outbox paces at 0 so the
figure is the bot's own latency. The baseline is the harness's floor: the same two control-API calls
(say something the bot ignores, then collect what was sent) without the bot answering.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from bench.synth import fill
import bot.jobs  # noqa: F401 - the `@job` declarations the config is checked against
from bot.settings import load_config
from bot.store import open_store


def bench_e2e(tmp: Path, line, pct, rounds: int = 100) -> None:
    from tests.e2e import gateway as gw
    from tests.e2e.infobot_process import Infobot, make_config

    if not gw.node_available() or not os.path.isdir(os.path.join(gw.GATEWAY_DIR, "node_modules")):
        print("经网关的端到端回复：跳过（需要 node 和 `make gateway`）", flush=True)
        return
    workdir = tmp / "e2e"
    workdir.mkdir()
    config = make_config(workdir, outbox={"interval_seconds": 0, "jitter_seconds": 0})
    store = open_store(workdir / "data" / "infobot.db")  # a district's year so far, as the bot starts
    fill(store, load_config(config), 10_000, datetime.now().year, one_year=True)
    store.close()
    with gw.Gateway(stderr_path=str(workdir / "gateway.err")) as g:
        bot = Infobot.start(workdir, config, g)
        try:
            g.wait_streams(1, timeout=60)

            def say(frm: str, text: str) -> float:
                since = g.last_seq()
                t0 = time.perf_counter()
                g.say(frm, text, room=gw.ROOM_HOME)
                g.wait_sent(lambda m: m["room"] == gw.ROOM_HOME, timeout=30, since=since)
                return (time.perf_counter() - t0) * 1000

            say(gw.LIAISON_JIBAN, "/绑定 济源路街道")
            request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", gw.LIAISON_JIBAN)[0]["id"]
            say(gw.ADMIN_GAOGE, f"/确认绑定 {request}")
            writes, scores = [], []
            for i in range(rounds):
                writes.append(say(gw.ADMIN_GAOGE, f"/采用 济办 上街信息 单条 《端到端基准{i}》"))
                scores.append(say(gw.LIAISON_JIBAN, "/我的得分"))

            def floor() -> float:
                since = g.last_seq()
                t0 = time.perf_counter()
                g.say(gw.RESIDENT, "闲聊一句", room=gw.ROOM_OTHER)  # another group: the bot never answers
                g.sent(since=since)
                return (time.perf_counter() - t0) * 1000

            base = [floor() for _ in range(rounds)]
        finally:
            bot.stop()
    label = "1 万行（当年），发件间隔 0"
    line(f"端到端 /我的得分（记分后）p50 {label}", pct(scores, 50), pct(base, 50), "ms", "≤50ms", pct(scores, 50) <= 50)
    line(f"端到端 /我的得分（记分后）p99 {label}", pct(scores, 99), pct(base, 99), "ms", "—", True)
    line(f"端到端 /采用 p50 {label}", pct(writes, 50), pct(base, 50), "ms", "—", True)
    line(f"端到端 /采用 p99 {label}", pct(writes, 99), pct(base, 99), "ms", "—", True)
