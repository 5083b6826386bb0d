"""Monthly bulletin (每月通报): the year-to-date ranking to the group, once per month."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from bot.model.message import Outgoing
from bot.reports.bulletin_draft import criticism_text, severe_label
from bot.reports.summary import bulletin_summary
from bot.jobs.due import latest_due, month_start, previous_month_end
from bot.scoring import Period
from bot.jobs.declare import job

log = logging.getLogger(__name__)

# A bulletin missed on its day (the bot was down, the group not yet registered) is posted late only within
# this many working days; after that the ranking is old news and the admins are told instead.
LATE_WORKDAYS = 5


@job("monthly_bulletin", "每月通报", {"hour": 9, "minute": 0}, days="first_workday", office_hours=True)
def monthly_bulletin(app, now) -> list[Outgoing]:
    """Due on the first working day of the month; covers 1 January to the end of the month before."""
    due = latest_due(app.config.bot.schedule.job("monthly_bulletin"), month_start(now), now, app.config.calendar)
    if due is None:
        return []
    covered = previous_month_end(due)
    key = f"monthly:{covered:%Y-%m}"
    if app.office.notices.posted(key):
        return []
    start = date(covered.year, 1, 1)
    label = f"每月通报（{covered.year}年1月1日至{covered:%-m月%-d日}）"
    last_day = app.config.calendar.guessing().add_workdays(due.date(), LATE_WORKDAYS)
    if now.date() > last_day:
        return app.office.notices.held_back(
            label,
            f"应于{due:%-m月%-d日}发出，到今天已晚了 {LATE_WORKDAYS} 个工作日以上，排名已经过时，不再补发。"
            f"如仍需通报，可在服务器上运行 infobot report --to {covered.isoformat()} --format xlsx 生成通报表后转发；"
            "下月的通报照常按时发出。",
            f"{key}:stale",
        )
    if app.office.notices.nothing_recorded(start, covered):  # e.g. the first start, before any history is imported
        return app.office.notices.held_back(
            label,
            "账本里还没有这段时间的任何登记，排名会全是 0 分。请先导入登记表（infobot import）或登记采用，"
            "本月内下一次检查（每个工作日上班时）会补发。",
            key,
        )
    board = app.office.scoreboard(Period(start, covered))
    posts = [(app.office.notices.to_group(bulletin_summary(board)), key)]
    for i, path in enumerate(_files(app, board), start=1):
        posts.append((app.office.notices.to_group(f"附件：{path.name}", file_path=str(path)), f"{key}:file:{i}"))
    # 二（三）: 情节特别严重 — 取消当年评先资格，给予全区通报批评 — in the first bulletin whose period holds it.
    # Keyed by the fact, so it goes out once (post() drops a key queued before).
    for e in app.office.year_end.severe(start, covered):
        posts.append(
            (
                app.office.notices.to_group("【通报批评】" + criticism_text([f"{e.unit}（{severe_label(e)}）"])),
                f"criticism:{e.id}",
            )
        )
    return app.office.notices.post(posts)


def _files(app, board) -> list[Path]:
    """The renderer's files that exist; a failing renderer must not hold back the bulletin's text."""
    if app.bulletin_renderer is None:
        return []
    try:
        paths = [Path(p) for p in app.bulletin_renderer(board)]
    except Exception:  # noqa: BLE001 - the text goes out without attachments
        log.exception("rendering the bulletin files for %s failed", board.period.label)
        return []
    return [p for p in paths if p.is_file()]
