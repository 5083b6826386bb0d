"""Checks before connecting to WeChat, so a bad setting fails fast with a Chinese message (exit code 2)."""

from __future__ import annotations

import re
import socket
from collections.abc import Mapping

ENDPOINT = re.compile(r"^(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?P<port>\d{1,5})$")
TOKEN = re.compile(r"^[A-Za-z0-9._~-]+$")


class WechatEnvError(Exception):
    pass


def check_wechat_env(environ: Mapping[str, str], web_port: int) -> str:
    """The puppet service endpoint (host:port) from the environment, after checking what can be checked."""
    token = environ.get("WECHATY_PUPPET_SERVICE_TOKEN", "").strip()
    if not TOKEN.match(token):
        raise WechatEnvError(
            "错误：WECHATY_PUPPET_SERVICE_TOKEN 只能包含字母、数字和 . _ ~ -"
            "（令牌作为 HTTP/2 的 :authority 发送）。请检查令牌是否抄错。"
        )
    endpoint = environ.get("WECHATY_PUPPET_SERVICE_ENDPOINT", "").strip()
    if not endpoint:
        raise WechatEnvError(
            "错误：已设置 WECHATY_PUPPET_SERVICE_TOKEN，但没有设置 WECHATY_PUPPET_SERVICE_ENDPOINT。"
            "请把 puppet service 的地址写成「主机:端口」，如 WECHATY_PUPPET_SERVICE_ENDPOINT=127.0.0.1:8788。"
            "（不设地址时，python-wechaty 会去网上按令牌查找地址，离线时每 60 秒重试一次，机器人一直连不上。）"
        )
    m = ENDPOINT.match(endpoint)
    if not m or not 0 < int(m["port"]) < 65536:
        raise WechatEnvError(
            f"错误：WECHATY_PUPPET_SERVICE_ENDPOINT「{endpoint}」格式不对，应为「主机:端口」，"
            "如 127.0.0.1:8788 或 puppet.example.internal:9009（不带 http:// 等前缀）。"
        )
    if port_in_use(web_port):
        raise WechatEnvError(
            f"错误：本机端口 {web_port}（127.0.0.1）已被占用，python-wechaty 的网页服务无法启动，"
            "登录会失败。请在 config/bot.yaml 的 wechaty.web_port 改用一个空闲端口。"
        )
    return endpoint


def port_in_use(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port: python-wechaty checks the same way at every login
    (wechaty/plugin.py:99-125, 848) and refuses to start its plugins when it does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0
