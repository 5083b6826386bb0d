"""承诺书 check (每个工作日): remind a unit's liaisons before the 《紧急信息报送承诺书》 deadline; list overdue units."""

from __future__ import annotations

from bot.chat.hints import hint
from bot.common.errors import Step
from bot.model.message import Outgoing
from bot.chat.decisions import pledge_prompt
from bot.jobs.declare import job


@job("pledges", "承诺书检查", {"hour": 9, "minute": 40}, office_hours=True, workdays=15, remind_before=5)
def pledge_deadlines(app, now) -> list[Outgoing]:
    today = now.date()
    if not app.config.calendar.guessing().is_workday(today):  # the deadlines themselves are never guessed
        return []
    posts: list[tuple[Outgoing, str]] = []
    for p in app.office.pledges.to_remind(today):
        text = (
            f"【承诺书提醒】{p.describe()}，请于截止日前完成签订并报区委办信息科。"
            f"（依据：单位主要领导调整，{app.office.pledges.workdays}个工作日内要主动向区委、区政府签订《紧急信息报送承诺书》。）"
        )
        liaisons = app.office.members.liaisons_of(p.unit)
        posts += [(Outgoing(text, contact_id=cid), f"pledge:{p.id}:remind:{cid}") for cid in liaisons]
        if not liaisons:
            posts += [
                (out, f"pledge:{p.id}:remind:{out.contact_id}")
                for out in app.office.notices.to_admins(f"{text}\n{p.unit}没有绑定信息员，未能提醒，请电话联系。")
            ]
    overdue = app.office.pledges.overdue(today)
    if overdue:
        text = "\n".join(
            [
                f"【承诺书逾期】以下 {len(overdue)} 个单位逾期未签订《紧急信息报送承诺书》：",
                *(f"{p.describe()}，已逾期" for p in overdue),
                hint(Step("record_pledge")),
            ]
        )
        prompts = tuple(pledge_prompt(p) for p in overdue)
        posts += [
            (out, f"pledges:overdue:{today}:{out.contact_id}") for out in app.office.notices.to_admins(text, prompts)
        ]
    return app.office.notices.post(posts)
