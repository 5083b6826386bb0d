"""The real `infobot run` as a child process, pointed at the e2e gateway, with its own config and database."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from tests.e2e import gateway as gw

ROOT = Path(__file__).resolve().parents[2]
ADMIN_NAME = "高哥"  # the world's admin; a stranger in the group shows the same name


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_config(
    directory: Path,
    *,
    outbox: dict[str, Any] | None = None,
    wechaty: dict[str, Any] | None = None,
    group_ids: list[str] | None = None,
    admins: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """A copy of config/ whose bot.yaml names the gateway world's admin (or `admins`), paces fast, runs no
    scheduled job; `extra` replaces whole top-level sections."""
    target = directory / "config"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "tests" / "fixtures" / "config", target)
    path = target / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["admins"] = admins or [{"name": ADMIN_NAME, "contact_id": gw.ADMIN_GAOGE}]
    data["outbox"] = {"interval_seconds": 0.05, "jitter_seconds": 0.05, "daily_cap": 500, **(outbox or {})}
    data["wechaty"] = {
        "login_timeout_seconds": 20,
        "web_port": free_port(),
        "reconnect_max_seconds": 1,
        **(wechaty or {}),
    }
    if group_ids:
        data["group"]["ids"] = group_ids  # pinned: no /设为本群, no suggestions to the admins
    for job in data["schedule"].values():
        job["enabled"] = False  # the scheduled posts have their own tests; here they would only add noise
    data.update(extra or {})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


class Infobot:
    """`python -m bot --config … --db … run` with the gateway's token and endpoint in its environment."""

    def __init__(
        self, workdir: Path, config: Path, env: dict[str, str], now: str | None = None, wrapper: tuple[str, ...] = ()
    ):
        """`now`: the bot's clock stands still at this ISO time (the hidden `--now`); pace with interval 0.
        `wrapper`: a command the bot runs under (e.g. nsenter into a mount namespace)."""
        self.workdir = workdir
        self.db = workdir / "data" / "infobot.db"
        self.stderr_path = workdir / f"infobot-{time.monotonic_ns()}.err"
        env = {**env, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                *wrapper,
                sys.executable,
                "-m",
                "bot",
                "--config",
                str(config),
                "--db",
                str(self.db),
                *(["--now", now] if now else []),
                "run",
            ],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.stderr_path, "wb"),
        )  # noqa: SIM115 - closed with the process

    @classmethod
    def start(cls, workdir: Path, config: Path, gateway: gw.Gateway, **env_overrides: str) -> "Infobot":
        env = gateway.client_env()
        env.update(env_overrides)
        return cls(workdir, config, env)

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            raise AssertionError(f"infobot still running after {timeout}s\n{self.stderr()[-3000:]}") from None

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, as systemd does; the exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.wait(timeout)

    def rows(self, sql: str, *args: Any) -> list[dict]:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(sql, args)]


class Chat:
    """Members speak through the gateway; replies are read back from what the bot sent."""

    def __init__(self, gateway: gw.Gateway, bot: Infobot):
        self.gw = gateway
        self.bot = bot

    def say(
        self,
        frm: str,
        text: str,
        room: str | None = gw.ROOM_HOME,
        mentions: list[str] | None = None,
        timeout: float = 20.0,
        file: tuple[str, bytes] | None = None,
    ) -> dict:
        """Send; return the bot's first message after it (to the room, or privately to `frm`)."""
        since = self.gw.last_seq()
        self.gw.say(frm, text, room=room, mentions=mentions, file=file)
        where = (lambda m: m["room"] == room) if room else (lambda m: m["contact"] == frm)
        try:
            return self.gw.wait_sent(where, timeout=timeout, since=since)
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n--- infobot stderr ---\n{self.bot.stderr()[-3000:]}") from None

    def quiet(self, seconds: float = 1.0) -> list[dict]:
        """What the bot sent within `seconds` from now (a bounded wait for nothing to happen)."""
        since = self.gw.last_seq()
        deadline = time.monotonic() + seconds
        sent: list[dict] = []
        while (left := deadline - time.monotonic()) > 0:
            sent += self.gw.sent(since=max([since] + [m["seq"] for m in sent]), wait=left)
        return sent


def node_ready() -> bool:
    return gw.node_available()


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout}s")


__all__ = ["Chat", "Infobot", "make_config", "free_port", "node_ready", "wait_until"]
