"""`@job(...)`: the one declaration of a scheduled job, on its function: its id (the key in bot.yaml's
`schedule:`), title, default cron, which days it posts on, whether it waits for office hours, and its
parameters with their defaults (which also give their types). bot.yaml is checked against these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from bot.model.message import Outgoing
from bot.settings.schedule import JobSettings, declare

Job = Callable[..., list[Outgoing]]

RUNS: dict[str, Job] = {}  # job id → its function of (app, now)


def job(
    job_id: str,
    title: str,
    cron: Mapping[str, Any],
    *,
    days: str | None = None,
    office_hours: bool = False,
    **params: Any,
) -> Callable[[Job], Job]:
    def inner(fn: Job) -> Job:
        declare(
            JobSettings(
                job_id, title, dict(cron), days=days, params=MappingProxyType(params), office_hours=office_hours
            )
        )
        RUNS[job_id] = fn
        return fn

    return inner
