"""「重复发表的只计入最高成绩」: one item in several publications of a dedupe group counts once."""

from __future__ import annotations

from bot.model.facts import Draft, Entry
from bot.settings.rules import RuleSet, rule
from bot.common.text import name_key


def title_key(entry: Draft) -> str | None:
    """An adoption's title as the dedupe rule compares it (spacing, width and 《》 ignored)."""
    if entry.kind != "adoption" or not entry.title:
        return None
    return name_key(entry.title) or None


def _identities(entry: Entry) -> list[str]:
    """Two adoptions are the same item if they share a submission or a title."""
    ids = [f"submission:{entry.submission_id}"] if entry.submission_id is not None else []
    title = title_key(entry)
    return ids + ([f"title:{title}"] if title else [])


def superseded(adoptions: list[Entry], points: dict[int, int], rules: RuleSet) -> dict[int, int]:
    """Map each superseded adoption id to the id that counts instead (highest points, then earliest).

    All `adoptions` are of one year, scored by that year's `rules`. Untitled adoptions with no
    submission never merge.
    """
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}  # (dedupe group, unit, identity) → an adoption id holding it
    by_id = {}
    for e in adoptions:
        group = rule(rules.publications, e.publication).dedupe
        identities = _identities(e)
        if not group or not identities:
            continue
        parent[e.id] = e.id
        by_id[e.id] = e
        for identity in identities:
            key = (group, e.unit, identity)
            if key in owner:
                parent[root(e.id)] = root(owner[key])
            else:
                owner[key] = e.id
    items: dict[int, list[Entry]] = {}
    for i, e in by_id.items():
        items.setdefault(root(i), []).append(e)
    losers: dict[int, int] = {}
    for members in items.values():
        best = max(members, key=lambda e: (points[e.id], -e.date.toordinal(), -e.id))
        losers.update({e.id: best.id for e in members if e is not best})
    return losers
