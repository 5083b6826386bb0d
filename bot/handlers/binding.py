"""/绑定 (a liaison asks), /确认绑定 and /解绑 (an admin decides)."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.common.errors import EntryError
from bot.common.text import person
from bot.handlers.args import need, positive_int
from bot.chat.decisions import binding_prompt

ORDER = 4  # where /帮助 and the docs list this module's commands
MAX_NAME = 20


@command(
    "/绑定",
    usage="/绑定 单位名 [姓名]",
    summary="把自己绑定为某单位的信息员（需管理员确认；企业微信上请写姓名）",
    role=Role.MEMBER,
    example="/绑定 济办；/绑定 济办 张三",
)
def request(ctx: Context) -> str:
    tokens = ctx.args.split()
    if not tokens:
        raise EntryError("请写明单位名。")
    unit_text, name = tokens[0], " ".join(tokens[1:]) or ctx.msg.sender_name
    if len(name) > MAX_NAME:
        raise EntryError(f"姓名「{name[:MAX_NAME]}…」太长（最多 {MAX_NAME} 个字）。请写：/绑定 {unit_text} 张三")
    if not ctx.msg.names_given and name == ctx.msg.sender_id:  # 企业微信: ask, or every post would show the userid
        raise EntryError(
            f"请在单位名后写上您的姓名，例如：/绑定 {unit_text} 张三（企业微信不向机器人提供姓名，"
            "点名、通报里要用它）。"
        )
    binding, again = ctx.office.members.request(ctx.msg.sender_id, name, unit_text)
    head = "绑定申请已在等待确认" if again else "已提交绑定申请"
    text = (
        f"{head}：{binding.contact_name} → {binding.unit}（申请 #{binding.id}）。"
        f"请区委办信息科发送「/确认绑定 {binding.id}」确认。"
    )
    if ctx.msg.private and not again:  # nobody in the office saw it: tell them
        for admin in ctx.office.config.bot.admins:
            ctx.tell(
                admin.contact_id,
                f"新的绑定申请 #{binding.id}：{person(binding.contact_name, binding.contact_id)}"
                f" → {binding.unit}。确认请发送「/确认绑定 {binding.id}」，"
                f"不同意请发送「/拒绝绑定 {binding.id} 原因」。",
                (binding_prompt(binding),),
            )
    return text


@command(
    "/确认绑定",
    usage="/确认绑定 申请号 [申请号…]",
    summary="确认绑定申请（可一次写多个申请号）",
    role=Role.ADMIN,
    example="/确认绑定 3；/确认绑定 3 4",
)
def confirm(ctx: Context) -> str:
    """/确认绑定 3, or several at once (/确认绑定 3 4): each is confirmed, or the reply says why not."""
    tokens = ctx.args.split()
    need(tokens, 1, "申请号")
    numbers = list(dict.fromkeys(positive_int(t.lstrip("#"), "申请号") for t in tokens))
    answers = []
    for number in numbers:
        try:
            answers.append(confirm_one(ctx.office, ctx.by, number))
        except EntryError as exc:
            if len(numbers) == 1:
                raise
            answers.append(f"未确认申请 #{number}：{exc}")
    return "\n".join(answers)


def confirm_one(office, by: str, number: int) -> str:
    """Confirm one binding request and take in what the applicant submitted before (chat and desk alike)."""
    binding, previous = office.members.confirm(number, by)
    moved = f"（原绑定「{previous}」已解除）" if previous else ""
    text = f"已确认：{person(binding.contact_name, binding.contact_id)}为「{binding.unit}」的信息员{moved}。"
    released = [r for r in office.submissions.release(binding.contact_id, binding.unit) if not r.duplicate]
    if released:
        text += "\n确认前收下的报送已按原时间登记：" + "、".join(
            f"#{r.submission.id}《{r.submission.title}》（{r.submission.at:%-m月%-d日 %H:%M}）" for r in released
        )
    return text


def rejection_notice(binding, reason: str) -> str:
    """What the applicant is told when an admin turns the request down (in chat or on the desk)."""
    return (
        f"您绑定「{binding.unit}」的申请（#{binding.id}）未获区委办信息科同意"
        f"{('：' + reason) if reason else ''}。如有疑问请联系区委办信息科。"
    )


@command(
    "/拒绝绑定",
    usage="/拒绝绑定 申请号 [原因]",
    summary="不同意某条绑定申请（申请人可重新申请）",
    role=Role.ADMIN,
    example="/拒绝绑定 3 不是本单位人员",
)
def reject(ctx: Context) -> str:
    tokens = ctx.args.split(maxsplit=1)
    need(tokens, 1, "申请号")
    reason = tokens[1].strip() if len(tokens) > 1 else ""
    binding = ctx.office.members.reject(positive_int(tokens[0].lstrip("#"), "申请号"), ctx.by, reason)
    if binding.contact_id:
        ctx.tell(binding.contact_id, rejection_notice(binding, reason))
    return rejected(binding, reason)


def rejected(binding, reason: str) -> str:
    """The admin's answer to a rejection (in chat or on the desk)."""
    return f"已拒绝绑定申请 #{binding.id}：{person(binding.contact_name, binding.contact_id)}→ {binding.unit}" + (
        f"，原因：{reason}。" if reason else "。"
    )


@command(
    "/解绑",
    usage="/解绑 <单位|昵称|联系人id> [原因]",
    summary="解除某信息员的绑定",
    role=Role.ADMIN,
    example="/解绑 济办 调岗；/解绑 李娜",
)
def unbind(ctx: Context) -> str:
    tokens = ctx.args.split(maxsplit=1)
    need(tokens, 1, "单位、昵称或联系人 id")
    reason = tokens[1] if len(tokens) > 1 else "管理员解绑"
    binding = ctx.office.members.unbind(ctx.office.members.find_liaison(tokens[0]), ctx.by, reason)
    notice = ctx.office.liaison_changes.notice_for(binding.id)
    return f"已解除 {person(binding.contact_name, binding.contact_id)}与「{binding.unit}」的绑定：{reason}。" + (
        f"\n{notice}" if notice else ""
    )


@command(
    "/信息员",
    usage="/信息员 [单位]",
    summary="已绑定的信息员、没有信息员的单位和待确认的绑定申请",
    role=Role.ADMIN,
    example="/信息员；/信息员 济办",
)
def roster(ctx: Context) -> str:
    year = ctx.office.clock.now().year
    units, pending = ctx.office.members.roster(year)
    if ctx.args.strip():
        unit = ctx.office.drafts.unit(ctx.args.strip(), ctx.office.clock.now().date())
        people = units.get(unit, [])
        lines = [f"{unit} 的信息员：" + ("、".join(person(name, cid) for name, cid in people) or "无")]
        lines += [
            f"待确认：{person(b.contact_name, b.contact_id)}申请 #{b.id}，确认请发送「/确认绑定 {b.id}」"
            for b in pending
            if b.unit == unit
        ]
        return "\n".join(lines)
    bound = [f"{unit}：{'、'.join(name for name, _ in people)}" for unit, people in units.items() if people]
    nobody = [unit for unit, people in units.items() if not people]
    lines = [f"已绑定信息员的单位（{len(bound)} 个）：", *bound] if bound else ["还没有单位绑定信息员。"]
    lines.append(f"没有信息员的单位（{len(nobody)} 个）：{'、'.join(nobody) or '无'}")
    if pending:
        lines.append(
            f"待确认的绑定申请（{len(pending)} 条）："
            + "；".join(f"#{b.id} {b.contact_name} → {b.unit}" for b in pending)
        )
    return "\n".join(lines)


HOW_TO_REACH = (
    "要让某人可私信：请他在企业微信里找到机器人，单聊发一条消息（如「你好」），一次即可。"
    "不可私信的人的私信（如季度提醒）会交给管理员转交。"
)


@command(
    "/通讯录",
    usage="/通讯录 [单位]",
    summary="各单位的信息员和领导：谁已绑定，谁能收到机器人的私信",
    role=Role.ADMIN,
    example="/通讯录；/通讯录 环保局",
)
def directory(ctx: Context) -> str:
    now = ctx.office.clock.now()
    unit = ctx.office.drafts.unit(ctx.args.strip(), now.date()) if ctx.args.strip() else None
    units = ctx.office.members.contacts(now.year, unit)
    wecom = not ctx.msg.names_given  # only 企业微信 keeps to the push rule (and gives no names)
    note = (
        []
        if wecom
        else [
            "（「可私信」是企业微信的规定：机器人只能私信给单聊发过消息的人。当前网络上机器人可以直接私信，"
            "下面只列出在企业微信上最近一次单聊的时间，供换用企业微信时参考。）"
        ]
    )
    if unit is not None:
        found = units[0]  # drafts.unit() took only an assessed unit
        lines = [f"{unit} 通讯录：", *note]
        lines += [_contact(c, wecom) for c in found.liaisons] or ["信息员：未绑定（请信息员发送「/绑定 单位名 姓名」）"]
        lines += [_contact(c, wecom) for c in found.leaders] or ["领导：units.yaml 中没有配置 leaders"]
        return "\n".join(lines + ([HOW_TO_REACH] if wecom else []))
    liaisons = [(u.unit, c) for u in units for c in u.liaisons]
    leaders = [(u.unit, c) for u in units for c in u.leaders]
    nobody = [u.unit for u in units if not u.liaisons]
    lines = [
        f"通讯录（{now.year} 年度 {len(units)} 个考核单位）：",
        *note,
        f"已绑定信息员的单位 {len(units) - len(nobody)} 个；没有信息员的 {len(nobody)} 个：{'、'.join(nobody) or '无'}",
    ]
    if wecom:
        for label, people in (("信息员", liaisons), ("领导", leaders)):
            unreachable = [f"{unit} {c.role} {c.name or c.contact_id}" for unit, c in people if c.last_wrote is None]
            lines.append(
                f"{label} {len(people)} 人，可私信 {len(people) - len(unreachable)} 人"
                + (f"；不可私信：{'、'.join(unreachable)}" if unreachable else "。")
            )
        lines.append(HOW_TO_REACH)
    else:
        lines.append(f"信息员 {len(liaisons)} 人，领导 {len(leaders)} 人。")
    lines.append("查看某单位：/通讯录 单位")
    return "\n".join(lines)


def _contact(c, wecom: bool) -> str:
    who = f"{c.role} {person(c.name, c.contact_id)}"
    when = f"{c.last_wrote:%-m月%-d日 %H:%M}" if c.last_wrote else None
    if wecom:
        return f"{who}：可私信（{when} 单聊发过消息）" if when else f"{who}：不可私信（还没单聊给机器人发过消息）"
    return f"{who}（企业微信上最近单聊：{when}）" if when else who
