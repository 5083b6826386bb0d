"""Test harness for the e2e puppet-service gateway (tests/e2e/gateway/gateway.js).

Stdlib only (subprocess + urllib against 127.0.0.1). Every wait is bounded by a
deadline; nothing sleeps except bounded polling.

    from gateway import Gateway, ROOM_HOME
    with Gateway() as gw:                       # starts node, parses READY line
        env = gw.client_env()                   # WECHATY_PUPPET_SERVICE_{ENDPOINT,TOKEN}
        ...start the bot with env...
        gw.wait_streams(1)                      # a client holds the event stream
        mid = gw.say('wxid_liaison_jiban', '你好', room=ROOM_HOME)
        msg = gw.wait_sent(lambda m: m['text'] == 'echo: 你好')
        gw.restart()                            # same ports, same ids, new bootId

`LineProcess` is a small generic helper to run any child process and wait for
lines on its stdout (used for the python bot in the tests).
"""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
GATEWAY_DIR = os.path.join(HERE, "gateway")
GATEWAY_JS = os.path.join(GATEWAY_DIR, "gateway.js")
WORLD_JSON = os.path.join(GATEWAY_DIR, "world.json")

with open(WORLD_JSON, encoding="utf-8") as _f:
    WORLD: Dict[str, Any] = json.load(_f)

BOT_ID: str = WORLD["bot"]["id"]
ROOM_HOME = "room_home@chatroom"
ROOM_OTHER = "room_other@chatroom"
ROOM_FAKE = "room_fake@chatroom"  # an outsider's group with the same name as ours
LIAISON_JIBAN = "wxid_liaison_jiban"
LIAISON_HBJ = "wxid_liaison_hbj"
ADMIN_GAOGE = "wxid_admin_gaoge"
STRANGER = "wxid_stranger"
RESIDENT = "wxid_resident_zhang"
AT_SEP = "\u2005"  # WeChat puts U+2005 (four-per-em space) after "@name"

DEFAULT_TOKEN = "infobot_e2e_token"
READY_RE = re.compile(r"^GATEWAY READY grpc=(\S+):(\d+) control=(\S+):(\d+) token=(\S+) boot=(\S+)")


class GatewayError(RuntimeError):
    """The gateway could not be started / answered with an error."""


def node_available() -> bool:
    return shutil.which("node") is not None


def ensure_node_modules(timeout: float = 600.0) -> None:
    """Run `npm ci` once if tests/e2e/gateway/node_modules is missing."""
    if os.path.isdir(os.path.join(GATEWAY_DIR, "node_modules", "wechaty-puppet-service")):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise GatewayError("npm not found; run `npm ci` in tests/e2e/gateway")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=GATEWAY_DIR, check=True, timeout=timeout, stdout=subprocess.DEVNULL
    )


class LineProcess:
    """A child process whose stdout lines are collected by a reader thread."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Optional[Dict[str, str]] = None,
        cwd: Optional[str] = None,
        stdin: bool = False,
        stderr_path: Optional[str] = None,
    ) -> None:
        self.argv = list(argv)
        self._stderr_file = open(stderr_path, "ab") if stderr_path else None  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr_file if self._stderr_file else subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self.lines: List[str] = []
        self._queue: "queue.Queue[Optional[str]]" = queue.Queue()
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_line(self, predicate: Callable[[str], bool], timeout: float, start: int = 0) -> tuple:
        """Return (index, line) of the first line >= start matching predicate."""
        deadline = time.monotonic() + timeout
        i = start
        with self._cond:
            while True:
                while i < len(self.lines):
                    if predicate(self.lines[i]):
                        return i, self.lines[i]
                    i += 1
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"no matching line within {timeout}s from {self.argv[:3]}; last lines: {self.lines[-15:]}"
                    )
                if not self.alive() and not self._reader.is_alive():
                    raise GatewayError(
                        f"process exited ({self.proc.returncode}) before a matching line; "
                        f"last lines: {self.lines[-15:]}"
                    )
                self._cond.wait(min(remaining, 0.5))

    def write_line(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def terminate(self, timeout: float = 10.0) -> int:
        """SIGTERM, wait up to timeout, then SIGKILL. Returns the exit code."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._close()
        return self.proc.returncode

    def kill(self) -> int:
        if self.alive():
            self.proc.kill()
        self.proc.wait(5)
        self._close()
        return self.proc.returncode

    def _close(self) -> None:
        self._reader.join(5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                if f:
                    f.close()
            except (OSError, ValueError):
                pass
        if self._stderr_file:
            self._stderr_file.close()
            self._stderr_file = None


class Gateway:
    """Start/stop/restart the node gateway and drive its HTTP control API."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        grpc_port: int = 0,
        control_port: int = 0,
        heartbeat_ms: int = 15000,
        world: Optional[str] = None,
        log_level: str = "warn",
        stderr_path: Optional[str] = None,
        node: str = "node",
        download: bool = True,
    ) -> None:
        self.token = token
        self.grpc_port = grpc_port
        self.control_port = control_port
        self.heartbeat_ms = heartbeat_ms
        self.world = world
        self.log_level = log_level
        self.stderr_path = stderr_path
        self.node = node
        self.download = download
        self.host = "127.0.0.1"
        self.boot_id: Optional[str] = None
        self.process: Optional[LineProcess] = None
        self._tmpdir: Optional[str] = None

    # ------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 30.0) -> "Gateway":
        if self.process is not None and self.process.alive():
            raise GatewayError("gateway already running")
        ensure_node_modules()
        argv = [
            self.node,
            GATEWAY_JS,
            "--token",
            self.token,
            "--grpc-port",
            str(self.grpc_port),
            "--control-port",
            str(self.control_port),
            "--heartbeat-ms",
            str(self.heartbeat_ms),
            "--log-level",
            self.log_level,
        ]
        if self.world:
            argv += ["--world", self.world]
        if not self.download:
            argv += ["--download", "no"]
        env = dict(os.environ)
        env.pop("WECHATY_LOG", None)
        # PuppetServer keeps a FileBox registry in $TMPDIR/file-box-urn-registry.<pid>;
        # give each run its own TMPDIR so a SIGKILLed gateway leaves nothing behind.
        self._cleanup_tmpdir()
        self._tmpdir = tempfile.mkdtemp(prefix="e2e-gateway-")
        env["TMPDIR"] = self._tmpdir
        self.process = LineProcess(argv, env=env, cwd=GATEWAY_DIR, stderr_path=self.stderr_path)
        try:
            _, line = self.process.wait_line(lambda s: s.startswith("GATEWAY READY"), timeout)
        except BaseException:
            self.process.kill()
            self._cleanup_tmpdir()
            raise
        m = READY_RE.match(line)
        if not m:
            raise GatewayError(f"unparsable READY line: {line!r}")
        # Keep the ports: restart() reuses them so the client's endpoint stays valid.
        self.grpc_port = int(m.group(2))
        self.control_port = int(m.group(4))
        self.boot_id = m.group(6)
        return self

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """Graceful stop (SIGTERM). Returns the exit code (0 when clean)."""
        if self.process is None:
            return None
        code = self.process.terminate(timeout)
        self._cleanup_tmpdir()
        return code

    def kill(self) -> Optional[int]:
        """Crash the gateway (SIGKILL)."""
        if self.process is None:
            return None
        code = self.process.kill()
        self._cleanup_tmpdir()
        return code

    def _cleanup_tmpdir(self) -> None:
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def restart(self, timeout: float = 30.0, hard: bool = False) -> "Gateway":
        """Stop (SIGTERM, or SIGKILL if hard) and start again on the same ports."""
        old = self.boot_id
        if hard:
            self.kill()
        else:
            self.stop()
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.start(timeout=max(1.0, deadline - time.monotonic()))
                break
            except GatewayError:
                # the port may linger for a moment after a kill; bounded retry
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert self.boot_id != old
        return self

    def __enter__(self) -> "Gateway":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------ addresses
    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.grpc_port}"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self.control_port}"

    def client_env(self, base: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        """Environment for a python-wechaty client pointed at this gateway."""
        env = dict(os.environ if base is None else base)
        for k in ("TOKEN", "token", "ENDPOINT", "endpoint"):  # python-wechaty reads these too
            env.pop(k, None)
        env["WECHATY_PUPPET_SERVICE_ENDPOINT"] = self.endpoint
        env["WECHATY_PUPPET_SERVICE_TOKEN"] = self.token
        return env

    # ------------------------------------------------------------ HTTP API
    def _request(self, method: str, path: str, body: Optional[dict] = None, timeout: float = 10.0) -> Any:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        req = urllib.request.Request(
            self.control_url + path, data=data, method=method, headers={"content-type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            raise GatewayError(f"{method} {path} -> {e.code}: {detail}") from None

    def health(self) -> Dict[str, Any]:
        return self._request("GET", "/health")

    def info(self) -> Dict[str, Any]:
        return self._request("GET", "/info")

    def say(
        self,
        frm: str,
        text: str,
        room: Optional[str] = ROOM_HOME,
        mentions: Optional[List[str]] = None,
        file: Optional[tuple] = None,
    ) -> str:
        """Make contact `frm` say `text` in `room` (None = privately to the bot); with
        file=(name, bytes) send that file instead (an attachment message). Returns the message id."""
        body: Dict[str, Any] = {"from": frm, "room": room, "text": text}
        if mentions is not None:
            body["mentions"] = mentions
        if file is not None:
            body["file"] = {"name": file[0], "base64": base64.b64encode(file[1]).decode("ascii")}
        return self._request("POST", "/say", body)["id"]

    def burst(self, frm: str, text: str, count: int, room: Optional[str] = None, first: int = 0) -> List[str]:
        """`count` messages from `frm`, `text` followed by first, first+1, …, emitted back to back. Their ids."""
        return self._request(
            "POST", "/burst", {"from": frm, "room": room, "text": text, "count": count, "first": first}, timeout=60
        )["ids"]

    def requested(self) -> List[str]:
        """Ids of the messages whose payload the client asked for (it has received them), in that order."""
        return self._request("GET", "/requested")["ids"]

    def mention_text(self, *contact_ids: str, room: str = ROOM_HOME) -> str:
        """'@<display name>\u2005' for each contact, as the WeChat client types it
        (room alias if set, else the contact name)."""
        members = {m["id"]: m for r in self.info()["rooms"] if r["id"] == room for m in r["members"]}
        return "".join("@" + (members[c]["roomAlias"] or members[c]["name"]) + AT_SEP for c in contact_ids)

    def sent(
        self, since: int = 0, wait: float = 0.0, room: Optional[str] = None, to: Optional[str] = None
    ) -> List[Dict[str, Any]]:
        """Messages the bot sent with seq > since; long-polls up to `wait` seconds."""
        q = {"since": str(since)}
        if wait:
            q["wait"] = str(int(wait * 1000))
        if room:
            q["room"] = room
        if to:
            q["to"] = to
        path = "/sent?" + urllib.parse.urlencode(q)
        return self._request("GET", path, timeout=wait + 10)["messages"]

    def last_seq(self) -> int:
        return int(self.health()["sent"])

    def wait_sent(
        self, predicate: Callable[[Dict[str, Any]], bool], timeout: float = 15.0, since: int = 0
    ) -> Dict[str, Any]:
        """First sent message (seq > since) matching predicate, within timeout."""
        deadline = time.monotonic() + timeout
        seen: List[Dict[str, Any]] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching sent message within {timeout}s; sent since {since}: {seen}")
            for m in self.sent(since=since, wait=min(remaining, 5.0)):
                seen.append(m)
                since = max(since, m["seq"])
                if predicate(m):
                    return m

    def wait_health(
        self, predicate: Callable[[Dict[str, Any]], bool], timeout: float = 15.0, interval: float = 0.1
    ) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        last: Dict[str, Any] = {}
        while time.monotonic() < deadline:
            last = self.health()
            if predicate(last):
                return last
            time.sleep(interval)
        raise TimeoutError(f"gateway health condition not met within {timeout}s; last: {last}")

    def wait_streams(self, n: int = 1, timeout: float = 15.0) -> Dict[str, Any]:
        """Wait until n clients hold the event stream and the bot is logged in."""
        return self.wait_health(lambda h: h["streams"] >= n and h["loggedIn"], timeout)

    def member_leave(self, contact: str, room: str = ROOM_HOME, by: Optional[str] = None) -> Dict[str, Any]:
        return self._request("POST", "/member-leave", {"contact": contact, "room": room, "by": by})

    def member_join(self, contact: str, room: str = ROOM_HOME, by: Optional[str] = None) -> Dict[str, Any]:
        return self._request("POST", "/member-join", {"contact": contact, "room": room, "by": by})

    def set_topic(self, topic: str, room: str = ROOM_HOME, by: Optional[str] = None) -> Dict[str, Any]:
        return self._request("POST", "/topic", {"room": room, "topic": topic, "by": by})

    def logout(self) -> Dict[str, Any]:
        return self._request("POST", "/logout", {})

    def login(self) -> Dict[str, Any]:
        return self._request("POST", "/login", {})


if __name__ == "__main__":  # manual smoke run: python tests/e2e/gateway.py
    with Gateway(stderr_path=None) as _gw:
        print("endpoint", _gw.endpoint, "control", _gw.control_url, file=sys.stderr)
        print(json.dumps(_gw.info(), ensure_ascii=False, indent=1))
