"""Whether the working-day calendar covers this year, and (from 1 November) the next one."""

from __future__ import annotations

from datetime import date

from bot.common.workdays import WorkCalendar

WARN_FROM_MONTH = 11  # the State Council publishes next year's 放假安排 around November


def holiday_coverage_problem(calendar: WorkCalendar, today: date) -> str | None:
    """What to tell the operator, in Chinese; None when nothing is missing yet."""
    file = calendar.config_file
    if not calendar.covers(today.year):
        return (
            f"{today.year} 年的法定节假日未配置：定时通报暂按周一至周五发送，承诺书和信息员变动的工作日期限"
            f"无法计算而暂停。请按国务院办公厅的放假通知填写 {file}"
        )
    nxt = today.year + 1
    if today.month >= WARN_FROM_MONTH and not calendar.covers(nxt):
        return (
            f"{nxt} 年的法定节假日还未配置。国务院办公厅约在 11 月发布《关于{nxt}年部分节假日安排的通知》，"
            f"发布后请填入 {file}；否则从 {nxt} 年 1 月 1 日起定时通报按周一至周五估计，工作日期限暂停计算"
        )
    return None
