"""The README documents every chat command and every scheduled job."""
from __future__ import annotations

import re

from bot.handlers import build_registry
from bot.settings.schedule import declared_jobs
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    commands = build_registry().commands
    missing = [c.name for c in commands if not re.search(rf"`{re.escape(c.name)}[` <（]", README)]
    assert missing == []


def test_every_scheduled_job_is_in_the_readme():
    assert [j for j in declared_jobs() if f"`{j}`" not in README] == []
