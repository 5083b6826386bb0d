"""The README documents every chat command and every scheduled job."""
from __future__ import annotations

import re

from bot.handlers import build_registry
from bot.handlers.docs import FILES, rendered
from bot.settings.schedule import DEFAULT_JOBS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    commands = build_registry().commands
    missing = [c.name for c in commands if not re.search(rf"`{re.escape(c.name)}[` <（]", README)]
    assert missing == []


def test_every_scheduled_job_is_in_the_readme():
    assert [j.id for j in DEFAULT_JOBS if f"`{j.id}`" not in README] == []


def test_the_command_tables_are_generated_from_the_registry():
    """README.md's and docs/'s tables are what `python -m bot.handlers.docs` writes (run it after changing a command)."""
    registry = build_registry()
    checked = []
    for name in FILES:
        path = ROOT / name
        if path.exists():
            text = path.read_text("utf-8")
            assert rendered(text, registry) == text, f"{name}: run `python -m bot.handlers.docs`"
            checked.append(name)
    assert "docs/commands.md" in checked
    commands_md = (ROOT / "docs" / "commands.md").read_text("utf-8")
    assert [c.name for c in registry.commands if f"`{c.usage.replace('|', chr(92) + '|')}`" not in commands_md] == []


def test_a_stale_table_is_seen():
    stale = "<!-- 命令表:管理员 -->\n| `/采用` | 旧的说明 |\n<!-- /命令表 -->\n"
    fresh = rendered(stale, build_registry())
    assert fresh != stale and "`/组刊 " in fresh and "`#报送 " not in fresh
