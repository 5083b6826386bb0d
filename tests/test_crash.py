"""kill -9 in the middle of a burst of #报送: acknowledged items survive, once; the rest can be re-sent."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import CONFIG_DIR, ROOT

pytestmark = pytest.mark.e2e  # a real bot process killed mid-burst: slow, left out of the fast loop

LIAISON = "wxid_crash_liaison"
ACK = re.compile(r"已收到 济办 报送 #(\d+)《压测(\d+)》")
DUP = re.compile(r"报送过（#(\d+)《压测(\d+)》）")


@pytest.fixture
def config_dir(tmp_path):
    target = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, target)
    units = target / "units.yaml"
    text = units.read_text(encoding="utf-8")
    marker = "  - name: 济办\n"
    block = text[text.index(marker) :]
    patched = block.replace("    liaisons: []", f"    liaisons: [{LIAISON}]", 1)
    units.write_text(text.replace(block, patched, 1), encoding="utf-8")
    bot = target / "bot.yaml"  # a burst of 1000 items from one liaison: lift the hourly reply budget
    bot.write_text(
        bot.read_text(encoding="utf-8").replace("replies_per_hour: 30", "replies_per_hour: 100000"), encoding="utf-8"
    )
    return target


class Console:
    """A real `infobot console` process fed through its standard input."""

    def __init__(self, config_dir: Path, db: Path):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
        env.pop("WECHATY_PUPPET_SERVICE_TOKEN", None)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot",
                "--config",
                str(config_dir),
                "--db",
                str(db),
                "--now",
                "2019-06-28T10:00",
                "console",
                "--as",
                LIAISON,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        self.acked: dict[int, int] = {}  # item number → submission number
        self.repeats: dict[int, int] = {}
        self.done = False
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            text = raw.decode("utf-8", "replace")
            with self.changed:
                for sub, item in ACK.findall(text):
                    self.acked[int(item)] = int(sub)
                for sub, item in DUP.findall(text):
                    self.repeats[int(item)] = int(sub)
                self.changed.notify_all()
        with self.changed:
            self.done = True
            self.changed.notify_all()

    def feed(self, items) -> None:
        def write():
            try:
                for i in items:
                    self.proc.stdin.write(f"#报送 【压测{i}】\\n第{i}条的正文。\n".encode("utf-8"))
                    self.proc.stdin.flush()
                self.proc.stdin.close()
            except (BrokenPipeError, ValueError):
                pass  # the process was killed mid-burst

        threading.Thread(target=write, daemon=True).start()

    def wait(self, condition, seconds: float) -> None:
        """Until `condition` holds, the process's output ends, or `seconds` pass (woken by each line)."""
        with self.changed:
            self.changed.wait_for(lambda: condition() or self.done, timeout=seconds)
            assert condition(), f"gave up: {len(self.acked)} acknowledged"

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)


def rows(db: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT id, title FROM submissions ORDER BY id").fetchall()
    finally:
        conn.close()


def test_kill_9_mid_burst(config_dir, tmp_path):
    db = tmp_path / "data" / "infobot.db"
    first = Console(config_dir, db)
    first.feed(range(1000))
    first.wait(lambda: len(first.acked) >= 300, 120)
    first.kill()
    acked = dict(first.acked)
    assert 300 <= len(acked) < 1000, "the kill landed mid-burst"

    stored = rows(db)
    titles = [t for _, t in stored]
    assert len(titles) == len(set(titles)), "nothing is stored twice"
    by_title = {t: i for i, t in stored}
    for item, number in acked.items():
        assert by_title[f"压测{item}"] == number, f"acknowledged item {item} is in the database"

    # Re-send everything that was not acknowledged: each is recorded once, never twice.
    rest = [i for i in range(1000) if i not in acked]
    second = Console(config_dir, db)
    second.feed(rest)
    second.wait(lambda: len(second.acked) + len(second.repeats) >= len(rest), 120)
    second.proc.wait(timeout=60)
    final = rows(db)
    assert sorted(t for _, t in final) == sorted(f"压测{i}" for i in range(1000))
    assert set(second.repeats) <= set(rest)
