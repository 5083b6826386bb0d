"""Chat messages while `infobot import` writes a large file into the same database: none may be lost.

    python -m bench.import_during_chat [--rows 300000]

Starts the real `infobot import` as a child process and, until it exits, hands chat messages to the bot
(`app.receive`) on the same database file. Prints how many were sent, stored and answered, the slowest
message (it may wait for the import's final write), the longest the event loop was stalled (a 10 ms
timer's lateness), and how long the import took.
Also used by tests/test_import_during_chat.py with a small file.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bot.app import build_app
from bot.common.clock import FixedClock
from bot.model.message import Incoming
from bot.settings import load_config
from bot.store import open_store

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "wxid_office_gaoge"


class Recorder:
    def __init__(self):
        self.sent = []

    async def send(self, out) -> None:
        self.sent.append(out)


def write_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["日期", "单位", "事项", "刊物", "类型", "数量", "标题"])
        for i in range(rows):
            w.writerow(
                [f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}", "济办", "采用", "上街信息", "单条", 1, f"导入标题{i}"]
            )
    return path


async def chat_until(proc: subprocess.Popen, app, clock) -> tuple[int, float, float]:
    """Private /帮助 messages from an admin, one after another, until the import exits;
    (count, the slowest message in s, the longest the event loop was stalled in s)."""
    count, worst, stall = 0, 0.0, 0.0
    done = False

    async def ticker() -> None:  # how late a 10 ms timer fires = how long the loop was blocked
        nonlocal stall
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            stall = max(stall, time.perf_counter() - before - 0.01)

    ticking = asyncio.ensure_future(ticker())
    while proc.poll() is None or count == 0:
        count += 1
        started = time.perf_counter()
        await app.receive(Incoming(f"chat-{count}", ADMIN, "高歌", "/帮助", clock.now()))
        worst = max(worst, time.perf_counter() - started)
        await asyncio.sleep(0)
    done = True
    await ticking
    return count, worst, stall


def run(rows: int, directory: Path) -> dict:
    config = load_config(ROOT / "config")
    db = directory / "infobot.db"
    source = write_csv(directory / "import.csv", rows)
    clock = FixedClock(datetime(2019, 12, 1, 10, 0))
    store = open_store(db)
    transport = Recorder()
    app = build_app(config, store, transport, clock, files_dir=directory / "attachments")
    began = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(ROOT / "config"),
            "--db",
            str(db),
            "import",
            str(source),
            "--by",
            "bench",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    count, worst, stall = asyncio.run(chat_until(proc, app, clock))
    out, err = proc.communicate()
    took = time.perf_counter() - began
    stored = store.db.execute("SELECT count(*) FROM messages WHERE message_id LIKE 'chat-%'").fetchone()[0]
    handled = store.db.execute(
        "SELECT count(*) FROM messages WHERE message_id LIKE 'chat-%' AND status = 'handled'"
    ).fetchone()[0]
    answered = sum(1 for o in transport.sent if "/采用" in o.text)
    imported = store.count_entries()
    store.close()
    return {
        "rows": rows,
        "imported": imported,
        "import_exit": proc.returncode,
        "import_output": (out + err).strip(),
        "sent": count,
        "stored": stored,
        "handled": handled,
        "answered": answered,
        "lost": count - stored,
        "worst_message_seconds": round(worst, 3),
        "longest_loop_stall_seconds": round(stall, 3),
        "import_seconds": round(took, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="导入大文件时机器人是否丢消息")
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.rows, Path(tmp))
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
