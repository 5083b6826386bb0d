"""/共同任务, /年终 and /信息员统计: the year-end assessment of 附件2 (共同任务 + 采用得分 = 年终合计) and the
liaisons' figures."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.handlers.args import need, no_more, split_extras
from bot.handlers.research import year_arg
from bot.common.errors import EntryError
from bot.reports.annual import annual_summary
from bot.reports.people import liaison_summary
from bot.scoring import Period

ORDER = 9  # where /帮助 and the docs list this module's commands


@command(
    "/共同任务",
    usage="/共同任务 <单位> <项目> <分> [日期]（项目：领导重视、上报积极、业务培训、政研工作）",
    summary="登记年终共同任务得分（不超过满分；再次登记即更正）",
    role=Role.ADMIN,
    example="/共同任务 组织部 政研工作 25",
)
def common_task(ctx: Context) -> str:
    tokens = ctx.args_tokens()
    need(tokens, 3, ["单位", "项目", "得分"])
    # Dated any day of this year (it counts as of 12-31): the draft builder checks that.
    rest, _, _, on = split_extras(tokens[3:], ctx.office.clock.now().date(), allow_future=True)
    no_more(rest)
    given = tokens[2].removesuffix("分")
    if not given.isdigit():
        raise EntryError(f"得分应为整数，如 8 或 8分，实际是「{tokens[2][:20]}」。")
    result = ctx.office.common_tasks.score(tokens[0], tokens[1], int(given), on, ctx.by)
    e = result.entry
    lines = [
        f"已登记 #{e.id}：{e.unit} {e.date.year} 年共同任务「{e.task}」{e.task_points} 分（满分 {result.top} 分）。"
    ]
    if result.replaced:
        lines.append("原登记已撤销：" + "、".join(f"#{i} {p} 分" for i, p in result.replaced) + "。")
    board = ctx.office.itemized_scoreboard(Period.whole_year(e.date.year))
    row = board.row(e.unit_name)
    lines.append(
        f"{e.unit} {e.date.year} 年共同任务合计 {row.common_task_points} 分，"
        f"采用得分 {row.total} 分，年终合计 {row.year_end_total} 分。"
    )
    return "\n".join(lines)


def assessed_year(ctx: Context) -> int:
    """The year named in the arguments (this year by default), which must have started and be assessed."""
    today = ctx.office.clock.now().date()
    year = year_arg(ctx.args, today.year)
    if year > today.year:
        raise EntryError(f"{year} 年度还没有开始，没有考核数据。可查询 {today.year} 年及以前的年度。")
    if not ctx.office.config.units.assessed(year):
        raise EntryError(f"{year} 年度没有被考核单位（见 {ctx.office.config.file('units.yaml')}）。")
    return year


@command(
    "/年终",
    usage="/年终 [年度]",
    summary="年终考核表前列、先进单位和先进个人候选",
    role=Role.ADMIN,
    example="/年终 2019",
)
def year_end(ctx: Context) -> str:
    year = assessed_year(ctx)
    found = ctx.office.year_end.assessment(ctx.office.itemized_scoreboard(Period.whole_year(year)))
    return annual_summary(
        found.board, ctx.office.config.rules, found.rows, found.people, provisional=year >= ctx.office.clock.now().year
    )


@command(
    "/信息员统计",
    usage="/信息员统计 [年度]",
    summary="各信息员的报送、采用（分级）、采用率、约稿按时、紧急信息及时",
    role=Role.ADMIN,
    example="/信息员统计 2018",
)
def liaison_figures(ctx: Context) -> str:
    return liaison_summary(ctx.office.year_end.liaisons(assessed_year(ctx)))
