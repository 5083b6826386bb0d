"""End to end: the real `infobot run` on 企业微信 (the fake server of wecom_server.py) when the disk fails under
it. Each case: a few messages answered while healthy, then the fault, then members keep writing until the
bot stops. Every case must end in exit 4 with the Chinese explanation and no traceback on the console;
after the fault is repaired the bot is started again, and every message it had stored is answered.

Counted for each case (docs/storage-faults.md has the figures):
- sent: callback frames the server pushed to the bot;
- acknowledged: messages the bot answered during the faulty run (企业微信 sees no other acknowledgement);
- stored: messages in the database after the fault (the messages table or the arrival journal);
- lost: acknowledged but not stored, which must be 0;
- answered after the restart: stored but not answered before the fault, answered at the next start.

The read-only mount and the full disk need a private mount namespace (root, `unshare -m`); EROFS and EIO
while running come from an LD_PRELOAD shim (storage_faults.c) compiled with gcc here."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import gateway as gw
from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import Infobot, make_config, node_ready, wait_until
from tests.e2e.test_infobot_wecom import start_bot, wecom_config

HERE = Path(__file__).resolve().parent
HEALTHY = 3  # messages answered before the fault
AFTER_FAULT = 8  # at most this many more are sent while the bot stops
BURST = 200  # the WeChat case: a burst, with the fault striking in its middle


def namespaces_available() -> str | None:
    """Why a private mount namespace cannot be made here, or None."""
    if os.geteuid() != 0:
        return "需要 root 才能建私有挂载命名空间（unshare -m）"
    if not (shutil.which("unshare") and shutil.which("nsenter")):
        return "没有 unshare/nsenter（util-linux）"
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        return "unshare -m 被拒绝（容器未授予 CAP_SYS_ADMIN）"
    return None


needs_namespace = pytest.mark.skipif(namespaces_available() is not None, reason=str(namespaces_available()))


class MountNamespace:
    """A private mount namespace held open by a sleeping process; mounts made in it are invisible outside
    and vanish with it. The bot runs in it through `wrapper`; the test sees its files through `view()`."""

    def __init__(self):
        self.holder = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sleep", "600"])
        mine = os.readlink("/proc/self/ns/mnt")
        wait_until(lambda: os.readlink(f"/proc/{self.holder.pid}/ns/mnt") != mine, 10, "the namespace")
        self.wrapper = ("nsenter", "-t", str(self.holder.pid), "-m")

    def sh(self, script: str) -> None:
        subprocess.run([*self.wrapper, "sh", "-ec", script], check=True)

    def view(self, path: Path) -> Path:
        return Path(f"/proc/{self.holder.pid}/root") / path.relative_to("/")

    def close(self) -> None:
        self.holder.kill()
        self.holder.wait(10)


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("没有 gcc，无法编译 LD_PRELOAD 故障注入库")
    target = tmp_path_factory.mktemp("shim") / "storage_faults.so"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-o", str(target), str(HERE / "storage_faults.c"), "-ldl"], check=True
    )
    return target


@dataclass
class Counts:
    sent: int
    acknowledged: int
    stored: int
    lost: int
    answered_after_restart: int

    def __str__(self) -> str:
        return (
            f"sent={self.sent} acknowledged={self.acknowledged} stored={self.stored} lost={self.lost} "
            f"answered_after_restart={self.answered_after_restart}"
        )


class Case:
    """One member per message (a private 「你好」), so a reply names its message: passively by req_id,
    or pushed to that member after a restart."""

    def __init__(self, server: wx.WecomServer, workdir: Path, config: Path, wrapper: tuple[str, ...] = ()):
        self.server, self.workdir, self.config, self.wrapper = server, workdir, config, wrapper
        self.first = len(server.pushed)

    def frames(self) -> list[dict]:
        return self.server.pushed[self.first :]

    def answered(self, frame: dict, since: int = 0) -> bool:
        req_id, user = frame["headers"]["req_id"], frame["body"]["from"]["userid"]
        return any(m["req_id"] == req_id or (not m["passive"] and m["to"] == user) for m in self.server.sent[since:])

    def say(self, n: int) -> dict:
        self.server.say(f"Member{len(self.server.pushed):03d}", "你好", chat=None)
        return self.server.pushed[-1]

    def healthy(self, bot: Infobot) -> None:
        for n in range(HEALTHY):
            frame = self.say(n)
            wait_until(lambda: self.answered(frame), 20, f"the reply to healthy message {n}")

    def until_stopped(self, bot: Infobot) -> int:
        """Members keep writing, each waiting for its reply or the bot's exit; the exit code."""
        for n in range(AFTER_FAULT):
            if bot.proc.poll() is not None:
                break
            try:
                frame = self.say(n)
            except AssertionError:  # the bot has closed its connection
                break
            wait_until(
                lambda: self.answered(frame) or bot.proc.poll() is not None,
                30,
                f"a reply to message {n} or the bot's exit\n{bot.stderr()[-2000:]}",
            )
        return bot.wait(30)

    def stored_ids(self, db: Path) -> set[str]:
        """The ids in the messages table and the arrival journal, read where the bot runs (`self.wrapper`:
        SQLite resolves /proc/<pid>/root back into this namespace, so it cannot be read from here)."""
        read = (
            "import json, sqlite3, sys; c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True); "
            "print(json.dumps([r[0] for t in ('messages', 'arrivals') "
            "for r in c.execute(f'SELECT message_id FROM {t}')]))"
        )
        out = subprocess.run(
            [*self.wrapper, sys.executable, "-c", read, str(db)], capture_output=True, text=True, check=True
        )
        return set(json.loads(out.stdout))

    def counts_after(self, rc: int, bot: Infobot, db: Path, restart) -> Counts:
        """Checks the stop, counts, restarts the repaired bot (`restart()`) and waits for its answers."""
        console = bot.stderr()
        assert rc == 4, console[-3000:]
        assert "Traceback" not in console, console[-3000:]
        assert "错误：" in console, console[-3000:]
        print("\n" + console.strip().splitlines()[-1])
        frames = self.frames()
        since = len(self.server.sent)
        acknowledged = {f["body"]["msgid"] for f in frames if self.answered(f)}
        stored = {f["body"]["msgid"] for f in frames} & self.stored_ids(db)
        waiting = [f for f in frames if f["body"]["msgid"] in stored - acknowledged]
        again = restart()
        try:
            for frame in waiting:
                wait_until(
                    lambda: self.answered(frame, since),
                    30,
                    f"message {frame['body']['msgid']} answered after the restart\n{again.stderr()[-2000:]}",
                )
        finally:
            assert again.stop() == 0, again.stderr()[-3000:]
        return Counts(len(frames), len(acknowledged), len(stored), len(acknowledged - stored), len(waiting))


def report(name: str, counts: Counts) -> None:
    print(f"\n[storage fault] {name}: {counts}")
    assert counts.lost == 0


@pytest.mark.parametrize("code", [errno.EROFS, errno.EIO], ids=["EROFS", "EIO"])
def test_the_disk_fails_while_running(tmp_path, server, shim, code):
    config = wecom_config(tmp_path)
    flag = tmp_path / "fault-now"
    env = {
        "LD_PRELOAD": str(shim),
        "INFOBOT_FAULT_FLAG": str(flag),
        "INFOBOT_FAULT_DIR": str(tmp_path / "data"),
        "INFOBOT_FAULT_ERRNO": str(code),
    }
    case = Case(server, tmp_path, config)
    bot = start_bot(tmp_path, server, config, **env)
    case.healthy(bot)
    flag.touch()
    rc = case.until_stopped(bot)
    assert "磁盘出错" in bot.stderr() or "只读" in bot.stderr()
    flag.unlink()
    counts = case.counts_after(rc, bot, bot.db, lambda: start_bot(tmp_path, server, config))
    assert counts.sent > HEALTHY and counts.acknowledged >= HEALTHY
    report(f"{errno.errorcode[code]} while running", counts)


def test_a_corrupt_table_page_stops_the_bot_and_the_message_is_answered_after_the_repair(tmp_path, server):
    config = wecom_config(tmp_path)
    case = Case(server, tmp_path, config)
    bot = start_bot(tmp_path, server, config)
    case.healthy(bot)
    with sqlite3.connect(bot.db) as conn:  # the bot is idle: its cache is dropped by this checkpoint
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'bindings'").fetchone()[0]
    conn.close()
    with bot.db.open("r+b") as f:  # /绑定 writes to this table: handling fails, storing the message does not
        f.seek((root - 1) * size)
        page = f.read(size)
        f.seek((root - 1) * size)
        f.write(b"\xff" * size)
    server.say("Binder", "/绑定 济办 张三", chat=None)
    binding = server.pushed[-1]
    rc = bot.wait(30)
    assert "已损坏" in bot.stderr(), bot.stderr()[-3000:]
    with bot.db.open("r+b") as f:  # the repair: the page as it was (a restore that keeps what came since)
        f.seek((root - 1) * size)
        f.write(page)
    assert case.stored_ids(bot.db) >= {binding["body"]["msgid"]}
    counts = case.counts_after(rc, bot, bot.db, lambda: start_bot(tmp_path, server, config))
    assert counts.answered_after_restart == 1
    assert any(m["to"] == "Binder" and "已提交绑定申请" in (m["text"] or "") for m in server.sent)
    report("corrupt table page", counts)


@needs_namespace
def test_a_read_only_data_directory_at_start_exits_4_before_connecting(tmp_path, server):
    config = wecom_config(tmp_path)
    case = Case(server, tmp_path, config)
    bot = start_bot(tmp_path, server, config)
    case.healthy(bot)
    assert bot.stop() == 0
    space = MountNamespace()
    try:
        data = tmp_path / "data"
        space.sh(f"mount --bind {data} {data} && mount -o remount,ro,bind {data} {data}")
        subscriptions = server.subscriptions
        ro = Infobot(tmp_path, config, server.client_env(), wrapper=space.wrapper)
        rc = ro.wait(60)
        assert server.subscriptions == subscriptions  # never connected
        assert f"无法写入目录 {data}" in ro.stderr() and "只读" in ro.stderr(), ro.stderr()
    finally:
        space.close()
    counts = case.counts_after(rc, ro, ro.db, lambda: start_bot(tmp_path, server, config))
    report("read-only data directory at start", counts)


@needs_namespace
def test_a_full_disk_while_running(tmp_path, server):
    config = wecom_config(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    space = MountNamespace()
    try:
        space.sh(f"mount -t tmpfs -o size=8m infobot-full {data}")
        case = Case(server, tmp_path, config, space.wrapper)
        bot = Infobot(tmp_path, config, server.client_env(), wrapper=space.wrapper)
        server.wait_subscriptions(server.subscriptions + 1, timeout=30)
        case.healthy(bot)
        filler = space.view(data / "filler")
        with filler.open("wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        rc = case.until_stopped(bot)
        assert "磁盘已满" in bot.stderr(), bot.stderr()[-3000:]
        filler.unlink()

        def start():
            again = Infobot(tmp_path, config, server.client_env(), wrapper=space.wrapper)
            server.wait_subscriptions(server.subscriptions + 1, timeout=30)
            return again

        counts = case.counts_after(rc, bot, bot.db, start)
    finally:
        space.close()
    report("full tmpfs while running", counts)


@pytest.mark.skipif(not node_ready(), reason="未安装 node（Node.js），跳过微信端到端测试：apt-get install nodejs npm")
def test_wechaty_acknowledges_nothing_it_did_not_store(tmp_path, shim):
    """On WeChat the bot's acknowledgement is asking the puppet service for a message's payload (the
    gateway's /requested): EIO strikes between two halves of a burst; every message asked for is stored,
    nothing of the second half is asked for, and after the repair every stored one is answered once."""
    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err")).start()
    try:
        config = make_config(tmp_path, outbox={"interval_seconds": 0, "jitter_seconds": 0}, group_ids=[gw.ROOM_HOME])
        flag = tmp_path / "fault-now"
        bot = Infobot.start(
            tmp_path,
            config,
            g,
            LD_PRELOAD=str(shim),
            INFOBOT_FAULT_FLAG=str(flag),
            INFOBOT_FAULT_DIR=str(tmp_path / "data"),
            INFOBOT_FAULT_ERRNO=str(errno.EIO),
        )
        g.wait_streams(1, timeout=30)
        ids = g.burst(gw.ADMIN_GAOGE, "/回声", BURST // 2, room=None)
        wait_until(lambda: len(set(g.requested()) & set(ids)) == len(ids), 30, "the first half received")
        wait_until(
            lambda: bot.rows("SELECT count(*) AS n FROM messages WHERE status = 'handled'")[0]["n"] >= 10,
            30,
            "some of it handled",
        )
        flag.touch()  # the disk fails while the first half is being handled, and the second half arrives
        ids += g.burst(gw.ADMIN_GAOGE, "/回声", BURST // 2, room=None, first=BURST // 2)
        rc = bot.wait(60)
        console = bot.stderr()
        assert rc == 4 and "Traceback" not in console and "磁盘出错" in console, console[-3000:]
        flag.unlink()
        acknowledged = set(g.requested()) & set(ids)
        stored = {r["message_id"] for r in bot.rows("SELECT message_id FROM messages")}
        stored |= {r["message_id"] for r in bot.rows("SELECT message_id FROM arrivals")}
        stored &= set(ids)
        handled = {r["message_id"] for r in bot.rows("SELECT message_id FROM messages WHERE status = 'handled'")}
        bot = Infobot.start(tmp_path, config, g)
        g.wait_streams(1, timeout=30)
        wait_until(
            lambda: (
                not bot.rows("SELECT 1 FROM arrivals")
                and not bot.rows("SELECT 1 FROM messages WHERE status = 'received'")
                and not bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'")
            ),
            60,
            "stored messages answered",
        )
        assert not bot.rows("SELECT 1 FROM messages WHERE status = 'failed'")
        answered = {r["message_id"] for r in bot.rows("SELECT message_id FROM messages WHERE status = 'handled'")}
        assert bot.stop() == 0
        counts = Counts(
            len(ids), len(acknowledged), len(stored), len(acknowledged - stored), len((stored & answered) - handled)
        )
        assert stored <= answered
        report("wechaty, EIO in a burst", counts)
    finally:
        g.stop()
