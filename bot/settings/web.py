"""bot.yaml's `web:` the office's desk (bot/web/): where it listens and the address its login links use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.settings.reader import YamlFile

DEFAULT_PORT = 8790
LOCAL_HOST = "127.0.0.1"


@dataclass(frozen=True)
class WebSettings:
    enabled: bool = True
    host: str = LOCAL_HOST
    port: int = DEFAULT_PORT
    public_url: str = f"http://{LOCAL_HOST}:{DEFAULT_PORT}"
    allow_http: bool = False

    @property
    def https(self) -> bool:
        return self.public_url.startswith("https://")

    def binding_problem(self) -> str | None:
        """Why the desk must not start on this address: only 127.0.0.1 may serve plain http, unless
        the office says so (`allow_http: true`), because session cookies would cross the network in clear."""
        if self.host == LOCAL_HOST or self.https or self.allow_http:
            return None
        return (
            f"后台监听 {self.host}:{self.port}（不只是本机 127.0.0.1），而 web.public_url 「{self.public_url}」不是 https："
            "登录链接和会话 Cookie 会以明文经过网络。请在反向代理上启用 https 并把 public_url 改为 https://…，"
            "或确认内网可信后在 config/bot.yaml 的 web: 下写 allow_http: true。"
        )


def parse_web(f: YamlFile, data: Any) -> WebSettings:
    m = f.mapping(data if data is not None else {}, "web")
    f.unknown_keys(m, {"enabled", "host", "port", "public_url", "allow_http"}, "web")
    flags = {}
    for key in ("enabled", "allow_http"):
        value = m.get(key, getattr(WebSettings, key))
        if not isinstance(value, bool):
            f.problem(f"web.{key}", f"应为 true 或 false，实际是「{value}」")
            value = getattr(WebSettings, key)
        flags[key] = value
    host = f.text(m.get("host"), "web.host", required=False) or LOCAL_HOST
    port = f.number(m.get("port", DEFAULT_PORT), "web.port", minimum=1)
    if port is not None and port > 65535:
        f.problem("web.port", f"应在 1–65535 之间，实际是 {port}")
        port = None
    port = port or DEFAULT_PORT
    url = f.text(m.get("public_url"), "web.public_url", required=False) or f"http://{LOCAL_HOST}:{port}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        f.problem(
            "web.public_url", f"应为 http:// 或 https:// 开头的网址，如 https://infobot.example.gov.cn，实际是「{url}」"
        )
    return WebSettings(
        enabled=flags["enabled"], host=host, port=port, public_url=url.rstrip("/"), allow_http=flags["allow_http"]
    )
