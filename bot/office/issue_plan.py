"""What an issue's contents must look like, and the adoptions publishing it records."""
from __future__ import annotations

from bot.common.errors import EntryError
from bot.model.issues import ROUNDUP, SPECIAL, IssueView, Item, Slot, Spec

MAX_ITEMS = 60


def check_shape(specs: list[Spec]) -> None:
    """Each grade in its own shape: 综合 joins several, the others stand alone, 专期 is the whole issue."""
    total = sum(len(s.ids) for s in specs)
    if any(s.grade == SPECIAL for s in specs) and total > 1:
        raise EntryError(f"专期是整期刊发一个单位的一条信息，只能有一条报送；本期共 {total} 条。"
                         "多条请用 单条、综合、简讯 组刊。")
    for s in specs:
        joined = "+".join(str(i) for i in s.ids)
        if s.grade == ROUNDUP and len(s.ids) < 2:
            raise EntryError(f"综合须由两条以上报送用 + 连成一篇，如 综合 20+21+22；报送 #{s.ids[0]} 单独成篇"
                             "请用 单条 或 简讯。")
        if s.grade != ROUNDUP and len(s.ids) > 1:
            raise EntryError(f"「{s.grade} {joined}」：用 + 连成一篇的只能是综合（综合 {joined}）；"
                             f"各自成篇请用空格分开（{s.grade} {joined.replace('+', ' ')}）。")
    seen: set[int] = set()
    for i in (i for s in specs for i in s.ids):
        if i in seen:
            raise EntryError(f"报送 #{i} 在本期出现了两次，每条报送只能用一次。")
        seen.add(i)
    if total > MAX_ITEMS:
        raise EntryError(f"一期最多 {MAX_ITEMS} 条报送，本期有 {total} 条。")


def credits(view: IssueView) -> list[tuple[Slot, tuple[Item, ...]]]:
    """The adoptions an issue records, in print order: one per item, except that a 综合 credits each unit
    once however many of its items the article joins (「每个单位都记综合」)."""
    plan: list[tuple[Slot, tuple[Item, ...]]] = []
    for slot in view.slots:
        groups: dict[object, tuple[Item, ...]] = {}
        for item in slot.items:
            key = item.unit if slot.grade == ROUNDUP else item.id
            groups[key] = (*groups.get(key, ()), item)
        plan += [(slot, items) for items in groups.values()]
    return plan
