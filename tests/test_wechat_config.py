"""bot.yaml's outbox/wechaty sections and the checks `infobot run` makes before connecting to WeChat."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.settings import ConfigError, load_config
from bot.settings.delivery import OutboxSettings, WechatySettings


def set_section(cfg, name: str, text: str) -> None:
    path = cfg / "bot.yaml"
    body = path.read_text(encoding="utf-8")
    start = body.index(f"\n{name}:")
    end = body.find("\n\n", start + 1)
    path.write_text(body[:start] + "\n" + text + (body[end:] if end != -1 else "\n"), encoding="utf-8")


def problems(cfg) -> str:
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    return str(err.value)


def test_shipped_defaults(config):
    assert replace(config.bot.outbox, wecom=None) == OutboxSettings(interval_seconds=3, jitter_seconds=1, daily_cap=500)
    assert config.bot.wechaty == WechatySettings()
    assert config.bot.wechaty.web_port == 8788


def test_fractions_and_missing_keys(cfg):
    set_section(cfg, "outbox", "outbox:\n  interval_seconds: 0.5")
    set_section(cfg, "wechaty", "wechaty: {login_timeout_seconds: 300}")
    bot = load_config(cfg).bot
    assert bot.outbox == OutboxSettings(interval_seconds=0.5, jitter_seconds=1, daily_cap=500)
    assert bot.wechaty.login_timeout_seconds == 300 and bot.wechaty.web_port == 8788


def test_bad_values_name_the_file_and_key(cfg):
    set_section(cfg, "outbox", "outbox:\n  interval_seconds: 三秒\n  daily_cap: 0\n  burst: 3")
    set_section(cfg, "wechaty", "wechaty:\n  web_port: 70000\n  login_timeout_seconds: 0")
    text = problems(cfg)
    assert "bot.yaml 的 outbox.interval_seconds：应为秒数（如 3 或 0.5），实际是" in text
    assert "bot.yaml 的 outbox.daily_cap：应不小于 1，实际是 0" in text
    assert "bot.yaml 的 outbox.burst：未知的配置项。可用：daily_cap、interval_seconds、jitter_seconds、wecom" in text
    assert "bot.yaml 的 wechaty.web_port：端口应在 1–65535 之间，实际是 70000" in text
    assert "bot.yaml 的 wechaty.login_timeout_seconds：应不小于 1，实际是 0" in text


def test_a_token_without_an_endpoint_fails_fast_with_exit_2(run):
    r = run(WECHATY_PUPPET_SERVICE_TOKEN="some_token")
    assert r.exit_code == 2
    assert "没有设置 WECHATY_PUPPET_SERVICE_ENDPOINT" in r.output and "主机:端口" in r.output


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:8788", "127.0.0.1", "127.0.0.1:99999"])
def test_a_malformed_endpoint_exits_2(run, endpoint):
    r = run(WECHATY_PUPPET_SERVICE_TOKEN="t", WECHATY_PUPPET_SERVICE_ENDPOINT=endpoint)
    assert r.exit_code == 2 and f"「{endpoint}」格式不对" in r.output


def test_a_token_that_cannot_travel_as_authority_exits_2(run):
    r = run(WECHATY_PUPPET_SERVICE_TOKEN="含空格 的令牌", WECHATY_PUPPET_SERVICE_ENDPOINT="127.0.0.1:9")
    assert r.exit_code == 2 and "只能包含字母、数字" in r.output


def test_a_busy_web_port_exits_2_naming_the_setting(run, cfg, tmp_path, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        set_section(cfg, "wechaty", f"wechaty: {{web_port: {port}}}")
        monkeypatch.setenv("WECHATY_PUPPET_SERVICE_TOKEN", "t")
        monkeypatch.setenv("WECHATY_PUPPET_SERVICE_ENDPOINT", "127.0.0.1:9")
        r = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(tmp_path / "x.db"), "run"])
    assert r.exit_code == 2 and f"本机端口 {port}（127.0.0.1）已被占用" in r.output and "wechaty.web_port" in r.output


def test_without_a_token_run_is_the_console_and_logs_to_a_file(run, tmp_path):
    r = run()
    assert r.exit_code == 0 and "未设置微信令牌" in r.output
    assert f"日志：{tmp_path / 'data' / 'logs' / 'infobot.log'}" in r.output
