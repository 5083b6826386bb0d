"""信息员变动: when a unit loses its last liaison, it has N working days to bind a new one, or −3.

Derived from the bindings table alone (confirmed/ended/requested times), so nothing extra is stored
until a deduction is proposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.settings import Config
from bot.settings.rules import LIAISON_CHANGE_LATE
from bot.store import Store
from bot.common.workdays import WorkdayError

KIND = LIAISON_CHANGE_LATE


@dataclass(frozen=True)
class LiaisonChange:
    binding_id: int
    contact_id: str
    contact_name: str
    unit: str
    reason: str
    left_at: datetime
    deadline: date  # the last working day to bind a new liaison

    @property
    def source(self) -> str:
        return f"liaison:{self.binding_id}"

    def describe(self) -> str:
        return (
            f"{self.unit}的信息员 {self.contact_name} 于 {self.left_at:%-m月%-d日} {self.reason}，"
            f"应在 {self.deadline:%-m月%-d日}（含）前绑定新的信息员"
        )


class LiaisonChanges:
    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store

    @property
    def workdays(self) -> int:
        return self.config.bot.schedule.param("liaison_changes", "workdays")

    def change_for(self, binding: dict) -> LiaisonChange | None:
        """The change an ended binding started; None when the unit still had another liaison."""
        unit = binding["unit"]
        left_at = datetime.fromisoformat(binding["ended_at"])
        configured = next((u for u in self.config.units if u.name == unit), None)
        if configured is None or configured.liaisons:
            return None  # a unit no longer configured; or liaisons named in units.yaml, always bound
        for other in self.store.bindings_of(unit):
            if other["id"] != binding["id"] and _active_at(other, left_at):
                return None
        deadline = self.config.calendar.add_workdays(left_at.date(), self.workdays)
        return LiaisonChange(
            binding["id"],
            binding["contact_id"],
            binding["contact_name"] or binding["contact_id"],
            unit,
            binding["ended_reason"] or "解除绑定",
            left_at,
            deadline,
        )

    def points(self, on: date) -> int:
        return self.config.rules.for_year(on.year).deductions[KIND].points

    def notice_for(self, binding_id: int) -> str | None:
        """What admins are told when a liaison's binding ends; None when the unit still has a liaison."""
        binding = self.store.binding(binding_id)
        if binding is None:
            raise KeyError(binding_id)  # callers pass a binding they just ended
        try:
            change = self.change_for(binding)
        except WorkdayError as exc:
            return f"{binding['unit']}的信息员 {binding['contact_name'] or binding['contact_id']} 已解除绑定。{exc}"
        if change is None:
            return None
        return f"{change.describe()}，逾期将提议扣 {self.points(change.deadline)} 分（{KIND}）。"

    def overdue(self, now: datetime) -> list[LiaisonChange]:
        """Changes whose deadline has passed with no new liaison asked for in time."""
        found = []
        for binding in self.store.ended_liaisons():
            change = self.change_for(binding)
            if change is None:
                continue
            end = datetime.combine(change.deadline + timedelta(days=1), time(0), tzinfo=now.tzinfo)
            if now >= end and not self._replaced(change, end):
                found.append(change)
        return found

    def _replaced(self, change: LiaisonChange, end: datetime) -> bool:
        """A new binding asked for before the end of the deadline (confirmed, or still awaiting an admin)."""
        for b in self.store.bindings_of(change.unit):
            if b["id"] == change.binding_id or datetime.fromisoformat(b["requested_at"]) >= end:
                continue
            abandoned = b["confirmed_at"] is None and b["ended_at"] is not None
            ended_before = b["ended_at"] is not None and datetime.fromisoformat(b["ended_at"]) <= change.left_at
            if not abandoned and not ended_before:
                return True
        return False


def _active_at(binding: dict, moment: datetime) -> bool:
    confirmed, ended = binding["confirmed_at"], binding["ended_at"]
    return (
        confirmed is not None
        and datetime.fromisoformat(confirmed) <= moment
        and (ended is None or datetime.fromisoformat(ended) > moment)
    )
