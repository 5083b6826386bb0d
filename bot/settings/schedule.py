"""The `schedule:` section of bot.yaml: which jobs run when, with their parameters."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time
from types import MappingProxyType
from collections.abc import Mapping
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from bot.common.clock import TZ
from bot.common.workdays import WorkCalendar
from bot.settings.reader import YamlFile

CRON_FIELDS = {
    "month": "月 1-12",
    "day": "日 1-31",
    "day_of_week": "星期 mon-sun 或 0-6",
    "hour": "时 0-23",
    "minute": "分 0-59",
}
DAYS = {"all": "每次都发", "workdays": "只在工作日发", "first_workday": "只在当月第一个工作日发"}


@dataclass(frozen=True)
class JobSettings:
    id: str
    title: str
    cron: Mapping[str, Any]
    enabled: bool = True
    days: str | None = None  # None: a check, not a post for a period; it takes no `days`
    params: Mapping[str, Any] = field(default_factory=dict)
    office_hours: bool = False  # its posts reach the group or units' leaders: never outside office hours

    def trigger(self) -> CronTrigger:
        """Always with an explicit timezone: a bare CronTrigger runs 8 hours off on a UTC host."""
        return CronTrigger(timezone=TZ, **self.cron)


# Every job, as its `@job(...)` declaration (bot/jobs/declare.py) gave it: the schedule in bot.yaml is
# checked against these and fills in from them. Filled when bot.jobs is imported (bot/app.py, the CLI and the doctor do).
DECLARED: dict[str, JobSettings] = {}


def declare(job: JobSettings) -> None:
    if job.id in DECLARED:
        raise ValueError(f"job {job.id!r} is declared twice")
    DECLARED[job.id] = job


def declared_jobs() -> Mapping[str, JobSettings]:
    if not DECLARED:
        raise RuntimeError(
            "no job is declared: import bot.jobs before reading the config (bot.app, the CLI and the doctor do)"
        )
    return MappingProxyType(dict(DECLARED))


@dataclass(frozen=True)
class OfficeHours:
    """When the bot may post to the group: a post due outside waits for the next working morning."""

    start: time = time(8, 0)
    end: time = time(20, 0)
    days: str = "workdays"  # or "all"

    def contains(self, moment: datetime, calendar: WorkCalendar) -> bool:
        """A year the calendar does not cover counts Monday–Friday (a post waits a day, never forever)."""
        if not self.start <= moment.time() < self.end:
            return False
        return self.days == "all" or calendar.guessing().is_workday(moment.date())


OFFICE_DAYS = {"workdays": "只在工作日（按国家法定节假日和调休）", "all": "每天"}


@dataclass(frozen=True)
class Schedule:
    jobs: Mapping[str, JobSettings] = field(default_factory=declared_jobs)

    def job(self, job_id: str) -> JobSettings:
        return self.jobs[job_id]

    def param(self, job_id: str, name: str) -> Any:
        return self.jobs[job_id].params[name]

    def enabled(self) -> list[JobSettings]:
        return [j for j in self.jobs.values() if j.enabled]


def parse_schedule(f: YamlFile, raw: object) -> Schedule:
    """bot.yaml's `schedule:` checked against the declared jobs; a job it leaves out keeps its declaration."""
    jobs = dict(declared_jobs())
    if raw is None:
        return Schedule(MappingProxyType(jobs))
    for job_id, value in f.mapping(raw, "schedule").items():
        path = f"schedule.{job_id}"
        if job_id not in jobs:
            f.problem(path, f"未知的定时任务。可用：{'、'.join(jobs)}")
            continue
        jobs[job_id] = _parse_job(f, jobs[job_id], f.mapping(value or {}, path), path)
    return Schedule(MappingProxyType(jobs))


def parse_office_hours(f: YamlFile, raw: object, path: str = "office_hours") -> OfficeHours:
    m = f.mapping(raw or {}, path)
    f.unknown_keys(m, {"start", "end", "days"}, path)
    hours = OfficeHours()
    start = _parse_time(f, m["start"], f"{path}.start") if "start" in m else hours.start
    end: time | None
    if "end" in m and str(m["end"]).strip() in ("24:00", "1440"):  # until midnight
        end = time.max
    else:
        end = _parse_time(f, m["end"], f"{path}.end") if "end" in m else hours.end
    days = m.get("days", hours.days)
    if days not in OFFICE_DAYS:
        f.problem(
            f"{path}.days", f"未知取值「{days}」。可用：" + "、".join(f"{k}（{v}）" for k, v in OFFICE_DAYS.items())
        )
        days = hours.days
    if start and end and start >= end:
        f.problem(path, f"开始时间 {start:%H:%M} 应早于结束时间 {end:%H:%M}")
        return hours
    return OfficeHours(start or hours.start, end or hours.end, days)


def _parse_job(f: YamlFile, default: JobSettings, m: dict, path: str) -> JobSettings:
    allowed = {"enabled", "cron", *default.params} | ({"days"} if default.days else set())
    f.unknown_keys(m, allowed, path)
    job = default
    if "enabled" in m:
        if isinstance(m["enabled"], bool):
            job = replace(job, enabled=m["enabled"])
        else:
            f.problem(f"{path}.enabled", "应为 true 或 false")
    if "cron" in m:
        cron = _parse_cron(f, m["cron"], f"{path}.cron")
        if cron:
            job = replace(job, cron=cron)
    if "days" in m and default.days:
        if m["days"] in DAYS:
            job = replace(job, days=m["days"])
        else:
            f.problem(
                f"{path}.days", f"未知取值「{m['days']}」。可用：" + "、".join(f"{k}（{v}）" for k, v in DAYS.items())
            )
    params = dict(default.params)
    for name, value in m.items():
        if name in default.params:
            parsed = _parse_param(f, default.params[name], value, f"{path}.{name}")
            if parsed is not None:
                params[name] = parsed
    return replace(job, params=MappingProxyType(params))


def _parse_cron(f: YamlFile, raw: object, path: str) -> dict | None:
    m = f.mapping(raw, path)
    valid = "、".join(f"{k}（{v}）" for k, v in CRON_FIELDS.items())
    unknown = [k for k in m if k not in CRON_FIELDS]
    if unknown:
        f.problem(f"{path}.{unknown[0]}", f"未知的定时字段。可用：{valid}")
        return None
    if not m:
        f.problem(path, f"至少填写一个定时字段：{valid}")
        return None
    if any(isinstance(v, (bool, dict, list)) or v is None for v in m.values()):
        f.problem(path, f'定时字段应为数字或 cron 写法的文字，如 hour: 9、minute: "*/5"。字段：{valid}')
        return None
    fields = {k: v if isinstance(v, int) else str(v) for k, v in m.items()}
    try:
        CronTrigger(timezone=TZ, **fields)
    except (ValueError, TypeError) as exc:
        f.problem(path, f'定时设置无效（{exc}）。字段：{valid}，写法同 cron，如 minute: "*/5"、day_of_week: fri')
        return None
    return fields


def _parse_param(f: YamlFile, default: Any, value: object, path: str) -> Any:
    if isinstance(default, time):
        return _parse_time(f, value, path)
    return f.number(value, path, minimum=1)


def _parse_time(f: YamlFile, value: object, path: str) -> time | None:
    # Unquoted 18:00 is a base-60 integer (1080) to YAML 1.1; take it as the time it was meant to be.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(*divmod(value, 60))
    text = str(value).strip()
    parts = text.split(":")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        hour, minute = int(parts[0]), int(parts[1])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    f.problem(path, f'时间应写成 "时:分"，如 "18:00"，实际是「{value}」')
    return None
