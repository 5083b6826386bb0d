"""#紧急 (a liaison's written report, checked against the 2-hour rule) and /紧急扣分 (by grade)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.chat.typed_times import find_moment
from bot.office.emergencies import ORAL_SKEW, RULE, Emergency, OralReportNoted, span
from bot.handlers.args import need, positive_int, take_again
from bot.handlers.office import recorded
from bot.handlers.submission import item
from bot.common.errors import EntryError
from bot.ledger.drafts import check_day
from bot.model.message import Outgoing
from bot.chat.decisions import oral_prompt, proposal_prompt
from bot.chat.hints import confirm_hint

ORDER = 2  # where /帮助 and the docs list this module's commands


# Words after the grade that mark 情节特别严重: the unit also loses the year's 评先资格.
SEVERE_WORDS = ("情节特别严重", "特别严重", "取消评先", "取消评先资格")


@command(
    "#紧急",
    usage="#紧急 事发时间 【标题】正文（如：#紧急 7月1日14:30 【标题】正文）",
    summary="报送紧急信息的书面报告，机器人核对是否在事发后 2 小时内",
    role=Role.LIAISON,
    example="#紧急 7月1日14:30 【标题】正文",
)
def report(ctx: Context) -> str:
    if ctx.unit is None:
        raise EntryError("您还没有绑定单位，无法报送紧急信息。请先发送「/绑定 单位名」。")
    text = ctx.args.strip()
    moment = find_moment(text, ctx.msg.at)
    if moment is not None:
        check_day(moment.at.date(), ctx.msg.at.date(), "事发时间")
    if moment is not None and moment.start == 0:
        text = text[moment.end :].lstrip(" ，,：:")  # a leading event time is not the title
    title, body = item(text, "紧急信息")
    e = ctx.office.emergencies.report(
        ctx.unit,
        ctx.msg.sender_id,
        ctx.msg.sender_name,
        title,
        body,
        moment.at if moment else None,
        ctx.msg.message_id,
        ctx.msg.at,
    )
    if e.repeated:  # already put to the office, with its oral report card
        return f"{e.unit} 紧急信息 #{e.id}《{e.title}》已于 {e.at:%-m月%-d日 %H:%M} 收到，不重复登记。"
    delay = e.delay
    proposal = (
        ctx.office.emergencies.propose_late(e, f"书面报告距事发 {span(delay)}，超过 2 小时时限")
        if delay is not None and e.late
        else None
    )
    prompts = (oral_prompt(e),) + ((proposal_prompt(ctx.office, proposal),) if proposal else ())
    notice = _for_admins(ctx, e) + (
        f"\n已提议扣分：{ctx.office.proposals.describe(proposal)}\n{confirm_hint([proposal])}" if proposal else ""
    )
    for out in ctx.office.notices.to_admins(notice, prompts):
        ctx.out.append(out)
    lines = [f"已收到 {e.unit} 紧急信息 #{e.id}《{e.title}》（报送 #{e.submission_id}），{_times(e)}。", RULE]
    if delay is not None and e.late:
        lines.append(f"本次书面报告距事发已 {span(delay)}，超过 2 小时时限，已报区委办信息科。")
    elif delay is None:
        lines.append("未写明事发时间，无法核对时限。请补发，写法如：#紧急 7月1日14:30 【标题】正文。")
    return "\n".join(lines)


def _times(e: Emergency) -> str:
    received = f"收到时间 {e.at:%-m月%-d日 %H:%M}"
    return received + (f"，事发时间 {e.event_at:%-m月%-d日 %H:%M}" if e.event_at else "")


def _for_admins(ctx: Context, e: Emergency) -> str:
    delay = e.delay  # None when the report gives no event time
    if delay is None:
        flag = "未写明事发时间，无法核对时限。"
    elif e.late:
        flag = f"书面报告迟报：距事发 {span(delay)}，超过 2 小时。"
    else:
        flag = f"距事发 {span(delay)}，在 2 小时内。"
    return (
        f"【紧急信息】{e.unit} #{e.id}《{e.title}》，{_times(e)}。{flag}\n"
        f"收到口头报告请发送「/口头报告 {e.id} 时间」（不写时间即现在），未口头报告发送「/口头报告 {e.id} 未报」。\n"
        f"如需扣分：/紧急扣分 {e.id} 级别（{ctx.office.emergencies.grade_list(e.at.year)}）"
    )


NOT_MADE = ("未报", "未口头报告", "无", "没有")


@command(
    "/口头报告",
    usage="/口头报告 <紧急信息编号> [时间|未报]（如：/口头报告 3 14:50；不写时间即现在）",
    summary="登记紧急信息的口头报告时间（事发后超过 1 小时或未报的，提议扣分）",
    role=Role.ADMIN,
    example="/口头报告 3 14:50；/口头报告 3 未报",
)
def oral(ctx: Context) -> str | None:
    """/口头报告 3 [时间|未报]: when the unit reported by phone (now, by default), or that it did not."""
    tokens = ctx.args_tokens()
    need(tokens, 1, "紧急信息编号")
    number = positive_int(tokens[0].lstrip("#"), "紧急信息编号")
    rest = " ".join(tokens[1:]).strip()
    noted = ctx.office.emergencies.get(number)
    if noted.oral is not None:  # said before any complaint about the time written
        raise OralReportNoted(noted)
    if rest in NOT_MADE:
        at = None
    elif not rest or rest == "现在":
        at = ctx.msg.at
    else:
        at = _oral_time(ctx.msg.at, noted.event_at, rest)
    e, proposal = ctx.office.emergencies.oral_report(number, at, ctx.by)
    made = e.noted_oral
    if made.at is None:
        head = f"已登记：紧急信息 #{e.id}（{e.unit}《{e.title}》）未口头报告。"
    elif made.delay is None:
        head = (
            f"已登记：紧急信息 #{e.id}（{e.unit}《{e.title}》）口头报告时间 {made.at:%-m月%-d日 %H:%M}。"
            "该紧急信息未写明事发时间，无法核对 1 小时时限。"
        )
    else:
        within = "超过 1 小时时限" if made.late else "在 1 小时内"
        head = (
            f"已登记：紧急信息 #{e.id}（{e.unit}《{e.title}》）口头报告时间 {made.at:%-m月%-d日 %H:%M}，"
            f"距事发 {span(made.delay)}，{within}。"
        )
    if proposal is None:
        return head + ("（该紧急信息此前已有扣分提议。）" if made.late else "")
    for admin in ctx.office.config.bot.admins:
        if admin.contact_id != ctx.by:  # the others learn of it; the one who noted it reads the reply
            ctx.tell(
                admin.contact_id,
                f"{head}\n已提议扣分：{ctx.office.proposals.describe(proposal)}\n{confirm_hint([proposal])}",
                (proposal_prompt(ctx.office, proposal),),
            )
    ctx.out.append(
        Outgoing(
            f"{head}\n已提议扣分：{ctx.office.proposals.describe(proposal)}\n{confirm_hint([proposal])}",
            room_id=ctx.msg.room_id,
            contact_id=ctx.msg.sender_id if ctx.msg.private else None,
            prompts=(proposal_prompt(ctx.office, proposal),),
        )
    )
    return None


def _oral_time(now: datetime, event_at: datetime | None, rest: str) -> datetime:
    """The time written after the number, all of it (下午3点20 is not 03:20). A time of day alone is today's;
    yesterday's only when it still falls after the event (noted after midnight); one still ahead is refused."""
    moment = find_moment(rest, now)
    if moment is None or rest[: moment.start].strip() or rest[moment.end :].strip():
        raise EntryError(f"看不懂口头报告时间「{rest}」。写法如 14:50、7月1日14:50，或写「未报」；不写时间即现在。")
    if moment.has_date or moment.at.date() == now.date():
        return moment.at
    today = moment.at + timedelta(days=1)  # a time of day later than now was taken for yesterday's
    if today <= now + ORAL_SKEW:
        return today
    if event_at is not None and moment.at >= event_at:
        return moment.at
    raise EntryError(
        f"口头报告时间 {today:%H:%M} 还没到（现在 {now:%-m月%-d日 %H:%M}）。"
        f"请写已经过去的时间，如是昨天请写明日期（如 {moment.at:%-m月%-d日%H:%M}）；不写时间即现在。"
    )


@command(
    "/紧急扣分",
    usage="/紧急扣分 <紧急信息编号|单位> <级别> [情节特别严重] [说明]（级别：一般、较大、重大、特别重大）",
    summary="按紧急信息级别登记迟报、漏报、瞒报扣分；加「情节特别严重」同时取消当年评先资格",
    role=Role.ADMIN,
    example="/紧急扣分 2 较大 书面报告迟报；/紧急扣分 妇联 特别重大 情节特别严重",
)
def deduct(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    grades = ctx.office.emergencies.grade_list(ctx.office.clock.now().year)
    need(tokens, 2, ["紧急信息编号或单位", f"级别（{grades}）"])
    number = tokens[0].lstrip("#")
    emergency = ctx.office.emergencies.get(positive_int(number, "紧急信息编号")) if number.isdigit() else None
    unit = emergency.unit if emergency else tokens[0]
    rest = [t for t in tokens[2:] if t not in SEVERE_WORDS]
    severe = len(rest) < len(tokens[2:])
    entries = ctx.office.emergencies.deduct(
        unit, tokens[1], ctx.by, " ".join(rest) or None, emergency, severe, again=ctx.again
    )
    reply = recorded(ctx, entries[0])
    if severe:
        reply += (
            f"\n情节特别严重：已登记 #{entries[1].id}，取消{entries[1].unit}{entries[1].date.year}年评先资格，"
            "并予全区通报批评：下一期每月通报随通报发到群里，年度情况通报中一并点名。"
        )
    return reply
