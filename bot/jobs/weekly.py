"""Weekly quota reminder (每周报送提醒): units below this week's quota, with their liaisons @-mentioned."""

from __future__ import annotations

from bot.chat.hints import hint
from bot.common.errors import Step
from bot.model.message import Outgoing
from bot.jobs.due import latest_due
from bot.office.submissions import week_start
from bot.jobs.declare import job


# The webhook takes a text of at most 2048 bytes (docs/wecom-delivery.md); 「@张三」 names written in front of the
# text where there is no webhook, and the 「n/m」 counter, fit in the margin.
POST_BYTES = 1500


@job(
    "weekly_quota", "每周报送提醒", {"day_of_week": "fri", "hour": 15, "minute": 0}, days="workdays", office_hours=True
)
def weekly_quota(app, now) -> list[Outgoing]:
    due = latest_due(app.config.bot.schedule.job("weekly_quota"), week_start(now), now, app.config.calendar)
    if due is None:
        return []
    year, week, _ = due.isocalendar()
    key = f"weekly:{year}-W{week:02d}"
    if app.office.notices.posted(key):
        return []
    start = week_start(now)
    if not any(count for _, count, _ in app.office.submissions.week_progress(now)):
        # Nothing at all this week: a first start, or items that came by mail not yet recorded.
        return app.office.notices.held_back(
            f"每周报送提醒（{start:%-m月%-d日}起的一周）",
            "本周还没有任何单位的报送记录，提醒会点名全部单位。" + hint(Step("record_for_unit")),
            key,
        )
    behind = [(unit, count, quota) for unit, count, quota in app.office.submissions.week_progress(now) if count < quota]
    head = f"【每周报送提醒】本周（{start:%-m月%-d日}起，截至{now:%-m月%-d日 %H:%M}）"
    if not behind:
        return app.office.notices.post(
            [(app.office.notices.to_group(head + "各单位均已完成每周报送任务，谢谢大家！"), key)]
        )
    posts = _by_category(app, behind, head, now.year)
    return app.office.notices.post((post, key if i == 0 else f"{key}:{i + 1}") for i, post in enumerate(posts))


def _by_category(app, behind: list[tuple[str, int, int]], head: str, year: int) -> list[Outgoing]:
    """One post per category (镇, 街道办, 管委会, 部门…), each @-mentioning only its own units' liaisons; a category
    whose list would pass POST_BYTES is split, so every post is one webhook text (documented limit 2048 bytes)."""
    quotas = app.config.rules.for_year(year).weekly_quota
    category = {u.name: u.category for u in app.config.units}
    order = list(dict.fromkeys([*quotas, *category.values()]))
    groups: dict[str, list[tuple[str, int, int]]] = {}
    for row in sorted(behind, key=lambda r: order.index(category[r[0]])):
        groups.setdefault(category[row[0]], []).append(row)
    texts = []
    for cat, rows in groups.items():
        texts += [(cat, part) for part in _parts(rows, lambda part: _text(head, cat, part, quotas, len(rows), "99/99"))]
    posts = []
    for n, (cat, part) in enumerate(texts, start=1):
        text = _text(head, cat, part, quotas, len(groups[cat]), f"{n}/{len(texts)}" if len(texts) > 1 else "")
        mentions = [cid for unit, _, _ in part for cid in app.office.members.liaisons_of(unit)]
        posts.append(app.office.notices.to_group(text, mentions=mentions))
    return posts


def _parts(rows: list, render) -> list[list]:
    """`rows` in runs whose rendered text stays within POST_BYTES (at least one row each)."""
    parts: list[list] = [[]]
    for row in rows:
        if parts[-1] and len(render(parts[-1] + [row]).encode()) > POST_BYTES:
            parts.append([])
        parts[-1].append(row)
    return parts


def _text(
    head: str, category: str, rows: list[tuple[str, int, int]], quotas: dict[str, int], total: int, counter: str
) -> str:
    quota = f"，每周 {quotas[category]} 条" if category in quotas else ""
    if counter:
        head = head.replace("【每周报送提醒】", f"【每周报送提醒 {counter}】", 1)
    return "\n".join(
        [
            head + f"{category}尚未完成每周报送任务的单位（{total} 个{quota}）：",
            "、".join(f"{unit} {count}/{q}" for unit, count, q in rows),
            "请以上单位的信息员抓紧报送。",
        ]
    )
