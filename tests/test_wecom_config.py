"""bot.yaml's per-transport pace and `wecom:` section, and how `infobot run` picks 企业微信 from the environment."""

from __future__ import annotations

import pytest

from bot.settings import load_config
from bot.settings.delivery import WECOM_OUTBOX, OutboxSettings, WecomSettings
from tests.test_wechat_config import problems, set_section


def test_wecom_has_its_own_pace_and_the_others_keep_the_top_level(config):
    outbox = config.bot.outbox
    assert outbox.for_transport("wecom") == OutboxSettings(interval_seconds=1, jitter_seconds=0, daily_cap=1000)
    assert outbox.for_transport("wechaty") is outbox and outbox.interval_seconds == 3
    assert config.bot.wecom == WecomSettings()


def test_a_partial_wecom_pace_takes_the_wecom_defaults(cfg):  # noqa: F811
    set_section(cfg, "outbox", "outbox:\n  interval_seconds: 5\n  wecom: {daily_cap: 3000}")
    outbox = load_config(cfg).bot.outbox
    assert outbox.for_transport("wecom") == OutboxSettings(
        WECOM_OUTBOX.interval_seconds, WECOM_OUTBOX.jitter_seconds, 3000
    )
    assert outbox.for_transport("console").interval_seconds == 5


def test_without_a_wecom_pace_the_defaults_apply(cfg):  # noqa: F811
    set_section(cfg, "outbox", "outbox:\n  interval_seconds: 5")
    assert load_config(cfg).bot.outbox.for_transport("wecom") == WECOM_OUTBOX


def test_bad_wecom_values_name_the_key(cfg):  # noqa: F811
    set_section(cfg, "outbox", "outbox:\n  wecom: {interval_seconds: 快, burst: 2, daily_cap: 0}")
    set_section(cfg, "wecom", "wecom:\n  login_timeout_seconds: 0\n  token: x")
    text = problems(cfg)
    assert "bot.yaml 的 outbox.wecom.interval_seconds：应为秒数（如 3 或 0.5），实际是" in text
    assert "bot.yaml 的 outbox.wecom.burst：未知的配置项。可用：daily_cap、interval_seconds、jitter_seconds" in text
    assert "bot.yaml 的 outbox.wecom.daily_cap：应不小于 1，实际是 0" in text
    assert "bot.yaml 的 wecom.login_timeout_seconds：应不小于 1，实际是 0" in text
    assert "bot.yaml 的 wecom.token：未知的配置项。" in text


def test_both_networks_at_once_exit_2(run):
    r = run(
        WECHATY_PUPPET_SERVICE_TOKEN="t",
        WECHATY_PUPPET_SERVICE_ENDPOINT="127.0.0.1:9",
        WECOM_BOT_ID="aib1",
        WECOM_BOT_SECRET="s",
    )
    assert r.exit_code == 2
    assert (
        "同时设置了微信（WECHATY_PUPPET_SERVICE_TOKEN）和企业微信（WECOM_BOT_ID、WECOM_BOT_SECRET）的凭据" in r.output
    )


@pytest.mark.parametrize(
    "env, missing", [({"WECOM_BOT_ID": "aib1"}, "WECOM_BOT_SECRET"), ({"WECOM_BOT_SECRET": "s"}, "WECOM_BOT_ID")]
)
def test_half_the_credentials_exit_2_naming_what_is_missing(run, env, missing):
    r = run(**env)
    assert r.exit_code == 2 and f"现在缺少 {missing}" in r.output and "智能机器人" in r.output


@pytest.mark.parametrize(
    "url", ["https://openws.work.weixin.qq.com", "openws.work.weixin.qq.com", "ws://", "ws://127.0.0.1:99999"]
)
def test_a_url_that_is_not_websocket_exits_2(run, url):
    r = run(WECOM_BOT_ID="aib1", WECOM_BOT_SECRET="s", WECOM_WS_URL=url)
    assert r.exit_code == 2 and f"WECOM_WS_URL「{url}」不是 WebSocket 地址" in r.output


def test_nothing_unreachable_is_tried_without_credentials(run):
    r = run(WECOM_WS_URL="ws://127.0.0.1:9")  # an address alone does not select 企业微信
    assert r.exit_code == 0 and "使用本地控制台" in r.output
