"""Weekly quota reminder (每周报送提醒): units below this week's quota, with their liaisons @-mentioned."""
from __future__ import annotations

from bot.chat.hints import hint
from bot.common.errors import Step
from bot.model.message import Outgoing
from bot.jobs.due import latest_due
from bot.office.submissions import week_start


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
            key)
    behind = [(unit, count, quota) for unit, count, quota in app.office.submissions.week_progress(now) if count < quota]
    head = f"【每周报送提醒】本周（{start:%-m月%-d日}起，截至{now:%-m月%-d日 %H:%M}）"
    if not behind:
        return app.office.notices.post([(app.office.notices.to_group(head + "各单位均已完成每周报送任务，谢谢大家！"), key)])
    text = "\n".join([
        head + f"以下 {len(behind)} 个单位尚未完成每周报送任务（{_quotas(app, now.year)}）：",
        "、".join(f"{unit} {count}/{quota}" for unit, count, quota in behind),
        "请各位信息员抓紧报送。",
    ])
    mentions = [cid for unit, _, _ in behind for cid in app.office.members.liaisons_of(unit)]
    return app.office.notices.post([(app.office.notices.to_group(text, mentions=mentions), key)])


def _quotas(app, year: int) -> str:
    """「镇、街道办、管委会每周 5 条，部门每周 3 条」, from scoring.yaml."""
    by_count: dict[int, list[str]] = {}
    for category, count in app.config.rules.for_year(year).weekly_quota.items():
        by_count.setdefault(count, []).append(category)
    return "，".join(f"{'、'.join(cats)}每周 {n} 条" for n, cats in sorted(by_count.items(), reverse=True))
