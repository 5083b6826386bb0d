"""#紧急 (a liaison's written report, checked against the 2-hour rule) and /紧急扣分 (by grade)."""
from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.chat.moments import find_moment
from bot.office.emergencies import RULE, Emergency, span
from bot.handlers.args import need, positive_int, take_again
from bot.handlers.office import recorded
from bot.handlers.submission import item
from bot.ledger.drafts import check_day
from bot.common.errors import EntryError

ORDER = 2  # where /帮助 and the docs list this module's commands


# Words after the grade that mark 情节特别严重: the unit also loses the year's 评先资格.
SEVERE_WORDS = ("情节特别严重", "特别严重", "取消评先", "取消评先资格")


@command("#紧急", usage="#紧急 事发时间 【标题】正文（如：#紧急 7月1日14:30 【标题】正文）",
         summary="报送紧急信息的书面报告，机器人核对是否在事发后 2 小时内", role=Role.LIAISON,
         example="#紧急 7月1日14:30 【标题】正文")
def report(ctx: Context) -> str:
    if ctx.unit is None:
        raise EntryError("您还没有绑定单位，无法报送紧急信息。请先发送「/绑定 单位名」。")
    text = ctx.args.strip()
    moment = find_moment(text, ctx.msg.at)
    if moment is not None:
        check_day(moment.at.date(), ctx.msg.at.date(), "事发时间")
    if moment is not None and moment.start == 0:
        text = text[moment.end:].lstrip(" ，,：:")  # a leading event time is not the title
    title, body = item(text, "紧急信息")
    e = ctx.office.emergencies.report(ctx.unit, ctx.msg.sender_id, ctx.msg.sender_name, title, body,
                                   moment.at if moment else None, ctx.msg.message_id, ctx.msg.at)
    for out in ctx.office.notices.to_admins(_for_admins(ctx, e)):
        ctx.out.append(out)
    lines = [f"已收到 {e.unit} 紧急信息 #{e.id}《{e.title}》（报送 #{e.submission_id}），{_times(e)}。", RULE]
    if e.late:
        lines.append(f"本次书面报告距事发已 {span(e.delay)}，超过 2 小时时限，已报区委办信息科。")
    elif e.event_at is None:
        lines.append("未写明事发时间，无法核对时限。请补发，写法如：#紧急 7月1日14:30 【标题】正文。")
    return "\n".join(lines)


def _times(e: Emergency) -> str:
    received = f"收到时间 {e.at:%-m月%-d日 %H:%M}"
    return received + (f"，事发时间 {e.event_at:%-m月%-d日 %H:%M}" if e.event_at else "")


def _for_admins(ctx: Context, e: Emergency) -> str:
    if e.late:
        flag = f"书面报告迟报：距事发 {span(e.delay)}，超过 2 小时。"
    elif e.event_at is None:
        flag = "未写明事发时间，无法核对时限。"
    else:
        flag = f"距事发 {span(e.delay)}，在 2 小时内。"
    return (f"【紧急信息】{e.unit} #{e.id}《{e.title}》，{_times(e)}。{flag}\n"
            f"如需扣分：/紧急扣分 {e.id} 级别（{ctx.office.emergencies.grade_list(e.at.year)}）")


@command("/紧急扣分", usage="/紧急扣分 <紧急信息编号|单位> <级别> [情节特别严重] [说明]（级别：一般、较大、重大、特别重大）",
         summary="按紧急信息级别登记迟报、漏报、瞒报扣分；加「情节特别严重」同时取消当年评先资格",
         role=Role.ADMIN,
         example="/紧急扣分 2 较大 书面报告迟报；/紧急扣分 妇联 特别重大 情节特别严重")
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
    entries = ctx.office.emergencies.deduct(unit, tokens[1], ctx.by, " ".join(rest) or None, emergency, severe,
                                         again=ctx.again)
    reply = recorded(ctx, entries[0])
    if severe:
        reply += (f"\n情节特别严重：已登记 #{entries[1].id}，取消{entries[1].unit}{entries[1].date.year}年评先资格，"
                  "并予全区通报批评。")
    return reply
