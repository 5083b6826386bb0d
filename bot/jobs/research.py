"""调研 follow-ups: December reminders to units still missing research work, and after the year the
−10 proposals (未完成年度投稿任务) for units with no 《上街政研》 submission, for the admins to confirm."""

from __future__ import annotations

from bot.jobs.due import latest_due, month_start
from bot.model.message import Outgoing
from bot.chat.decisions import proposal_prompt
from bot.chat.hints import confirm_hint, hint
from bot.common.errors import Step
from bot.jobs.declare import job


@job("research_reminders", "调研提醒", {"month": 12, "hour": 9, "minute": 10}, days="first_workday", office_hours=True)
def research_reminders(app, now) -> list[Outgoing]:
    """Due in December: the group hears which units still lack a report, an 经验专期 or (key units) a
    市级专期 or 《上街政研》 article this year, with their liaisons @-mentioned."""
    due = latest_due(app.config.bot.schedule.job("research_reminders"), month_start(now), now, app.config.calendar)
    if due is None:
        return []
    year = due.year
    key = f"research:{year}:reminder"
    if app.office.notices.posted(key):
        return []
    behind = [(u, u.missing([1, 2])) for u in app.office.research.status(year, now.date())]
    behind = [(u, missing) for u, missing in behind if missing]
    head = f"【调研提醒】{year}年即将结束。"
    if not behind:
        return app.office.notices.post(
            [(app.office.notices.to_group(head + "各单位本年度调研任务均已完成，谢谢大家！"), key)]
        )
    points = app.config.rules.for_year(year).deductions[app.office.research.missed_kind(year)].points
    lines = [
        head + f"以下 {len(behind)} 个单位本年度调研任务尚未完成（每半年调研报告和经验专期各 1 篇；"
        "一镇五办及承担重点工作的部门另须发表市级专期、《上街政研》文章各 1 篇）："
    ]
    lines += [f"{u.unit}：{'、'.join(missing)}" for u, missing in behind]
    lines.append(hint(Step("submit_research")) + f"全年未向《上街政研》投稿的单位扣 {points} 分。")
    mentions = [cid for u, _ in behind for cid in app.office.members.liaisons_of(u.unit)]
    return app.office.notices.post([(app.office.notices.to_group("\n".join(lines), mentions=mentions), key)])


@job("research_proposals", "政研投稿扣分提议", {"month": 1, "hour": 9, "minute": 20}, days="first_workday")
def research_proposals(app, now) -> list[Outgoing]:
    """Due in January: for the year just ended, propose −10 for each unit with no 《上街政研》 submission."""
    due = latest_due(app.config.bot.schedule.job("research_proposals"), month_start(now), now, app.config.calendar)
    if due is None:
        return []
    year = due.year - 1
    if not app.config.units.assessed(year):
        return []
    with app.store.atomic():
        proposals = app.office.research.propose_missed(year)
        if not proposals:
            return []
        text = "\n".join(
            [
                f"{year} 年度未向《上街政研》投稿（未上报调研报告，也无文章被采用）的单位，提议扣分：",
                *(app.office.proposals.describe(p) for p in proposals),
                confirm_hint(proposals),
            ]
        )
        return app.office.notices.post_to_admins(
            text, key=f"research:{year}:proposals", prompts=tuple(proposal_prompt(app.office, p) for p in proposals)
        )
