"""承诺书 check (每个工作日): remind a unit's liaisons before the 《紧急信息报送承诺书》 deadline; list overdue units."""
from __future__ import annotations

from bot.model.message import Outgoing
from bot.office.decisions import pledge_prompt
from bot.jobs.declare import job


@job("pledges", "承诺书检查", {"hour": 9, "minute": 40}, office_hours=True, workdays=15, remind_before=5)
def pledge_deadlines(app, now) -> list[Outgoing]:
    today = now.date()
    if not app.config.calendar.guessing().is_workday(today):  # the deadlines themselves are never guessed
        return []
    posts: list[tuple[Outgoing, str]] = []
    for p in app.pledges.to_remind(today):
        text = (f"【承诺书提醒】{p.describe()}，请于截止日前完成签订并报区委办信息科。"
                f"（依据：单位主要领导调整，{app.pledges.workdays}个工作日内要主动向区委、区政府签订《紧急信息报送承诺书》。）")
        liaisons = app.members.liaisons_of(p.unit)
        posts += [(Outgoing(text, contact_id=cid), f"pledge:{p.id}:remind:{cid}") for cid in liaisons]
        if not liaisons:
            posts += [(out, f"pledge:{p.id}:remind:{out.contact_id}")
                      for out in app.notices.to_admins(f"{text}\n{p.unit}没有绑定信息员，未能提醒，请电话联系。")]
    overdue = app.pledges.overdue(today)
    if overdue:
        text = "\n".join([f"【承诺书逾期】以下 {len(overdue)} 个单位逾期未签订《紧急信息报送承诺书》：",
                          *(f"{p.describe()}，已逾期" for p in overdue),
                          "签订后发送「/承诺书 单位」登记。"])
        prompts = tuple(pledge_prompt(p) for p in overdue)
        posts += [(out, f"pledges:overdue:{today}:{out.contact_id}") for out in app.notices.to_admins(text, prompts)]
    return app.notices.post(posts)
