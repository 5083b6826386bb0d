"""Quarterly notices (季度提醒): praise or a reminder to the leaders of units persistently leading or
lagging, and the admins' reminder to run the quarter's quality-information evaluation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.chat.hints import hint
from bot.common.clock import TZ
from bot.common.errors import Step
from bot.model.message import Outgoing
from bot.jobs.due import latest_due, month_start
from bot.reports.quarter_notice import meeting_reminder, public_notice
from bot.scoring import Period, Scoreboard
from bot.scoring.standing import persistent
from bot.jobs.declare import job

QUARTERS = "一二三四"


@job(
    "quarterly",
    "季度提醒",
    {"month": "1,4,7,10", "hour": 10, "minute": 0},
    days="first_workday",
    office_hours=True,
    top=5,
)
def quarterly_notices(app, now) -> list[Outgoing]:
    """Due after a quarter ends; judges that quarter by its three month-end year-to-date rankings."""
    job = app.config.bot.schedule.job("quarterly")
    due = latest_due(job, month_start(now), now, app.config.calendar)
    if due is None:
        return []
    year, quarter, month_ends = _last_quarter(due.date())
    label = f"{year}年第{QUARTERS[quarter - 1]}季度"
    key = f"quarter:{year}Q{quarter}"
    if app.office.notices.nothing_recorded(date(year, 1, 1), month_ends[-1]):
        return app.office.notices.held_back(
            f"{label}的季度提醒",
            "账本里还没有这段时间的任何登记，无法判断哪些单位领先或落后。"
            "请先导入登记表（infobot import），本月内下一次检查会补发。",
            key,
        )
    boards = [app.office.scoreboard(Period.year_to_date(end)) for end in month_ends]
    size = job.params["top"]
    leading, lagging = persistent(boards, size)
    posts, unreached = [], []
    for unit, praise in [(u, True) for u in leading] + [(u, False) for u in lagging]:
        leaders = app.config.units.get(unit).leaders
        if not leaders:
            unreached.append(unit)
        for leader in leaders:
            text = _letter(leader.name, unit, label, size, boards, praise) + app.config.bot.office.signature
            posts.append((Outgoing(text, contact_id=leader.contact_id), f"{key}:leader:{unit}:{leader.contact_id}"))
    summary = _admin_summary(app, label, size, leading, lagging, unreached, year)
    posts += [(out, f"{key}:admin:{out.contact_id}") for out in app.office.notices.to_admins(summary)]
    posts += _office_posts(app, key, label, size, leading, lagging, boards, due.date())
    return app.office.notices.post(posts)


def _office_posts(
    app, key: str, label: str, size: int, leading: list[str], lagging: list[str], boards: list[Scoreboard], issued: date
) -> list[tuple[Outgoing, str]]:
    """The 公众号 notice to paste and the 例会 reminder, to every admin."""
    end = boards[-1].period.end
    start = date(end.year, end.month - 2, 1)
    quarter = app.office.scoreboard(Period(start, end))
    tz_start = datetime.combine(start, time(0), tzinfo=TZ)
    submitted = sum(
        app.office.submissions.counts(tz_start, datetime.combine(end + timedelta(days=1), time(0), tzinfo=TZ)).values()
    )
    texts = [
        ("wechat", public_notice(label, size, leading, lagging, boards, issued, app.config.bot.office.issuer)),
        ("meeting", meeting_reminder(label, quarter, boards[-1], submitted)),
    ]
    return [
        (out, f"{key}:{name}:{out.contact_id}") for name, text in texts for out in app.office.notices.to_admins(text)
    ]


def _last_quarter(day: date) -> tuple[int, int, list[date]]:
    """The last full quarter before `day`: (year, quarter, its three month-end dates)."""
    first_of_quarter = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    end = first_of_quarter - timedelta(days=1)
    quarter = (end.month - 1) // 3 + 1
    ends = []
    for month in range(quarter * 3 - 2, quarter * 3 + 1):
        nxt = date(end.year + month // 12, month % 12 + 1, 1)
        ends.append(nxt - timedelta(days=1))
    return end.year, quarter, ends


def _ranks(unit: str, boards: list[Scoreboard]) -> str:
    return "、".join(f"{b.period.end.month}月底第 {b.row(unit).rank} 名" for b in boards)


def _letter(name: str, unit: str, label: str, size: int, boards: list[Scoreboard], praise: bool) -> str:
    last = boards[-1]
    row = last.row(unit)
    figures = (
        f"截至{last.period.end:%-m月%-d日}，{unit}累计得分 {row.total} 分，目标任务 {row.target.total} 分，"
        f"任务占比 {row.percent}%"
    )
    if praise:
        return (
            f"{name}同志：您好！{label}，{unit}信息工作在全区三次月度排名中均居前 {size} 名"
            f"（{_ranks(unit, boards)}）。{figures}。特此表扬，感谢您对信息工作的重视和支持！"
        )
    progress = round(last.period.year_elapsed() * 100)
    return (
        f"{name}同志：您好！{label}，{unit}信息工作在全区三次月度排名中均居后 {size} 名"
        f"（{_ranks(unit, boards)}）。{figures}，全年时间进度 {progress}%，"
        f"距全年目标还差 {row.gap} 分。请督促本单位加强信息报送，确保按时完成全年目标任务。"
    )


def _admin_summary(
    app, label: str, size: int, leading: list[str], lagging: list[str], unreached: list[str], year: int
) -> str:
    awards = app.config.rules.for_year(year).awards
    lines = [
        f"【季度提醒】{label}三次月度排名均居前 {size} 名：{'、'.join(leading) or '无'}；"
        f"均居后 {size} 名：{'、'.join(lagging) or '无'}。"
        + ("已私信各单位分管领导和一把手。" if len(unreached) < len(leading) + len(lagging) else "")
    ]
    if unreached:
        lines.append(
            f"以下单位未在 {app.config.file('units.yaml')} 配置领导联系方式，未能发送：{'、'.join(unreached)}。"
        )
    lines.append(
        f"请开展{label}优质信息和调研文章评选（"
        + "、".join(f"{k}每篇加 {v} 分" for k, v in awards.items())
        + "），"
        + hint(Step("record_awards"))
    )
    return "\n".join(lines)
