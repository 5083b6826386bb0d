"""One `@job(...)` declaration per job (bot/jobs/declare.py): the settings check bot.yaml against it and fill
in from it, the runner and the office-hours rule read it, and a new job is one decorated function."""

from __future__ import annotations

import shutil
from datetime import time

import pytest
import yaml

from bot.jobs import JOBS
from bot.jobs.declare import job
from bot.settings import ConfigError, load_config
from bot.settings.schedule import DECLARED, declared_jobs
from tests.conftest import CONFIG_DIR


def test_every_declared_job_runs_and_every_run_is_declared():
    assert list(JOBS) == list(declared_jobs())
    assert {j for j, s in declared_jobs().items() if s.office_hours} == {
        "monthly_bulletin",
        "weekly_quota",
        "quarterly",
        "research_reminders",
        "pledges",
    }


def test_a_job_left_out_of_bot_yaml_keeps_its_declaration(tmp_path):
    cfg = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, cfg)
    path = cfg / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["schedule"]["solicitation_deadlines"]
    data["schedule"]["daily_backup"] = {"keep": "many"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:  # the parameter's type comes from the declaration's default
        load_config(cfg)
    assert "schedule.daily_backup.keep" in str(caught.value)
    data["schedule"]["daily_backup"] = {"keep": 3}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    schedule = load_config(cfg).bot.schedule
    assert schedule.param("solicitation_deadlines", "default_time") == time(18, 0)
    assert schedule.param("daily_backup", "keep") == 3 and list(schedule.jobs) == list(declared_jobs())


def test_a_new_job_is_one_declaration(tmp_path):
    @job("test_only_job", "测试任务", {"hour": 7}, office_hours=True, limit=2)
    def test_only_job(app, now):
        return []

    try:
        cfg = tmp_path / "config"
        shutil.copytree(CONFIG_DIR, cfg)
        schedule = load_config(cfg).bot.schedule  # bot.yaml does not name it: its declaration stands
        assert schedule.job("test_only_job").office_hours and schedule.param("test_only_job", "limit") == 2
        assert JOBS["test_only_job"] is test_only_job
        with pytest.raises(ValueError):
            job("test_only_job", "又一个", {"hour": 8})(test_only_job)
    finally:
        DECLARED.pop("test_only_job", None)
        JOBS.pop("test_only_job", None)
