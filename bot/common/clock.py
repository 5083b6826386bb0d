"""Time is injected: production reads the system clock, tests pass a fixed one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(TZ)


@dataclass
class FixedClock:
    """A clock that only moves when told to; aware datetimes in Asia/Shanghai."""

    current: datetime

    def __post_init__(self) -> None:
        self.current = as_local(self.current)

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = as_local(when)


def as_local(when: datetime) -> datetime:
    """Naive datetimes are taken as Beijing time; aware ones are converted."""
    if when.tzinfo is None:
        return when.replace(tzinfo=TZ)
    return when.astimezone(TZ)


def sent_time(stamp: object, now: datetime) -> datetime:
    """When a chat network says a message was sent (Unix seconds or milliseconds), never later than now.
    After an outage a backlog arrives late, and a 约稿 answer or a 紧急 report must keep its real time."""
    if isinstance(stamp, bool) or not isinstance(stamp, (int, float)) or stamp <= 0:
        return now
    seconds = stamp / 1000 if stamp > 2145888000 else stamp  # some networks send milliseconds
    return min(datetime.fromtimestamp(seconds, tz=TZ), now)
