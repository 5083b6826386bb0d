"""The 企业微信 settings from the environment; bad settings fail fast in Chinese (exit 2).

Kept apart from bot/transports/wecom.py so that checking needs no SDK installed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_WS_URL = "wss://openws.work.weixin.qq.com"


class ChatEnvError(Exception):
    pass


@dataclass(frozen=True)
class WecomEnv:
    bot_id: str
    secret: str
    ws_url: str
    webhook_key: str = ""  # the group's 群机器人 (消息推送) key: real @-mentions (bot/transports/wecom_webhook.py)
    webhook_url: str = ""  # its address without /send (default 企业微信's; 政务微信 or a test gives its own)


def check_wecom_env(environ: Mapping[str, str]) -> WecomEnv:
    bot_id = environ.get("WECOM_BOT_ID", "").strip()
    secret = environ.get("WECOM_BOT_SECRET", "").strip()
    if not bot_id or not secret:
        missing = "WECOM_BOT_SECRET" if bot_id else "WECOM_BOT_ID"
        raise ChatEnvError(
            f"错误：连接企业微信需要同时设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET，现在缺少 {missing}。"
            "两者都在企业微信管理后台「智能机器人」的「API 模式 → 长连接」页面上（见 docs/deploy-wecom.md）。"
        )
    url = environ.get("WECOM_WS_URL", "").strip() or DEFAULT_WS_URL
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise ChatEnvError(
            f"错误：WECOM_WS_URL「{url}」不是 WebSocket 地址。应写成 wss://主机[:端口][/路径]，"
            f"如企业微信的 {DEFAULT_WS_URL}，或政务微信私有部署给出的地址（本机测试可用 ws://127.0.0.1:端口）。"
        )
    webhook = environ.get("WECOM_WEBHOOK_KEY", "").strip()
    if "key=" in webhook:
        webhook = webhook.split("key=", 1)[1].split("&", 1)[0].strip()
    if webhook and not all(c.isalnum() or c in "-_." for c in webhook):
        raise ChatEnvError(
            f"错误：WECOM_WEBHOOK_KEY「{webhook[:60]}」不是群机器人的 key。请在信息员群的「消息推送」（群机器人）详情里"
            "复制 Webhook 地址，填地址或其中 key= 后面的部分（形如 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa）。"
        )
    base = environ.get("WECOM_WEBHOOK_URL", "").strip()
    if base and urlsplit(base).scheme not in ("http", "https"):
        raise ChatEnvError(
            f"错误：WECOM_WEBHOOK_URL「{base}」不是 http(s) 地址，应写成如 "
            "https://qyapi.weixin.qq.com/cgi-bin/webhook（不含 /send）。"
        )
    return WecomEnv(bot_id, secret, url, webhook, base)
