"""bot.yaml's `schedule:`: defaults, overrides, and Chinese errors that name the key and what is valid."""

from __future__ import annotations

from datetime import time

import pytest

from bot.settings import ConfigError, load_config

JOB_IDS = [
    "monthly_bulletin",
    "weekly_quota",
    "quarterly",
    "solicitation_deadlines",
    "liaison_changes",
    "daily_backup",
    "research_reminders",
    "research_proposals",
    "pledges",
    "loose_files",
]


def set_schedule(cfg, text: str) -> None:
    path = cfg / "bot.yaml"
    body = path.read_text(encoding="utf-8")
    path.write_text(body[: body.index("schedule:")] + text, encoding="utf-8")


def problems(cfg) -> str:
    with pytest.raises(ConfigError) as err:
        load_config(cfg)
    return str(err.value)


def test_shipped_schedule(config):
    schedule = config.bot.schedule
    assert list(schedule.jobs) == JOB_IDS
    assert [j.id for j in schedule.enabled()] == JOB_IDS
    assert schedule.job("monthly_bulletin").cron == {"hour": 9, "minute": 0}
    assert schedule.job("monthly_bulletin").days == "first_workday"
    assert schedule.job("weekly_quota").cron == {"day_of_week": "fri", "hour": 15, "minute": 0}
    assert schedule.param("quarterly", "top") == 5
    assert schedule.param("solicitation_deadlines", "default_time") == time(18, 0)
    assert schedule.param("liaison_changes", "workdays") == 3


def test_a_missing_section_or_job_uses_the_defaults(cfg):
    set_schedule(
        cfg, "schedule:\n  quarterly: {top: 3, enabled: false}\n  solicitation_deadlines: {default_time: 17:30}\n"
    )
    schedule = load_config(cfg).bot.schedule
    assert schedule.param("quarterly", "top") == 3 and not schedule.job("quarterly").enabled
    assert schedule.param("solicitation_deadlines", "default_time") == time(17, 30)  # unquoted is fine
    assert schedule.job("weekly_quota").cron == {"day_of_week": "fri", "hour": 15, "minute": 0}
    set_schedule(cfg, "")
    assert list(load_config(cfg).bot.schedule.jobs) == JOB_IDS


@pytest.mark.parametrize(
    "section,message",
    [
        (
            "  monthly: {enabled: true}",
            "bot.yaml 的 schedule.monthly：未知的定时任务。可用：monthly_bulletin、weekly_quota、quarterly、",
        ),
        (
            "  weekly_quota: {cron: {weekday: fri}}",
            "schedule.weekly_quota.cron.weekday：未知的定时字段。可用：month（月 1-12）、day（日 1-31）、",
        ),
        ("  weekly_quota: {cron: {day_of_week: friday}}", "schedule.weekly_quota.cron：定时设置无效"),
        ("  weekly_quota: {cron: {hour: 25}}", "schedule.weekly_quota.cron：定时设置无效"),
        (
            "  weekly_quota: {days: weekends}",
            "schedule.weekly_quota.days：未知取值「weekends」。可用：all（每次都发）、workdays（只在工作日发）",
        ),
        ("  weekly_quota: {enabled: 是}", "schedule.weekly_quota.enabled：应为 true 或 false"),
        (
            "  liaison_changes: {days: workdays}",
            "schedule.liaison_changes.days：未知的配置项。可用：cron、enabled、workdays",
        ),
        ("  quarterly: {top: 0}", "schedule.quarterly.top：应不小于 1，实际是 0"),
        (
            "  solicitation_deadlines: {default_time: '6点'}",
            'schedule.solicitation_deadlines.default_time：时间应写成 "时:分"，如 "18:00"，实际是「6点」',
        ),
    ],
)
def test_bad_schedule_names_file_key_and_what_is_valid(cfg, section, message):
    set_schedule(cfg, f"schedule:\n{section}\n")
    assert message in problems(cfg)
