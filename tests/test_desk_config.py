"""bot.yaml's web: section, the refusal to serve plain http beyond 127.0.0.1, and a port already taken."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.settings import ConfigError, load_config
from bot.settings.web import WebSettings
from bot.web.server import DeskError, bind, with_desk
from tests.conftest import CONFIG_DIR


def config_with(tmp_path: Path, web: dict):
    for f in CONFIG_DIR.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    data = yaml.safe_load((tmp_path / "bot.yaml").read_text(encoding="utf-8"))
    data["web"] = web
    (tmp_path / "bot.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(tmp_path)


def test_defaults(config):
    assert config.bot.web == WebSettings(True, "127.0.0.1", 8790, "http://127.0.0.1:8790", False)


def test_wrong_values_are_named(tmp_path):
    with pytest.raises(ConfigError) as err:
        config_with(tmp_path, {"enabled": "yes", "port": 70000, "public_url": "infobot.local", "colour": 1})
    text = str(err.value)
    for key in ("web.enabled", "web.port", "web.public_url", "colour"):
        assert key in text


@pytest.mark.parametrize(
    "settings, refused",
    [
        (WebSettings(host="127.0.0.1"), False),
        (WebSettings(host="0.0.0.0"), True),
        (WebSettings(host="0.0.0.0", public_url="https://infobot.example.gov.cn"), False),
        (WebSettings(host="10.1.2.3", allow_http=True), False),
    ],
)
def test_plain_http_beyond_this_machine_is_refused(settings, refused):
    assert (settings.binding_problem() is not None) == refused
    if refused:
        with pytest.raises(DeskError, match="allow_http"):
            bind(settings)


def test_a_port_taken_is_told_and_the_bot_runs_on(config):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        svc = type(
            "Svc", (), {"config": replace(config, bot=replace(config.bot, web=replace(config.bot.web, port=port)))}
        )()
        told, ran = [], []

        async def main():
            ran.append(True)

        asyncio.run(with_desk(svc, main, told.append))
    assert ran == [True]
    assert told and "后台未启动" in told[0] and str(port) in told[0] and "web.port" in told[0]
