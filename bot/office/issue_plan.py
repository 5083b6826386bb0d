"""What an issue may hold (its shape; submissions that exist, in no other issue of the publication, sent before
it is published), and the adoptions publishing it records."""

from __future__ import annotations

from datetime import date, datetime

from bot.common.errors import EntryError, Step
from bot.model.issues import ROUNDUP, SPECIAL, STATUS, IssueView, Item, Slot, Spec, issue_label, masthead
from bot.store import Store

MAX_ITEMS = 60


class IssueStateError(EntryError):
    """The issue is not in a state for this; the usage line would not help."""

    show_usage = False


def check_shape(specs: list[Spec]) -> None:
    """Each grade in its own shape: 综合 joins several, the others stand alone, 专期 is the whole issue."""
    total = sum(len(s.ids) for s in specs)
    if any(s.grade == SPECIAL for s in specs) and total > 1:
        raise EntryError(
            f"专期是整期刊发一个单位的一条信息，只能有一条报送；本期共 {total} 条。多条请用 单条、综合、简讯 组刊。"
        )
    for s in specs:
        joined = "+".join(str(i) for i in s.ids)
        if s.grade == ROUNDUP and len(s.ids) < 2:
            raise EntryError(
                f"综合须由两条以上报送用 + 连成一篇，如 综合 20+21+22；报送 #{s.ids[0]} 单独成篇请用 单条 或 简讯。"
            )
        if s.grade != ROUNDUP and len(s.ids) > 1:
            raise EntryError(
                f"「{s.grade} {joined}」：用 + 连成一篇的只能是综合（综合 {joined}）；"
                f"各自成篇请用空格分开（{s.grade} {joined.replace('+', ' ')}）。"
            )
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


def units_of(store: Store, ids: list[int]) -> dict[int, str]:
    """The unit of each submission; every one must exist."""
    rows = {i: store.submission(i) for i in ids}
    missing = [f"#{i}" for i, r in rows.items() if r is None]
    if missing:
        raise EntryError(f"没有报送 {'、'.join(missing)}。", Step("inbox"))
    return {i: r["unit"] for i, r in rows.items() if r is not None}


def check_free(store: Store, publication: str, number: int, ids: list[int]) -> None:
    """A submission goes into one issue of a publication, and is adopted by it once."""
    problems = [
        f"报送 #{sid} 已在{issue_label(publication, n)}（{STATUS[status]}）"
        for sid, n, status in store.issues.holding(publication, ids)
        if n != number
    ]
    problems += [
        f"报送 #{a.submission_id} 已登记为{masthead(publication)}采用（#{a.id}{' ' + a.issue if a.issue else ''}）"
        for a in store.adoptions_of(ids)
        if a.publication == publication
    ]
    if problems:
        raise IssueStateError("；".join(problems) + "。同一刊物不能重复采用同一条报送，请从本期去掉。")


def check_date(store: Store, view: IssueView, on: date) -> None:
    """An issue cannot be published before the items in it were sent (like an adoption)."""
    for _, item in view.items:
        row = store.submission(item.submission_id)
        sent = datetime.fromisoformat(row["at"]).date() if row else on
        if on < sent:
            raise EntryError(
                f"刊发日期 {on:%Y年%-m月%-d日} 早于报送 #{item.submission_id} 的报送日期 "
                f"{sent:%Y年%-m月%-d日}，请核对日期。"
            )
