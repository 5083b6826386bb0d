"""The office's commands: record adoptions, bonuses and deductions; reverse; count submissions."""

from __future__ import annotations

from datetime import timedelta

from bot.chat.commands import Role, command
from bot.chat.context import Context, OfficeFront
from bot.handlers.args import need, no_more, positive_int, split_extras, submission_or_unit, take_again
from bot.ledger.drafts import MAX_TRAINING_PERSONS
from bot.common.errors import EntryError
from bot.model.facts import Entry
from bot.model.facts import describe
from bot.reports.summary import rank_text
from bot.scoring import Period
from bot.office.submissions import week_start

ORDER = 5  # where /帮助 and the docs list this module's commands


def _today(ctx: OfficeFront):
    return ctx.office.clock.now().date()


def recorded(ctx: OfficeFront, entry: Entry, extra: str = "") -> str:
    """What was recorded, its points as they count now, and the unit's new total for that year."""
    today = _today(ctx)
    earlier_year = entry.date.year != today.year
    period = Period.whole_year(entry.date.year) if earlier_year else Period.year_to_date(max(today, entry.date))
    board = ctx.office.scoreboard(period, detail=entry.unit)
    row = board.row(entry.unit_name)
    line = next(ln for ln in row.lines if ln.entry.id == entry.id)
    worth = f"{line.points:+d} 分" if line.counted else f"记 0 分：{line.note}"
    if entry.kind == "adoption" and line.counted:  # 重复发表: an earlier adoption it now outweighs
        displaced = ctx.office.editorial.outcome(entry)
        worth += f"（{displaced.note}）" if displaced.displaced else ""
    if _disqualifies(ctx, entry):
        worth = ("不另扣分" if line.points == 0 else worth) + f"，取消{entry.unit}{entry.date.year}年评先资格"
    year = f"{entry.date.year} 年" if earlier_year else ""
    return (
        f"已登记 #{entry.id}：{entry.unit} {describe(entry)}，{worth}{extra}。\n"
        f"{entry.unit} {year}累计 {row.total} 分，任务占比 {row.percent}%，{rank_text(board, row)}。"
    )


def _disqualifies(ctx: OfficeFront, entry: Entry) -> bool:
    """A deduction (紧急信息情节特别严重) that takes away the year's 评先资格."""
    kinds = ctx.office.config.rules.for_year(entry.date.year).deductions
    return entry.deduction_kind in kinds and kinds[entry.deduction_kind].disqualifies


def _save(ctx: Context, draft) -> Entry:
    """Record a fact, unless the same fact is already recorded and the admin did not say 「再次」."""
    return ctx.office.ledger.record([draft], ctx.by, again=ctx.again)[0]


@command(
    "/采用",
    usage="/采用 <报送编号|单位> <刊物> <类型> [第N期] [《标题》] [日期]",
    summary="登记一条采用",
    role=Role.ADMIN,
    example="/采用 12 上街信息 单条 第22期",
)
def adopt(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 2, ["报送编号或单位", "刊物"])
    unit, sub = submission_or_unit(ctx, tokens[0])
    rest, issue, title, on = split_extras(tokens[2:], _today(ctx), issues=True)
    no_more(rest, 1)
    not_before_submission(sub, on, "采用")
    draft = ctx.office.drafts.adoption(
        unit,
        tokens[1],
        rest[0] if rest else None,
        on,
        issue=issue,
        title=title or (sub.title if sub else None),
        submission_id=sub.id if sub else None,
    )
    _need_title(sub, title, "/采用 济办 上街信息 单条 《标题》", "/采用 12 上街信息 单条")
    entry = _save(ctx, draft)
    return recorded(ctx, entry, f"（报送 #{sub.id}）" if sub else "")


def not_before_submission(sub, on, what: str) -> None:
    """What happened to a submission (采用, 批示, 优质) cannot be dated before it was sent."""
    if sub is not None and on < sub.at.date():
        raise EntryError(
            f"{what}日期 {on:%Y年%-m月%-d日} 早于报送 #{sub.id} 的报送日期 {sub.at:%Y年%-m月%-d日}，"
            "请核对日期或报送编号。"
        )


def _need_title(sub, title: str | None, by_unit: str, by_number: str) -> None:
    """Without a submission number, the title says which item it was; a blank one leaves 「— —」 in the tables."""
    if sub is None and not title:
        raise EntryError(f"请写明信息标题，如：{by_unit}；或用报送编号：{by_number}。")


def _latest_adoption(ctx: Context, sub) -> Entry | None:
    return ctx.office.submissions.latest_adoption(sub.id) if sub else None


@command(
    "/批示",
    usage="/批示 <报送编号|单位> 省|市|区 [《标题》] [日期]",
    summary="登记领导批示加分",
    role=Role.ADMIN,
    example="/批示 12 市",
)
def instruct(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 2, ["报送编号或单位", "批示级别（省/市/区）"])
    unit, sub = submission_or_unit(ctx, tokens[0])
    rest, _, title, on = split_extras(tokens[1:], _today(ctx))
    no_more(rest, 1)
    not_before_submission(sub, on, "批示")
    adoption = _latest_adoption(ctx, sub)
    draft = ctx.office.drafts.instruction(
        unit,
        rest[0] if rest else None,
        on,
        title=title or (sub.title if sub else None),
        ref_id=adoption.id if adoption else None,
    )
    return recorded(ctx, _save(ctx, draft))


@command(
    "/培训",
    usage="/培训 <单位> <人次> [说明] [日期]",
    summary="登记培训学习（每人次 15 分）",
    role=Role.ADMIN,
    example="/培训 济办 2",
)
def train(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 2, ["单位", "人次"])
    count = tokens[1].removesuffix("人次").removesuffix("人")
    # Too many 人次 is refused by the draft builder, with advice; here only what is not a count at all.
    persons = (
        int(count)
        if count.isdigit() and int(count) > 0
        else positive_int(tokens[1], "人次", limit=MAX_TRAINING_PERSONS)
    )
    if count.isdigit() and tokens[2:3] in (["人次"], ["人"]):  # 「3 人次」 is 「3人次」, not a note
        del tokens[2]
    rest, _, title, on = split_extras(tokens[2:], _today(ctx))
    draft = ctx.office.drafts.training(tokens[0], persons, on, note=title or " ".join(rest) or None)
    return recorded(ctx, _save(ctx, draft))


@command(
    "/优质",
    usage="/优质 <报送编号|单位> [《标题》] [日期]",
    summary="登记优质信息（每条 5 分）",
    role=Role.ADMIN,
    example="/优质 12；/优质 环保局 《标题》",
)
def award(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 1, "报送编号或单位")
    unit, sub = submission_or_unit(ctx, tokens[0])
    rest, issue, title, on = split_extras(tokens[1:], _today(ctx), issues=True)
    no_more(rest, 1)
    not_before_submission(sub, on, "优质信息")
    adoption = _latest_adoption(ctx, sub)
    draft = ctx.office.drafts.award(
        unit,
        rest[0] if rest else None,
        on,
        title=title or (sub.title if sub else None),
        issue=issue or (adoption.issue if adoption else None),
        ref_id=adoption.id if adoption else None,
    )
    _need_title(sub, title, "/优质 环保局 《标题》", "/优质 12")
    return recorded(ctx, _save(ctx, draft))


@command(
    "/扣分",
    usage="/扣分 <单位> <原因> [说明] [日期]",
    summary="登记扣分（原因如 约稿迟报、紧急信息Ⅳ级）",
    role=Role.ADMIN,
    example="/扣分 城管局 约稿迟报 六月环境整治约稿",
)
def deduct(ctx: Context) -> str:
    ctx.again = take_again(ctx)
    tokens = ctx.args_tokens()
    need(tokens, 2, ["单位", "扣分原因"])
    rest, _, title, on = split_extras(tokens[2:], _today(ctx))
    numbers = [t for t in rest if t.isdigit()]
    if numbers:
        raise EntryError(
            f"「{numbers[0]}」是什么？每条 /扣分 登记一次扣分；说明请写文字，如：/扣分 济办 约稿迟报 六月约稿。"
        )
    note = " ".join(([title] if title else []) + rest) or None
    draft = ctx.office.drafts.deduction(tokens[0], tokens[1], on, note=note)
    return recorded(ctx, _save(ctx, draft))


@command(
    "/撤销",
    usage="/撤销 <记录号> <原因>",
    summary="撤销一条登记（原记录保留）",
    role=Role.ADMIN,
    example="/撤销 45 刊物登记错误",
)
def reverse(ctx: Context) -> str:
    tokens = ctx.args.split(maxsplit=1)
    need(tokens, 1, "记录号")
    entry_id = positive_int(tokens[0].lstrip("#"), "记录号")
    reversal = ctx.office.ledger.reverse(entry_id, tokens[1] if len(tokens) > 1 else "", ctx.by)
    return reversed_text(ctx.office, ctx.office.ledger.existing(entry_id), reversal)


def reversed_text(office, original: Entry, reversal: Entry) -> str:
    """The answer to a reversal (in chat or on the desk), with the unit's new total."""
    board = office.scoreboard()
    total = (
        f"{original.unit} 现累计 {board.row(original.unit_name).total} 分。"
        if original.unit in {r.unit.name for r in board.rows}
        else ""
    )
    return f"已撤销 #{original.id}（{original.unit} {describe(original)}），撤销记录 #{reversal.id}：{reversal.note}。{total}"


@command(
    "/报送统计",
    usage="/报送统计 [本周|本月]",
    summary="各单位报送条数与每周任务",
    role=Role.ADMIN,
    example="/报送统计；/报送统计 本月",
)
def stats(ctx: Context) -> str:
    now = ctx.office.clock.now()
    which = ctx.args.strip() or "本周"
    if which == "本周":
        start = week_start(now)
        end = start + timedelta(days=7)
        label = f"本周（{start:%-m月%-d日}至{end - timedelta(days=1):%-m月%-d日}）"
    elif which == "本月":
        start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = (start + timedelta(days=32)).replace(day=1)
        label = f"本月（{start:%Y年%-m月}）"
    else:
        raise EntryError(f"未知统计范围「{which}」。可用：本周、本月")
    counts = ctx.office.submissions.counts(start, end)
    units = ctx.office.config.units.assessed(now.year)
    lines = [f"{label}报送统计：共 {sum(counts.values())} 条。"]
    channels = ctx.office.submissions.channel_counts(start, end)
    if channels:
        lines[0] += "其中代登记：" + "、".join(f"{c} {n}" for c, n in channels.items()) + "。"
    if which == "本周":
        short = ctx.office.submissions.week_progress(now)
        behind = [f"{n} {c}/{q}" for n, c, q in short if c < q]
        done = [f"{n} {c}" for n, c, q in short if c >= q]
        lines.append(f"未完成每周任务（{len(behind)} 个）：{'、'.join(behind) or '无'}")
        lines.append(f"已完成（{len(done)} 个）：{'、'.join(done) or '无'}")
    else:
        ranked = sorted(units, key=lambda u: (-counts.get(u.name, 0), u.order))
        lines.append("、".join(f"{u.name} {counts.get(u.name, 0)}" for u in ranked))
    return "\n".join(lines)
