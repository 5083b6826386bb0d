"""Per-conversation budgets: at most N message frames in any sliding window (企业微信: 30 a minute and 1000 an
hour per conversation, replies and pushes together; uploads 30 a minute and 1000 an hour; a group webhook 20 a
minute). The defaults stay safely under those (bot/settings/delivery.py); what is over the budget waits its
turn instead of being refused. What was spent is kept in the database, so a restart does not burst."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Window:
    count: int  # at most this many frames
    seconds: float  # in any span of this length


class Budget:
    def __init__(self, store, windows: Callable[[str], tuple[Window, ...]]):
        """`windows(name)`: the windows of a budget (a conversation's id, 'upload', 'webhook')."""
        self.store = store
        self.windows = windows

    def wait(self, costs: Mapping[str, int], now: datetime) -> float:
        """Seconds until every budget has room for its cost (0: send now)."""
        longest = 0.0
        for name, cost in costs.items():
            for window in self.windows(name):
                need = min(cost, window.count)
                times = self.store.spent_since(name, now - timedelta(seconds=window.seconds))
                over = len(times) + need - window.count
                if over > 0:
                    frees_at = times[over - 1] + timedelta(seconds=window.seconds)
                    longest = max(longest, (frees_at - now).total_seconds() + 0.001)
        return longest

    def room(self, name: str, now: datetime) -> int:
        """How many frames `name` may still send now (the tightest of its windows)."""
        return min(
            (
                w.count - len(self.store.spent_since(name, now - timedelta(seconds=w.seconds)))
                for w in self.windows(name)
            ),
            default=1 << 30,
        )

    def spend(self, costs: Mapping[str, int], now: datetime) -> None:
        for name, cost in costs.items():
            if cost > 0:
                self.store.spend(name, now, cost)
        longest = max((w.seconds for name in costs for w in self.windows(name)), default=0)
        self.store.forget_spent(now - timedelta(seconds=max(longest, 3600) + 60))
