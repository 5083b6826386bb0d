"""The README documents every chat command and every scheduled job."""
from __future__ import annotations

from bot.handlers import build_registry
from bot.settings.schedule import DEFAULT_JOBS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    missing = [c.name for c in build_registry().commands if f"`{c.name}" not in README]
    assert missing == []


def test_every_scheduled_job_is_in_the_readme():
    assert [j.id for j in DEFAULT_JOBS if f"`{j.id}`" not in README] == []
