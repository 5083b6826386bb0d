"""约稿: /约稿 (an admin asks units), #约稿 (a liaison answers), /约稿情况, /约稿拒报."""

from __future__ import annotations

import re

from bot.chat.commands import Role, Where, command
from bot.chat.context import Context
from bot.chat.typed_times import FORMATS, match_moment
from bot.chat.normalize import unbracket
from bot.handlers.args import need, positive_int
from bot.handlers.submission import item
from bot.ledger.drafts import check_day
from bot.common.errors import EntryError
from bot.office.solicitations import LATE, REFUSED, Solicitation, status

ORDER = 1  # where /帮助 and the docs list this module's commands

WEEKDAYS = "一二三四五六日"


@command(
    "/约稿",
    usage="/约稿 <单位…> <截止时间> <题目>（如：/约稿 济办 环保局 7月5日17:00 《大气污染防治经验》；单位可写 一镇五办、全体）",
    summary="向单位约稿：发到群里并@其信息员，截止时列出迟报、未报单位",
    role=Role.ADMIN,
    example="/约稿 济办 环保局 7月5日17:00 《大气污染防治经验做法》",
)
def solicit(ctx: Context) -> str | None:
    units, deadline, title = _parse(ctx)
    office = ctx.office
    s = office.solicitations.create(units, deadline, title, ctx.by, ctx.msg.message_id)
    mentions = [cid for unit in s.units for cid in office.members.liaisons_of(unit)]
    ctx.out.append(office.notices.to_group(_announcement(ctx, s), mentions))
    unreached = [u for u in s.units if not office.members.liaisons_of(u)]
    note = f"以下单位还没有绑定信息员，群里无法@到，请另行通知：{'、'.join(unreached)}。" if unreached else ""
    if ctx.msg.private:
        return f"已在群里发布{s.label}，截止 {_when(s)}，约稿单位：{'、'.join(s.units)}。{note}"
    if note:
        ctx.tell(ctx.by, f"{s.label}：{note}")
    return None  # the announcement in the group is the answer


def _parse(ctx: Context):
    """<单位…> <截止时间> <题目>: units up to the first token that reads as a date or time."""
    text = ctx.args
    default_time = ctx.office.config.bot.schedule.param("solicitation_deadlines", "default_time")
    units: list[str] = []
    for token in re.finditer(r"\S+", text):
        moment = match_moment(text, token.start(), ctx.office.clock.now(), default_time)
        if moment:
            break
        for name in (u for u in re.split(r"[、，,；;]", token.group()) if u):
            units += ctx.office.config.units.group(name, ctx.office.clock.now().year) or [name]
    else:
        raise EntryError(f"缺少截止时间。写法如：{FORMATS}。")
    title = unbracket(text[moment.end :].strip())
    if not units:
        raise EntryError("缺少约稿单位。")
    if not title:
        raise EntryError("缺少约稿题目。")
    check_day(moment.at.date(), ctx.office.clock.now().date(), "截止时间")
    return units, moment.at, title


def _when(s: Solicitation) -> str:
    return f"{s.deadline:%-m月%-d日}（星期{WEEKDAYS[s.deadline.weekday()]}）{s.deadline:%H:%M}"


def _announcement(ctx: Context, s: Solicitation) -> str:
    points = ctx.office.proposals.points_of
    on = s.deadline.date()
    return "\n".join(
        [
            f"【约稿 #{s.id}】{s.title}",
            f"请以下单位于 {_when(s)} 前报送：{'、'.join(s.units)}",
            f"回复格式：#约稿 {s.id} 【标题】正文",
            f"逾期报送的每次扣 {points(LATE, on)} 分，推诿扯皮、拒不配合的每次扣 {points(REFUSED, on)} 分。",
        ]
    )


@command(
    "#约稿",
    usage="#约稿 <约稿编号> 【标题】正文",
    summary="回复约稿",
    role=Role.LIAISON,
    where=Where.GROUP,
    example="#约稿 3 【标题】正文",
)
def answer(ctx: Context) -> str:
    if ctx.unit is None:
        raise EntryError("您还没有绑定单位，无法回复约稿。请先发送「/绑定 单位名」。")
    number, text = _which(ctx, ctx.unit)
    title, body = item(text, "约稿")
    office = ctx.office
    office.solicitations.get(number)  # an unknown number fails before anything is stored
    receipt = office.submissions.submit(
        ctx.unit, ctx.msg.sender_id, ctx.msg.sender_name, title, body, False, ctx.msg.message_id, ctx.msg.at
    )
    s, target = office.solicitations.answer(number, ctx.unit, ctx.msg.sender_id, receipt.submission.id, ctx.msg.at)
    sub = receipt.submission
    head = f"已收到 {ctx.unit} 对{s.label}的报送 #{sub.id}《{sub.title}》。"
    if s.closed and target.submission_id == sub.id:
        return head + f"已超过截止时间（{_when(s)}），记为迟报；区委办的扣分提议已相应改为迟报。"
    if target.submission_id != sub.id:
        return head + f"本单位此前已报送 #{target.submission_id}，以首次报送时间为准：{status(s, target)}。"
    if target.late(s.deadline):
        return head + f"已超过截止时间（{_when(s)}），记为迟报。"
    return head + "按时报送。"


def _which(ctx: Context, unit: str) -> tuple[int, str]:
    """The solicitation a #约稿 answers: its number (「#约稿 3 【…】」, 「#约稿3【…】」), or the only open one
    asked of the sender's unit."""
    text = re.sub(r"^[\s:：,，]+", "", ctx.args)
    m = re.match(r"#?\s*(\d{1,9})(?!\d)\s*(.*)", text, re.S)
    if m:
        return int(m.group(1)), m.group(2)
    mine = [s for s in ctx.office.solicitations.open() if s.target(unit) is not None]
    if len(mine) == 1 and text[:1] in ("【", "《"):
        return mine[0].id, text
    form = "格式：#约稿 <约稿编号> 【标题】正文，如「#约稿 3 【标题】正文」。"
    if not mine:
        raise EntryError(f"请写明回复的是哪一条约稿。{form}目前没有向{ctx.unit}约稿的进行中的约稿。")
    listed = "、".join(f"#{s.id}《{s.title}》" for s in mine)
    raise EntryError(f"请写明回复的是哪一条约稿。{form}向{ctx.unit}约稿的有：{listed}。")


@command(
    "/约稿情况",
    usage="/约稿情况 [约稿编号]",
    summary="约稿的报送情况（不写编号：进行中的约稿）",
    role=Role.ADMIN,
    example="/约稿情况 3",
)
def progress(ctx: Context) -> str:
    office = ctx.office
    if not ctx.args.strip():
        current = office.solicitations.open()
        if not current:
            return "目前没有进行中的约稿。"
        return "\n".join(_progress(s) for s in current)
    return _progress(office.solicitations.get(positive_int(ctx.args.strip().lstrip("#"), "约稿编号")))


def _progress(s: Solicitation) -> str:
    head = f"{s.label} 截止 {_when(s)}" + ("（已截止）" if s.closed else "")
    return "\n".join([head] + [f"  {t.unit}：{status(s, t)}" for t in s.targets])


@command(
    "/约稿拒报",
    usage="/约稿拒报 <约稿编号> <单位> [说明]",
    summary="登记单位对约稿推诿扯皮、拒不配合（截止时提议扣 10 分）",
    role=Role.ADMIN,
    example="/约稿拒报 3 环保局 电话联系称不报",
)
def refuse(ctx: Context) -> str:
    tokens = ctx.args.split(maxsplit=2)
    need(tokens, 2, ["约稿编号", "单位"])
    number = positive_int(tokens[0].lstrip("#"), "约稿编号")
    s, unit, proposal = ctx.office.solicitations.refuse(
        number, tokens[1], ctx.by, tokens[2] if len(tokens) > 2 else None
    )
    if proposal is not None:
        return (
            f"已登记 {unit} 对{s.label}拒不配合，扣分提议已改为：{ctx.office.proposals.describe(proposal)}。"
            f"确认请发送「/确认扣分 {proposal.id}」。"
        )
    points = ctx.office.proposals.points_of(REFUSED, s.deadline.date())
    return f"已登记 {unit} 对{s.label}拒不配合；截止时将提议扣 {points} 分，由管理员确认。"
