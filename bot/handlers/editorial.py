"""Editing the office's own publication: /组刊, /刊发, /撤刊, /刊物, /待采用."""

from __future__ import annotations

from datetime import date

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.handlers.args import issue_digits, need, no_more, positive_int, split_extras, take_again
from bot.model.message import Outgoing
from bot.handlers.issue_contents import parse_contents
from bot.model.issues import STATUS, IssueView, issue_label
from bot.scoring.preview import Outcome
from bot.chat.hints import worded
from bot.office.editorial import Publishing, Withdrawal
from bot.office.notices import GroupUnknown

ORDER = 8  # where /帮助 and the docs list this module's commands

INBOX_DAYS = 14
INBOX_LINES = 50


def cn_day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def worth(o: Outcome) -> str:
    if not o.counted:
        return f"记 0 分：{o.note}"
    return f"{o.points:+d} 分" + (f"（{o.note}）" if o.note else "")


def contents(view: IssueView) -> list[str]:
    lines = []
    for n, slot in enumerate(view.slots, start=1):
        who = "、".join(f"{i.unit} #{i.submission_id}" for i in slot.items)
        lines.append(f"{n}. {slot.grade}《{slot.heading}》 {who}")
    return lines


def figures(outcomes: list[Outcome]) -> list[str]:
    lines = [f"{o.entry.unit}《{o.entry.title}》{o.entry.grade} {worth(o)}" for o in outcomes]
    lines.append(total(outcomes))
    return lines


def total(outcomes: list[Outcome]) -> str:
    """The net change: what the issue adds, less what it makes no longer count."""
    lost = sum(o.displaced for o in outcomes)
    net = sum(o.net for o in outcomes)
    return f"合计 {net:+d} 分" + (f"（已减去改为不计的 {lost} 分）" if lost else "") + "。"


@command(
    "/组刊",
    usage="/组刊 <刊物> 第N期 <类型> <报送编号…> [<类型> <报送编号…>]…"
    "（如：/组刊 上街信息 第23期 单条 12 15 综合 20+21+22 简讯 30 31）",
    summary="用报送组一期《上街信息》或公众号（草稿，发来 Word 稿，不计分）",
    role=Role.ADMIN,
    example="/组刊 上街信息 第23期 单条 12 15 综合 20+21+22 简讯 30 31",
)
def compose(ctx: Context) -> None:
    tokens = ctx.args_tokens()
    need(tokens, 3, ["刊物", "期数", "本期内容"])
    editorial = ctx.office.editorial
    specs = parse_contents(tokens[2:], editorial.publication(tokens[0]))
    done = editorial.compose(tokens[0], issue_digits(tokens[1]), specs, ctx.by)
    view = done.issue
    again = "，已替换原草稿" if done.replaced else ""
    ctx.reply(
        "\n".join(
            [
                f"已组{view.label}（草稿{again}，尚未计分），共 {len(view.slots)} 篇 {len(view.items)} 条：",
                *contents(view),
                "刊发后各单位计分：",
                *figures(done.outcomes),
                f"Word 稿已私信发给您。确认无误后发送：/刊发 {view.publication} 第{view.number}期",
            ]
        )
    )
    # Captioned as the monthly bulletin's files are, so WeChat shows the file alone.
    ctx.out.append(Outgoing(f"附件：{done.document.name}", contact_id=ctx.by, file_path=str(done.document)))


@command(
    "/刊发",
    usage="/刊发 <刊物> 第N期 [日期]",
    summary="刊发组好的一期：登记全部采用并在群里公布",
    role=Role.ADMIN,
    example="/刊发 上街信息 第23期",
)
def publish(ctx: Context) -> None:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 2, ["刊物", "期数"])
    rest, _, _, on = split_extras(tokens[2:], ctx.office.clock.now().date())
    no_more(rest)
    done = ctx.office.editorial.publish(tokens[0], issue_digits(tokens[1]), on, ctx.by, again=ctx.again)
    post, posted = published_post(ctx.office, done)
    lines = [f"已刊发{done.issue.label}（{cn_day(on)}），登记 {len(done.outcomes)} 条采用："]
    lines += [f"#{o.entry.id} {o.entry.unit}《{o.entry.title}》{o.entry.grade} {worth(o)}" for o in done.outcomes]
    lines.append(total(done.outcomes) + posted)
    ctx.reply("\n".join(lines))
    ctx.out += post


def published_post(office, done: Publishing) -> tuple[list[Outgoing], str]:
    """The group's announcement of a published issue (after /刊发 and the desk's 刊发 alike)."""
    parts = [f"{o.entry.unit}《{o.entry.title}》{o.entry.grade}" for o in done.outcomes]
    return to_group(
        office, f"{done.issue.label}已刊发：{'，'.join(parts)}。", [o.entry.unit_name for o in done.outcomes]
    )


def withdrawn_post(office, done: Withdrawal) -> tuple[list[Outgoing], str]:
    """The group's announcement of a withdrawn issue (after /撤刊 and the desk's 撤刊 alike)."""
    issue = done.issue
    return to_group(
        office,
        f"{issue.label}已撤刊（{issue.record.withdraw_reason}），本期登记的采用不再计分。",
        [item.unit for _, item in issue.items],
    )


def to_group(office, text: str, units: list[str]) -> tuple[list[Outgoing], str]:
    """A post to the group @-ing the units' liaisons, and a word for the admin on whether it went."""
    mentions = [cid for unit in dict.fromkeys(units) for cid in office.members.liaisons_of(unit)]
    try:
        return [office.notices.to_group(text, mentions)], "已在群里公布。"
    except GroupUnknown as exc:
        return [], f"未能在群里公布：{worded(exc)}"


@command(
    "/撤刊",
    usage="/撤刊 <刊物> 第N期 <原因>",
    summary="撤回已刊发的一期：撤销其全部采用",
    role=Role.ADMIN,
    example="/撤刊 上街信息 第23期 期数登记错误",
)
def withdraw(ctx: Context) -> None:
    tokens = ctx.args.split(maxsplit=2)
    need(tokens, 2, ["刊物", "期数"])
    done = ctx.office.editorial.withdraw(
        tokens[0], issue_digits(tokens[1]), tokens[2] if len(tokens) > 2 else "", ctx.by
    )
    issue = done.issue
    reason = issue.record.withdraw_reason
    post, posted = withdrawn_post(ctx.office, done)
    ids = "、".join(f"#{r.reverses}" for r in done.reversals) or "无"
    text = f"已撤刊{issue.label}：撤销 {len(done.reversals)} 条采用（{ids}），原因：{reason}。"
    if done.already:
        text += f"另有 {'、'.join(f'#{i}' for i in done.already)} 此前已单独撤销。"
    ctx.reply(text + f"如需重新刊发，请重新 /组刊 {issue.publication} 第{issue.number}期 后再 /刊发。{posted}")
    ctx.out += post


@command(
    "/刊物",
    usage="/刊物 [刊物] [第N期]",
    summary="最近各期，或某一期的内容和采用",
    role=Role.ADMIN,
    example="/刊物；/刊物 公众号；/刊物 上街信息 第23期",
)
def issues(ctx: Context) -> str:
    tokens = [issue_digits(t) for t in ctx.args_tokens()]
    no_more(tokens, 2)
    editorial = ctx.office.editorial
    if len(tokens) == 2 or (tokens and tokens[0].lstrip("第").rstrip("期").isdigit()):
        pub, number = (
            tokens if len(tokens) == 2 else [editorial.default_publication(ctx.office.clock.now().year).name, *tokens]
        )
        return _show(ctx, editorial.find(pub, number))
    records = editorial.recent(tokens[0] if tokens else None)
    if not records:
        return "还没有组过刊。用 /组刊 上街信息 第N期 单条 12 … 组一期。"
    lines = ["最近各期："]
    for r in records:
        when = cn_day(r.published_on or r.composed_at)
        lines.append(f"{issue_label(r.publication, r.number)} {STATUS[r.status]} {when}，{r.articles} 篇 {r.items} 条")
    return "\n".join(lines)


def _show(ctx: Context, view: IssueView) -> str:
    record = view.record
    state = {
        "draft": f"草稿（{cn_day(record.composed_at)} 组刊）",
        "published": f"已刊发（{cn_day(record.published_on)}）",
        "withdrawn": f"已撤刊（{cn_day(record.withdrawn_at)}：{record.withdraw_reason}）",
    }[view.status]
    lines = [f"{view.label} {state}，共 {len(view.slots)} 篇 {len(view.items)} 条：", *contents(view)]
    if view.status != "draft":
        lines.append("采用：")
        lines += [
            f"#{o.entry.id} {o.entry.unit}《{o.entry.title}》{o.entry.grade} {worth(o)}"
            for o in ctx.office.editorial.adoptions(view)
        ]
    return "\n".join(lines)


@command(
    "/待采用",
    usage=f"/待采用 [天数]（默认 {INBOX_DAYS} 天）",
    summary="近期还没有用进任何一期的报送，从早到晚",
    role=Role.ADMIN,
    example="/待采用；/待采用 30",
)
def inbox(ctx: Context) -> str:
    tokens = ctx.args_tokens()
    no_more(tokens, 1)
    days = positive_int(tokens[0].removesuffix("天"), "天数", limit=366) if tokens else INBOX_DAYS
    rows = ctx.office.editorial.inbox(days)
    if not rows:
        return f"近 {days} 天的报送都已用进刊物。"
    lines = [f"近 {days} 天还没有用进任何一期的报送（{len(rows)} 条，从早到晚）："]
    lines += [f"#{s.id} {cn_day(s.at)} {s.unit}《{s.title}》" for s in rows[:INBOX_LINES]]
    if len(rows) > INBOX_LINES:
        lines.append(f"……另有 {len(rows) - INBOX_LINES} 条，可缩短天数查看。")
    return "\n".join(lines)
