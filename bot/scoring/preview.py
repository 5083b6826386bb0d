"""Scoring with extra entries: how adoptions not yet recorded (an issue about to be published) would count
beside a unit's recorded ones, under 重复发表的只计入最高成绩; and what they would make no longer count."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.facts import Entry, describe
from bot.scoring.dedupe import superseded
from bot.scoring.engine import repeat_note
from bot.scoring.points import entry_points
from bot.settings.rules import RuleSet


@dataclass(frozen=True)
class Outcome:
    """An adoption as it counts: its points, or 0 and why; and the points of earlier ones it displaces."""

    entry: Entry
    points: int
    counted: bool
    note: str
    displaced: int = 0  # points of the unit's earlier adoptions that this one makes no longer count

    @property
    def net(self) -> int:
        """What the unit's score really changes by."""
        return (self.points if self.counted else 0) - self.displaced


def score_with(extra: list[Entry], recorded: list[Entry], rules: RuleSet, pending: bool = False) -> list[Outcome]:
    """Each of `extra` scored together with `recorded` (the units' other live adoptions of that year).

    `pending`: the extra entries are not recorded yet (their ids are placeholders, never shown)."""
    mine = {e.id for e in extra}
    others = [e for e in recorded if e.id not in mine]
    pool = others + extra
    points = {e.id: entry_points(e, rules) for e in pool}
    before = superseded(others, points, rules)
    after = superseded(pool, points, rules)
    by_id = {e.id: e for e in pool}
    out = []
    for e in extra:
        if e.id in after:
            winner = by_id[after[e.id]]
            out.append(Outcome(e, 0, False, repeat_note(winner, pending=pending and winner.id in mine)))
            continue
        displaced = [o for o in others if after.get(o.id) == e.id and o.id not in before]
        note = "；".join(f"#{o.id} {describe(o)} 的 {points[o.id]} 分改为不计" for o in displaced)
        out.append(Outcome(e, points[e.id], True, note, sum(points[o.id] for o in displaced)))
    return out
