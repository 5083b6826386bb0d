"""《紧急信息报送承诺书》: when a unit's principal leader changes, the unit signs within N working days.

「单位主要领导调整，15个工作日内要主动向区委、区政府签订《紧急信息报送承诺书》。」 `/领导调整` starts the
clock (working days by the official calendar, as for liaison changes), `/承诺书` closes it; the daily
check reminds the unit's liaisons a few working days before the deadline and lists overdue units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.common.clock import Clock
from bot.common.workdays import WorkdayError
from bot.common.errors import EntryError, Step
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.store import Store

JOB = "pledges"


@dataclass(frozen=True)
class Pledge:
    id: int
    unit: str
    changed_on: date
    due: date
    signed_on: date | None = None
    signed_by: str | None = None

    def describe(self) -> str:
        return (
            f"{self.unit}主要领导于 {self.changed_on:%Y年%-m月%-d日} 调整，"
            f"须在 {self.due:%-m月%-d日}（含）前签订《紧急信息报送承诺书》"
        )


class Pledges:
    def __init__(self, config: Config, store: Store, clock: Clock):
        self.config = config
        self.store = store
        self.clock = clock

    @property
    def workdays(self) -> int:
        return self.config.bot.schedule.param(JOB, "workdays")

    @property
    def remind_before(self) -> int:
        return self.config.bot.schedule.param(JOB, "remind_before")

    def _unit(self, given: str, on: date) -> str:
        try:
            return self.config.units.resolve(given, on.year).name
        except UnknownName as exc:
            raise EntryError(str(exc)) from None

    def start(self, unit: str, changed_on: date, by: str) -> Pledge:
        name = self._unit(unit, changed_on)
        try:
            due = self.config.calendar.add_workdays(changed_on, self.workdays)
        except WorkdayError as exc:
            raise EntryError(str(exc)) from None
        with self.store.atomic():
            open_ = self.store.open_pledges(name)
            if open_:
                earlier = _pledge(open_[0])
                raise EntryError(f"{earlier.describe()}，尚未签订。", Step("sign_pledge_first", (name,)))
            new_id = self.store.add_pledge(
                {
                    "unit": name,
                    "changed_on": changed_on.isoformat(),
                    "due": due.isoformat(),
                    "started_by": by,
                    "started_at": self.clock.now().isoformat(),
                }
            )
        return Pledge(new_id, name, changed_on, due)

    def sign(self, unit: str, on: date, by: str) -> list[Pledge]:
        name = self._unit(unit, on)
        with self.store.atomic():
            open_ = [_pledge(r) for r in self.store.open_pledges(name)]
            if not open_:
                raise EntryError(f"{name}没有待签订的承诺书。", Step("start_pledge", (name,)))
            latest = max(p.changed_on for p in open_)
            if on < latest:
                raise EntryError(
                    f"签订日期 {on:%Y年%-m月%-d日} 早于{name}主要领导调整日期 {latest:%Y年%-m月%-d日}，"
                    "承诺书应由调整后的主要领导签订。请核对日期（不写日期即今天）。"
                )
            self.store.sign_pledges(name, on.isoformat(), by)
        return [Pledge(p.id, p.unit, p.changed_on, p.due, on) for p in open_]

    def get(self, pledge_id: int) -> Pledge | None:
        row = self.store.pledge(pledge_id)
        return _pledge(row) if row else None

    def remind_on(self, p: Pledge) -> date:
        """The working day `remind_before` working days before the deadline."""
        return self.config.calendar.add_workdays(p.changed_on, max(0, self.workdays - self.remind_before))

    def open(self) -> list[Pledge]:
        return [_pledge(r) for r in self.store.open_pledges()]

    def to_remind(self, today: date) -> list[Pledge]:
        return [p for p in self.open() if self.remind_on(p) <= today <= p.due]

    def overdue(self, today: date) -> list[Pledge]:
        return [p for p in self.open() if p.due < today]


def _pledge(row: dict) -> Pledge:
    signed = row["signed_on"]
    return Pledge(
        row["id"],
        row["unit"],
        date.fromisoformat(row["changed_on"]),
        date.fromisoformat(row["due"]),
        date.fromisoformat(signed) if signed else None,
        row.get("signed_by"),
    )
