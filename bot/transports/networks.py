"""The chat networks `infobot run` can use, chosen from the environment: the local console, WeChat through
a puppet service (wechaty), or a 企业微信 / 政务微信 smart bot (wecom). A network's SDK is imported only
when it is opened, so choosing needs none installed. Bad settings or a missing package raise ChatEnvError
with a Chinese message (exit 2)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import Config
from bot.transports.running import Transport
from bot.transports.wechaty_env import WechatEnvError, check_wechat_env
from bot.transports.wecom_env import ChatEnvError, check_wecom_env

Environ = Mapping[str, str]


@dataclass(frozen=True)
class Network:
    name: str
    label: str  # how the operator calls it
    credentials: tuple[str, ...]  # any of these set chooses the network
    # Checks the environment (raises ChatEnvError) and returns what `open` needs.
    check: Callable[[Environ, Config], Any] = lambda environ, config: None
    describe: Callable[[Any], str] = lambda settings: ""  # for the log line at start-up
    # The transport (raises ChatEnvError when the SDK is missing); None: the console, run in the terminal.
    open: Callable[[Any, Config, Path], Transport] | None = None


def _check_wechaty(environ: Environ, config: Config) -> tuple[str, str]:
    try:
        endpoint = check_wechat_env(environ, config.bot.wechaty.web_port)
    except WechatEnvError as exc:
        raise ChatEnvError(str(exc)) from exc
    return endpoint, environ.get("WECHATY_PUPPET_SERVICE_TOKEN", "").strip()


def _open_wechaty(settings: tuple[str, str], config: Config, data: Path) -> Transport:
    endpoint, token = settings
    os.environ.setdefault("CACHE_DIR", str(data / "wechaty"))  # before python-wechaty is imported
    for key in ("WECHATY_PUPPET_SERVICE_TOKEN", "WECHATY_PUPPET_SERVICE_ENDPOINT"):
        os.environ.pop(key, None)  # passed explicitly; python-wechaty would warn about both
    try:
        from bot.transports.wechaty import WechatyTransport
    except ImportError as exc:
        raise ChatEnvError(
            f"错误：没有安装微信通道所需的 python-wechaty（{exc}）。请执行 make setup，"
            "或 pip install -e '.[wechaty]' -c constraints-wechaty.txt。"
        ) from exc
    return WechatyTransport(config.bot.wechaty, endpoint, token)


def _open_wecom(env: Any, config: Config, data: Path) -> Transport:
    try:
        from bot.transports.wecom import WecomTransport
    except ImportError as exc:
        raise ChatEnvError(
            f"错误：没有安装企业微信通道所需的 wecom-aibot-sdk（{exc}）。请执行 make setup，"
            "或 pip install -e '.[wecom]'。"
        ) from exc
    return WecomTransport(config.bot.wecom, env)


NETWORKS = {
    "console": Network("console", "本地控制台", ()),
    "wechaty": Network(
        "wechaty",
        "微信",
        ("WECHATY_PUPPET_SERVICE_TOKEN",),
        _check_wechaty,
        lambda s: f"puppet service {s[0]}",
        _open_wechaty,
    ),
    "wecom": Network(
        "wecom",
        "企业微信",
        ("WECOM_BOT_ID", "WECOM_BOT_SECRET"),
        lambda environ, config: check_wecom_env(environ),
        lambda env: f"企业微信 smart bot {env.bot_id} at {env.ws_url}",
        _open_wecom,
    ),
}


def choose(environ: Environ) -> Network:
    """The network whose credentials are set (the console when none is); two at once is an error."""
    chosen = [n for n in NETWORKS.values() if any(environ.get(k, "").strip() for k in n.credentials)]
    if len(chosen) > 1:
        named = "和".join(
            f"{n.label}（{'、'.join(k for k in n.credentials if environ.get(k, '').strip())}）" for n in chosen
        )
        raise ChatEnvError(f"错误：同时设置了{named}的凭据，机器人只能连接其中一个。请删去不用的那组环境变量后再启动。")
    return chosen[0] if chosen else NETWORKS["console"]
