"""「重复发表的只计入最高成绩」: one item in several publications of a dedupe group counts once."""
from __future__ import annotations

from bot.ledger.facts import Draft, Entry
from bot.settings.rules import RuleSet
from bot.text import name_key


def item_key(entry: Draft) -> str | None:
    """Same item = same submission, or failing that the same title. Untitled items never merge."""
    if entry.kind != "adoption":
        return None
    if entry.submission_id is not None:
        return f"submission:{entry.submission_id}"
    if entry.title and name_key(entry.title):
        return f"title:{name_key(entry.title)}"
    return None


def superseded(adoptions: list[Entry], points: dict[int, int], rules: RuleSet) -> dict[int, int]:
    """Map each superseded adoption id to the id that counts instead (highest points, then earliest).

    All `adoptions` are of one year, scored by that year's `rules`.
    """
    groups: dict[tuple, list[Entry]] = {}
    for e in adoptions:
        group = rules.publications[e.publication].dedupe
        key = e.item_key or item_key(e)
        if group and key:
            groups.setdefault((e.date.year, group, e.unit, key), []).append(e)
    losers: dict[int, int] = {}
    for members in groups.values():
        best = max(members, key=lambda e: (points[e.id], -e.date.toordinal(), -e.id))
        losers.update({e.id: best.id for e in members if e is not best})
    return losers
