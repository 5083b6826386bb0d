"""#调研, /课题, /调研情况, /调研奖, /优秀调研: the research work of 附件1 and the 评先激励机制."""

from __future__ import annotations

from bot.chat.commands import Role, Where, command
from bot.chat.context import Context
from bot.handlers.args import need, no_more, split_extras, submission_or_unit, take_again
from bot.handlers.office import recorded
from bot.handlers.submission import attach_hint, item
from bot.common.errors import EntryError
from bot.model.research import HALVES
from bot.office.research import half_of

ORDER = 10  # where /帮助 and the docs list this module's commands

EXCELLENT = "优秀调研文章"


@command(
    "#调研",
    usage="#调研 <课题号> 【标题】正文（经验专期：#调研 专期 【标题】正文；课题号见 /课题）",
    summary="上报调研报告（按附件1 课题）或经验专期",
    role=Role.LIAISON,
    where=Where.GROUP,
    example="#调研 5 【标题】正文；#调研 专期 【标题】正文",
)
def submit(ctx: Context) -> str:
    if ctx.unit is None:
        raise EntryError("您还没有绑定单位，无法上报调研报告。请先发送「/绑定 单位名」。")
    parts = ctx.args.strip().split(maxsplit=1)
    if len(parts) < 2:
        raise EntryError("请写明课题号和报告，如：#调研 7 【关于新型社区管理的调研】正文。")
    title, body = item(parts[1], "调研报告")
    report, receipt = ctx.office.research.submit(
        ctx.unit, ctx.msg.sender_id, ctx.msg.sender_name, parts[0], title, body, ctx.msg.message_id, ctx.msg.at
    )
    what = f"课题 {report.topic.number}「{report.topic.name}」调研报告" if report.topic else "经验专期"
    lines = [
        f"已收到 {ctx.unit} {report.year}年{HALVES[report.half]}{what}《{report.title}》"
        f"（调研 #{report.id}，报送 #{report.submission_id}）。"
    ]
    if receipt.duplicate:
        lines.append(
            f"正文与 {receipt.submission.at:%-m月%-d日} 的报送 #{receipt.submission.id} 相同，未另计报送条数。"
        )
    lines.append(f"报告全文{attach_hint(ctx).removeprefix('附件')}，机器人自动附上；也可发邮件至政研邮箱。")
    return "\n".join(lines)


@command(
    "/课题", usage="/课题 [年度]", summary="本年度调研选题范围（课题号和课题）", role=Role.LIAISON, example="/课题 2019"
)
def topics(ctx: Context) -> str:
    year = year_arg(ctx.args, ctx.office.clock.now().year)
    found = ctx.office.research.topics(year)
    if not found:
        return f"{year} 年度没有配置调研课题（{ctx.office.config.file('topics.yaml')}）。"
    lines = [f"{year}年度调研选题范围（上报：#调研 课题号 【标题】正文）："]
    section = None
    for t in found:
        if t.section != section:
            section = t.section
            lines.append(section)
        lines.append(f"  {t.number}. {t.name}" if t.number else f"  0 或 其它：{t.name}")
    return "\n".join(lines)


@command(
    "/调研情况",
    usage="/调研情况 [年度] [上半年|下半年]",
    summary="各单位调研报告、经验专期、市级专期和《上街政研》文章的完成情况",
    role=Role.ADMIN,
    example="/调研情况；/调研情况 2019 上半年",
)
def status(ctx: Context) -> str:
    today = ctx.office.clock.now().date()
    words = ctx.args.split()
    halves_asked = [h for h, name in HALVES.items() if name in words]
    year = year_arg(" ".join(w for w in words if w not in HALVES.values()), today.year)
    upto = min(today, today.replace(year=year, month=12, day=31)) if year == today.year else None
    last = half_of(today) if year == today.year else 2
    halves = halves_asked or list(range(1, last + 1))
    units = ctx.office.research.status(year, upto)
    lines = [f"{year}年调研情况" + (f"（截至{today:%-m月%-d日}）" if upto else "") + "："]
    for h in halves:
        missing_report = [u.unit for u in units if not u.reports[h]]
        missing_special = [u.unit for u in units if not u.specials[h]]
        lines.append(
            f"{HALVES[h]}调研报告：已报 {len(units) - len(missing_report)} 个，未报 {len(missing_report)} 个"
            + (f"：{'、'.join(missing_report)}" if missing_report else "")
        )
        lines.append(
            f"{HALVES[h]}经验专期：已报 {len(units) - len(missing_special)} 个，未报 {len(missing_special)} 个"
            + (f"：{'、'.join(missing_special)}" if missing_special else "")
        )
    key = [u for u in units if u.key_work]
    if key:
        lines.append(f"一镇五办及承担重点工作的部门（{len(key)} 个）全年：")
        lines.append("市级专期未发表：" + ("、".join(u.unit for u in key if not u.city_specials) or "无"))
        lines.append("《上街政研》文章未发表：" + ("、".join(u.unit for u in key if not u.articles) or "无"))
    none = [u.unit for u in units if not u.submitted_to_zhengyan]
    lines.append(f"全年未向《上街政研》投稿（年底后提议扣分）：{'、'.join(none) or '无'}")
    return "\n".join(lines)


@command(
    "/调研奖",
    usage="/调研奖 <单位> 一等|二等|三等 《标题》",
    summary="登记年终优秀调研成果奖（不计分）",
    role=Role.ADMIN,
    example="/调研奖 济办 一等 《关于城市精细化管理的调研》",
)
def prize(ctx: Context) -> str:
    tokens = ctx.args_tokens()
    need(tokens, 1, "单位、奖项（一等、二等、三等）、《标题》")
    rest, _, title, on = split_extras(tokens[1:], ctx.office.clock.now().date())
    missing = ([] if rest else ["奖项（一等、二等、三等）"]) + ([] if title else ["《标题》"])
    need([], len(missing), missing)
    no_more(rest, 1)
    grade = rest[0] if rest else ""
    new_id = ctx.office.research.prize(tokens[0], grade, title or "", on.year, ctx.by)
    prize = next(p for p in ctx.office.research.prizes(on.year) if p.id == new_id)
    return (
        f"已登记 {on.year} 年度优秀调研成果奖：{prize.unit}《{prize.title}》{prize.grade}奖（不计分），"
        f"将列入年度情况通报。"
    )


@command(
    "/优秀调研",
    usage="/优秀调研 <报送编号|单位> [《标题》] [日期]",
    summary="登记季度优秀调研文章（每篇 5 分）",
    role=Role.ADMIN,
    example="/优秀调研 12",
)
def excellent(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 1, "报送编号或单位")
    unit, sub = submission_or_unit(ctx, tokens[0])
    rest, issue, title, on = split_extras(tokens[1:], ctx.office.clock.now().date(), issues=True)
    no_more(rest)
    adoption = ctx.office.submissions.latest_adoption(sub.id) if sub else None
    draft = ctx.office.drafts.award(
        unit,
        EXCELLENT,
        on,
        title=title or (sub.title if sub else None),
        issue=issue or (adoption.issue if adoption else None),
        ref_id=adoption.id if adoption else None,
    )
    return recorded(ctx, ctx.office.ledger.record([draft], ctx.by, again=ctx.again)[0])


def year_arg(text: str, default: int) -> int:
    """「2019」「2019年」「2019年度」, or `default` when nothing is given."""
    given = text.strip()
    text = given.removesuffix("年度").removesuffix("年")
    if not text:
        return default
    if not (text.isdigit() and len(text) == 4):
        raise EntryError(f"年度应写成四位数字，如 2019 或 2019年（不写即今年），实际是「{given[:20]}」。")
    return int(text)
