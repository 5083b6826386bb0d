"""bot.yaml's `outbox:` (pace of sending, per transport), `wechaty:` (connection to a puppet service) and
`wecom:` (the 企业微信 / 政务微信 smart bot's long connection)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.settings.reader import YamlFile


@dataclass(frozen=True)
class OutboxSettings:
    """At most one message per interval (plus a random jitter), and at most daily_cap a day (Beijing time).

    The top-level values pace WeChat (wechaty) and the console; `wecom` paces the 企业微信 smart bot, which
    is an official API and need not look like a person typing (`outbox.wecom` in bot.yaml)."""

    interval_seconds: float = 3.0
    jitter_seconds: float = 1.0
    daily_cap: int = 500
    wecom: "OutboxSettings | None" = None
    # 企业微信 only (outbox.wecom): message frames per conversation, uploads, and the group webhook's messages.
    # The document 「智能机器人长连接」 allows 30 a minute and 1000 an hour per conversation (replies and pushes
    # together) and as many uploads; the 群机器人 webhook 20 a minute. Defaults stay safely under them.
    per_minute: int = 20
    per_hour: int = 600
    uploads_per_minute: int = 20
    uploads_per_hour: int = 600
    webhook_per_minute: int = 15

    def for_transport(self, name: str) -> "OutboxSettings":
        """The pace for one transport: `wecom` has its own (defaults below), every other uses the top level."""
        if name == "wecom":
            return self.wecom or WECOM_OUTBOX
        return self


WECOM_OUTBOX = OutboxSettings(interval_seconds=1.0, jitter_seconds=0.0, daily_cap=1000)
PACE_KEYS = {"interval_seconds", "jitter_seconds", "daily_cap"}
# key → the documented limit it must stay at or under
WECOM_LIMITS = {
    "per_minute": 30,
    "per_hour": 1000,
    "uploads_per_minute": 30,
    "uploads_per_hour": 1000,
    "webhook_per_minute": 20,
}


@dataclass(frozen=True)
class WechatySettings:
    login_timeout_seconds: float = 60.0  # no login by then at start-up: exit with an error
    web_port: int = 8788  # python-wechaty's plugin web server, bound to 127.0.0.1
    reconnect_max_seconds: float = 60.0  # backoff ceiling while the puppet service is away
    relogin_timeout_seconds: float = 300.0  # logged out on the same connection: reconnect after this
    heartbeat_timeout_seconds: float = 0.0  # no event for this long: reconnect (0 = off)


def _seconds(f: YamlFile, m: dict, key: str, path: str, default: float, minimum: float = 0.0) -> float:
    return f.seconds(m.get(key, default), f"{path}.{key}", default, minimum)


def parse_outbox(f: YamlFile, data: Any) -> OutboxSettings:
    m = f.mapping(data if data is not None else {}, "outbox")
    f.unknown_keys(m, PACE_KEYS | {"wecom"}, "outbox")
    wecom = None
    if m.get("wecom") is not None:
        w = f.mapping(m["wecom"], "outbox.wecom")
        f.unknown_keys(w, PACE_KEYS | set(WECOM_LIMITS), "outbox.wecom")
        wecom = _wecom_budgets(f, w, _pace(f, w, "outbox.wecom", WECOM_OUTBOX))
    base = _pace(f, m, "outbox", OutboxSettings())
    return OutboxSettings(base.interval_seconds, base.jitter_seconds, base.daily_cap, wecom)


def _wecom_budgets(f: YamlFile, m: dict, pace: OutboxSettings) -> OutboxSettings:
    values = {}
    for key, limit in WECOM_LIMITS.items():
        value = f.number(m.get(key, getattr(pace, key)), f"outbox.wecom.{key}", minimum=1)
        if value is not None and value > limit:
            f.problem(
                f"outbox.wecom.{key}", f"企业微信规定的上限是 {limit}，应填 1–{limit}（默认留有余量），实际是 {value}"
            )
            value = None
        values[key] = getattr(pace, key) if value is None else value
    return OutboxSettings(pace.interval_seconds, pace.jitter_seconds, pace.daily_cap, None, **values)


def _pace(f: YamlFile, m: dict, path: str, d: OutboxSettings) -> OutboxSettings:
    cap = f.number(m.get("daily_cap", d.daily_cap), f"{path}.daily_cap", minimum=1)
    return OutboxSettings(
        interval_seconds=_seconds(f, m, "interval_seconds", path, d.interval_seconds),
        jitter_seconds=_seconds(f, m, "jitter_seconds", path, d.jitter_seconds),
        daily_cap=d.daily_cap if cap is None else cap,
    )


def parse_wechaty(f: YamlFile, data: Any) -> WechatySettings:
    m = f.mapping(data if data is not None else {}, "wechaty")
    keys = {
        "login_timeout_seconds",
        "web_port",
        "reconnect_max_seconds",
        "relogin_timeout_seconds",
        "heartbeat_timeout_seconds",
    }
    f.unknown_keys(m, keys, "wechaty")
    d = WechatySettings()
    port = f.number(m.get("web_port", d.web_port), "wechaty.web_port", minimum=1)
    if port is not None and port > 65535:
        f.problem("wechaty.web_port", f"端口应在 1–65535 之间，实际是 {port}")
        port = None
    return WechatySettings(
        login_timeout_seconds=_seconds(f, m, "login_timeout_seconds", "wechaty", d.login_timeout_seconds, 1),
        web_port=d.web_port if port is None else port,
        reconnect_max_seconds=_seconds(f, m, "reconnect_max_seconds", "wechaty", d.reconnect_max_seconds, 1),
        relogin_timeout_seconds=_seconds(f, m, "relogin_timeout_seconds", "wechaty", d.relogin_timeout_seconds, 1),
        heartbeat_timeout_seconds=_seconds(f, m, "heartbeat_timeout_seconds", "wechaty", d.heartbeat_timeout_seconds),
    )


@dataclass(frozen=True)
class WecomSettings:
    login_timeout_seconds: float = 30.0  # not subscribed by then at start-up: exit with an error (3)
    reconnect_base_seconds: float = 1.0  # first wait after a drop; doubles up to 30 s (the SDK's ceiling)
    heartbeat_seconds: float = 10.0  # a ping this often; no answer within ping_timeout_seconds → reconnect
    ping_timeout_seconds: float = 5.0  # a live link answers a ping within this (a dead one: found in ≤ 15 s)
    reply_window_seconds: float = 300.0  # answer on a message's req_id this long after it; later, push


def parse_wecom(f: YamlFile, data: Any) -> WecomSettings:
    m = f.mapping(data if data is not None else {}, "wecom")
    d = WecomSettings()
    f.unknown_keys(m, set(d.__dataclass_fields__), "wecom")
    return WecomSettings(
        **{
            key: _seconds(f, m, key, "wecom", getattr(d, key), minimum)
            for key, minimum in (
                ("login_timeout_seconds", 1),
                ("reconnect_base_seconds", 0.1),
                ("heartbeat_seconds", 1),
                ("ping_timeout_seconds", 0.5),
                ("reply_window_seconds", 0),
            )
        }
    )
