"""/领导调整 and /承诺书: the 15-working-day clock for the 《紧急信息报送承诺书》."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.handlers.args import need, no_more, split_extras

ORDER = 11  # where /帮助 and the docs list this module's commands


def _args(ctx: Context):
    tokens = ctx.args_tokens()
    need(tokens, 1, "单位")
    rest, _, _, on = split_extras(tokens[1:], ctx.office.clock.now().date())
    no_more(rest)
    return tokens[0], on


@command(
    "/领导调整",
    usage="/领导调整 <单位> [日期]",
    role=Role.ADMIN,
    summary="单位主要领导调整：开始计算签订《紧急信息报送承诺书》的 15 个工作日",
    example="/领导调整 济办 9月25日",
)
def leader_changed(ctx: Context) -> str:
    unit, on = _args(ctx)
    p = ctx.office.pledges.start(unit, on, ctx.by)
    remind = ctx.office.pledges.remind_on(p)
    return (
        f"已登记：{p.describe()}（{ctx.office.pledges.workdays} 个工作日，按法定节假日和调休计算）。"
        f"{remind:%-m月%-d日}提醒该单位信息员；逾期未签订的，每个工作日向管理员列出。签订后发送「/承诺书 {p.unit}」。"
    )


@command(
    "/承诺书",
    usage="/承诺书 <单位> [日期]",
    role=Role.ADMIN,
    summary="单位已签订《紧急信息报送承诺书》",
    example="/承诺书 济办",
)
def signed(ctx: Context) -> str:
    unit, on = _args(ctx)
    closed = ctx.office.pledges.sign(unit, on, ctx.by)
    p = closed[0]
    late = f"，超过截止日 {p.due:%-m月%-d日}" if on > p.due else "，在期限内"
    return f"已登记：{p.unit}于 {on:%Y年%-m月%-d日} 签订《紧急信息报送承诺书》（领导调整 {p.changed_on:%-m月%-d日}{late}）。"
