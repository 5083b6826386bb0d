"""`make bench`: speed and memory of the bot beside raw-SQLite baselines measured in the same run.

Never part of `make test`: these figures depend on the machine. Each line prints our figure,
the baseline's, their ratio and the goal from issues 7 and 16.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from bench.synth import fill
from bot.app import build_app
from bot.model.message import Incoming
from bot.common.clock import FixedClock
from bot.reports.table import bulletin_table
from bot.reports.text import render_text
from bot.settings import load_config
from bot.store import open_store

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2026
NOW = datetime(YEAR, 11, 20, 10, 0)
LIAISON = "wxid_bench_liaison"


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name: str, ours: float, base: float, unit: str, goal: str, ok: bool) -> None:
    ratio = ours / base if base else float("inf")
    print(
        f"{name:<46} {ours:>10.2f} {unit:<5} 基线 {base:>10.2f} {unit:<5} 比值 {ratio:>6.2f}×  "
        f"目标：{goal}  {'达标' if ok else '未达标'}",
        flush=True,
    )


def make_app(config, path: Path, rows: int, one_year: bool):
    store = open_store(path)
    fill(store, config, rows, YEAR, one_year=one_year)
    app = build_app(config, store, None, FixedClock(NOW), files_dir=path.parent / "files")
    app.office.notices.register_group("room")  # as an admin's /设为本群 would
    binding, _ = app.office.members.request(LIAISON, "基准", "济办")
    app.office.members.confirm(binding.id, config.bot.admins[0].contact_id)
    return app


# The baselines: one hand-written GROUP BY, for one unit or for all, whose few rows need only a
# multiplication by the point values. No dedupe, no reversals, no ranking: the floor for any design.
RAW_SUM = """
SELECT kind, publication, grade, level, award_kind, deduction_kind, sum(quantity) FROM entries
WHERE unit = ? AND date BETWEEN ? AND ? AND kind != 'reversal'
GROUP BY kind, publication, grade, level, award_kind, deduction_kind"""

RAW_GROUP = """
SELECT unit, kind, publication, grade, level, award_kind, deduction_kind, sum(quantity) FROM entries
WHERE date BETWEEN ? AND ? AND kind != 'reversal'
GROUP BY unit, kind, publication, grade, level, award_kind, deduction_kind"""


def handle(app, msg: Incoming) -> None:
    """One message through the full route, synchronously: stored (its own commit), then handled (one commit)."""
    stored, _ = app.router.accept(msg)
    row = app.store.message_row(msg.message_id) if stored else None
    if row and row["status"] == "received":
        app.router.handle_stored(row)


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def bench_queries(config, tmp: Path, rows: int, one_year: bool, repeat: int) -> None:
    label = f"{rows:,} 行" + ("（全在当年）" if one_year or rows <= 10_000 else "（每年约 1 万行）")
    app = make_app(config, tmp / f"q{rows}{one_year}.db", rows, one_year)
    span = [date(YEAR, 1, 1).isoformat(), NOW.date().isoformat()]
    counter = iter(range(10**9))

    def my_score():
        handle(
            app,
            Incoming(
                f"b{next(counter)}",
                LIAISON,
                "基准",
                "/我的得分",
                NOW,
                room_id="room",
                room_topic=config.bot.group_topics[0],
            ),
        )

    raw = timed(lambda: app.store.db.execute(RAW_SUM, ["济办", *span]).fetchall(), repeat)
    ours = timed(my_score, repeat)
    p99, base99 = pct(ours, 99), pct(raw, 99)
    line(f"/我的得分 p50 {label}", pct(ours, 50), pct(raw, 50), "ms", "—", True)
    line(f"/我的得分 p99 {label}", p99, base99, "ms", "≤20ms 且 ≤3×", p99 <= 20 and p99 <= 3 * base99)

    def full_score():
        app.office.boards.clear()  # what every write cost before boards were brought up to date row by row
        my_score()

    full = timed(full_score, max(3, repeat // 20))
    line(f"/我的得分 整表重算 {label}", pct(full, 99), base99, "ms", "—", True)

    admin = config.bot.admins[0].contact_id

    def write():
        n = next(counter)
        handle(
            app,
            Incoming(
                f"w{n}",
                admin,
                "管理员",
                f"/采用 济办 上街信息 单条 《基准新标题{n}》",
                NOW,
                room_id="room",
                room_topic=config.bot.group_topics[0],
            ),
        )

    writes, after = [], []
    for _ in range(max(20, repeat // 2)):
        writes += timed(write, 1)
        after += timed(my_score, 1)
    raw = timed(lambda: app.store.db.execute(RAW_SUM, ["济办", *span]).fetchall(), len(after))
    p99, base99 = pct(after, 99), pct(raw, 99)
    goal_ms = 5 if rows <= 10_000 or not one_year else 50 if rows >= 1_000_000 else None
    line(f"/我的得分 p50 记分后首次 {label}", pct(after, 50), pct(raw, 50), "ms", "—", True)
    line(
        f"/我的得分 p99 记分后首次 {label}",
        p99,
        base99,
        "ms",
        f"≤{goal_ms}ms" if goal_ms else "—",
        goal_ms is None or p99 <= goal_ms,
    )
    line(f"  其中 /采用 本身（含回复里的单位明细）p50 {label}", pct(writes, 50), pct(raw, 50), "ms", "—", True)

    def bulletin():
        app.office.boards.clear()
        return bulletin_table(app.office.scoreboard(), config.rules)

    ours = timed(bulletin, max(5, repeat // 10))
    raw = timed(lambda: app.store.db.execute(RAW_GROUP, span).fetchall(), max(5, repeat // 10))
    med, base = statistics.median(ours), statistics.median(raw)
    line(
        f"53 单位通报表数据（不用缓存）{label}",
        med,
        base,
        "ms",
        "≤300ms 且 ≤2×（100 万行）",
        rows < 1_000_000 or one_year or (med <= 300 and med <= 2 * base),
    )
    table = bulletin()
    text = timed(lambda: render_text(table), 5)
    line(f"  其中排成文字表 {label}", statistics.median(text), base, "ms", "—", True)
    app.store.close()


def bench_ingest(config, tmp: Path, count: int) -> None:
    app = make_app(config, tmp / "ingest.db", 0, False)

    def ours():
        for i in range(count):
            handle(
                app,
                Incoming(
                    f"s{i}",
                    LIAISON,
                    "基准",
                    f"#报送 【基准标题{i}】\n正文{i}",
                    NOW,
                    room_id="room",
                    room_topic=config.bot.group_topics[0],
                ),
            )

    t0 = time.perf_counter()
    ours()
    ours_rate = count / (time.perf_counter() - t0)
    app.store.close()

    from sqlite_utils import Database

    raw_db = Database(tmp / "raw.db")
    raw_db.execute("PRAGMA journal_mode=WAL")
    table = raw_db["submissions"]
    table.create({"id": int, "unit": str, "title": str, "body": str, "at": str}, pk="id")
    t0 = time.perf_counter()
    for i in range(count):
        with raw_db.atomic():
            table.insert({"unit": "济办", "title": f"基准标题{i}", "body": f"正文{i}", "at": NOW.isoformat()})
    raw_rate = count / (time.perf_counter() - t0)
    raw_db.close()
    print(
        f"{'#报送 入库（每条一次持久提交）':<40} {ours_rate:>10.1f} 条/秒 基线 {raw_rate:>10.1f} 条/秒 "
        f"比值 {ours_rate / raw_rate:>6.2f}  目标：≥0.50  {'达标' if ours_rate >= 0.5 * raw_rate else '未达标'}",
        flush=True,
    )


def start_process(cmd: list[str], ready: bytes, env: dict) -> tuple[float, int]:
    """Seconds until `ready` appears on stdout, and the idle RSS in MB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    seen = b""
    while ready not in seen:
        chunk = proc.stdout.read1(4096) if hasattr(proc.stdout, "read1") else proc.stdout.read(1)
        if not chunk:
            break
        seen += chunk
    elapsed = time.perf_counter() - t0
    rss = 0
    for text in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if text.startswith("VmRSS:"):
            rss = int(text.split()[1]) // 1024
    proc.stdin.close()
    proc.wait(timeout=30)
    return elapsed, rss


def bench_start(tmp: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("WECHATY_PUPPET_SERVICE_TOKEN", None)
    cmd = [sys.executable, "-m", "bot", "--config", str(ROOT / "config"), "--db", str(tmp / "start.db"), "console"]
    open_store(tmp / "start.db").close()
    ours = [start_process(cmd, "> ".encode(), env) for _ in range(3)]
    base = [
        start_process([sys.executable, "-c", "import sqlite3; print('ready', flush=True); input()"], b"ready", env)
        for _ in range(3)
    ]
    t, b = statistics.median(x[0] for x in ours) * 1000, statistics.median(x[0] for x in base) * 1000
    rss, brss = max(x[1] for x in ours), max(x[1] for x in base)
    line("控制台冷启动到就绪", t, b, "ms", "—", True)
    line("控制台空闲内存 RSS", rss, brss, "MB", "≤120MB", rss <= 120)


SIZES = {
    "1万": (10_000, False),
    "10万": (100_000, False),
    "100万": (1_000_000, False),
    "10万当年": (100_000, True),
    "100万当年": (1_000_000, True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description="infobot 基准测试")
    parser.add_argument("--quick", action="store_true", help="只跑小规模（1 万、10 万行）")
    parser.add_argument("--sizes", help=f"只跑这些规模，逗号分隔：{'、'.join(SIZES)}")
    parser.add_argument(
        "--only",
        choices=["queries", "ingest", "start", "e2e", "desk"],
        action="append",
        help="只跑这几项（可重复）：queries 查询、ingest 入库、start 启动、e2e 经网关的端到端回复、desk 后台网页",
    )
    args = parser.parse_args()
    parts = set(args.only or ["queries", "ingest", "start", "e2e", "desk"])
    config = load_config(ROOT / "config")
    print(
        f"infobot 基准测试（{os.cpu_count()} 核，Python {sys.version.split()[0]}）；基线为同一次运行中的原生 SQLite。"
    )
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        names = args.sizes.split(",") if args.sizes else (["1万", "10万"] if args.quick else list(SIZES))
        if "queries" in parts:
            for name in names:
                rows, one_year = SIZES[name]
                bench_queries(config, tmp, rows, one_year, repeat=200)
        if "ingest" in parts:
            bench_ingest(config, tmp, 300)
        if "start" in parts:
            bench_start(tmp)
        if "e2e" in parts:
            from bench.e2e import bench_e2e

            bench_e2e(tmp, line, pct)
        if "desk" in parts:
            from bench.desk import bench_desk

            bench_desk(make_app(config, tmp / "desk.db", 10_000, True), line, pct)


if __name__ == "__main__":
    main()
