"""The count of typed commands (bench/desk_typing.py) names only work the desk really does: every desk action is a
route or a record form of the desk, every chat command one the bot has."""

from __future__ import annotations

from bench.desk_typing import WORK, half_year, per_year
from bot.web import records
from bot.web.writes import Writes, write_routes
from tests.conftest import ROOT


def test_every_desk_action_exists(bot):
    desk = Writes(bot.app.office)
    posts = {f"POST {r.path}" for r in write_routes(desk) if "POST" in (r.methods or ())}
    slugs = {f"record:{f.slug}" for f in records.forms(bot.app.office, 2019)}
    for w in WORK:
        assert w.desk in posts | slugs, w
    # the record forms stand for every chat command of their row
    titles = {f.title for f in records.forms(bot.app.office, 2019)}
    assert {"领导调整", "承诺书", "扣分", "撤销", "批示", "培训", "优质", "优秀调研", "采用"} <= titles


def test_every_chat_command_exists():
    listed = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for w in WORK:
        for command in w.command.split():
            assert f"`{command}" in listed, command


def test_the_counts():
    assert per_year()["chat_typed"] == 750 and per_year()["desk_typed"] <= 150
    h = half_year()
    assert h["desk_typed"] < h["chat_typed"] and h["desk_clicks"] > 0
