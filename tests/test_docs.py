"""The docs document every chat command and every scheduled job; the README stays short."""

from __future__ import annotations

import re

from bot.chat.commands import Role
from bot.handlers import build_registry
from bot.handlers.docs import FILES, rendered
from bot.settings.schedule import declared_jobs
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
OFFICE_GUIDE = (ROOT / "docs" / "office-guide.md").read_text(encoding="utf-8")


def test_the_readme_is_short_and_links_every_doc():
    assert len(README.splitlines()) <= 120
    for doc in (
        "docs/liaison-guide.md",
        "docs/office-guide.md",
        "docs/commands.md",
        "docs/cli.md",
        "docs/deploy-wechat.md",
        "docs/deploy-wecom.md",
        "docs/architecture.md",
        "bench/RESULTS.md",
    ):
        assert f"]({doc})" in README and (ROOT / doc).exists(), doc
    assert "make run" in README and "make test" in README and 'pytest -m "not e2e"' in README


def test_every_liaison_command_is_in_the_readme_and_every_admin_command_in_the_office_guide():
    commands = build_registry().commands
    missing = [
        c.name
        for c in commands
        if not re.search(rf"`{re.escape(c.name)}[` <（]", OFFICE_GUIDE if c.role is Role.ADMIN else README)
    ]
    assert missing == []


def test_every_scheduled_job_is_in_the_office_guide():
    assert [j for j in declared_jobs() if f"`{j}`" not in OFFICE_GUIDE] == []


def test_the_command_tables_are_generated_from_the_registry():
    """README.md's and docs/'s tables are what `python -m bot.handlers.docs` writes (`make docs` after changing a command)."""
    registry = build_registry()
    checked = []
    for name in FILES:
        path = ROOT / name
        if path.exists():
            text = path.read_text("utf-8")
            assert rendered(text, registry) == text, f"{name}: run `make docs`"
            checked.append(name)
    assert "docs/commands.md" in checked
    commands_md = (ROOT / "docs" / "commands.md").read_text("utf-8")
    assert [c.name for c in registry.commands if f"`{c.usage.replace('|', chr(92) + '|')}`" not in commands_md] == []


def test_a_stale_table_is_seen():
    stale = "<!-- 命令表:管理员 -->\n| `/采用` | 旧的说明 |\n<!-- /命令表 -->\n"
    fresh = rendered(stale, build_registry())
    assert fresh != stale and "`/组刊 " in fresh and "`#报送 " not in fresh
