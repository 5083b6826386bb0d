"""/我的得分, /我的报送, /排名: what a liaison asks about their unit."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.common.errors import EntryError
from bot.reports.summary import ranking_summary, unit_summary
from bot.settings.names import UnknownName

ORDER = 3  # where /帮助 and the docs list this module's commands


def _unit(ctx: Context) -> str:
    """The sender's own unit; an admin may name any unit."""
    if ctx.args:
        try:
            named = ctx.office.config.units.resolve(ctx.args, ctx.office.clock.now().year).name
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        if ctx.is_admin or named == ctx.unit:
            return named
        raise EntryError(f"信息员只能查询本单位（{ctx.unit}）；全区情况请用 /排名。")
    if ctx.unit is None:
        raise EntryError("请写明单位，例如：/我的得分 济办")
    return ctx.unit


@command(
    "/我的得分",
    usage="/我的得分（管理员可加单位名：/我的得分 济办）",
    summary="本单位今年的得分、任务占比和排名",
    role=Role.LIAISON,
    aliases=("/得分",),
)
def my_score(ctx: Context) -> str:
    board = ctx.office.scoreboard()
    unit = _unit(ctx)
    return unit_summary(
        board,
        board.row(unit),
        ctx.office.config.rules,
        _deduction_reasons(ctx, unit, board.period),
        ctx.office.year_end.unit_duties(unit, board.period),
    )


def _deduction_reasons(ctx: Context, unit: str, period) -> list[str]:
    """Why points were taken: 「6月30日 约稿迟报（六月约稿）」, so a liaison need not ask the office."""
    return [
        f"{e.date:%-m月%-d日} {e.deduction_kind}"
        + (f" ×{e.quantity}" if e.quantity > 1 else "")
        + (f"（{e.note}）" if e.note else "")
        for e in ctx.office.ledger.live_deductions(unit, period.start, period.end)
    ]


@command(
    "/我的报送",
    usage="/我的报送（管理员可加单位名：/我的报送 济办）",
    summary="本单位最近的报送及采用情况",
    role=Role.LIAISON,
    aliases=("/报送记录",),
)
def my_submissions(ctx: Context) -> str:
    unit = _unit(ctx)
    items = ctx.office.submissions.recent(unit, 10)
    if not items:
        return f"{unit} 还没有报送记录。报送格式：#报送 【标题】正文"
    lines = [f"{unit} 最近 {len(items)} 条报送："]
    for sub, adoptions in items:
        status = "；".join(f"《{a.publication}》{a.grade}" + (f" {a.issue}" if a.issue else "") for a in adoptions)
        how = f"（{sub.channel}）" if sub.channel else ""
        lines.append(
            f"#{sub.id} {sub.at:%-m月%-d日}《{sub.title}》{how} " + (f"已采用：{status}" if status else "未采用")
        )
    return "\n".join(lines)


@command("/排名", usage="/排名", summary="全区任务占比排名（前后各五名）", role=Role.LIAISON)
def ranking(ctx: Context) -> str:
    return ranking_summary(ctx.office.scoreboard(), highlight=ctx.unit)
