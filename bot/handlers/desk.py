"""/后台: a one-time link to the office's desk (bot/web/); /后台 退出 ends the admin's desk sessions."""

from __future__ import annotations

from bot.chat.commands import Role, Where, command
from bot.chat.context import Context
from bot.common.errors import EntryError
from bot.office.desk_logins import LINK_MINUTES, SESSION_HOURS

ORDER = 12  # where /帮助 and the docs list this module's commands


@command(
    "/后台",
    usage="/后台 [退出]",
    summary="后台网页的一次性登录链接；写「退出」结束您在后台的全部登录",
    role=Role.ADMIN,
    where=Where.PRIVATE,
    example="/后台",
)
def desk(ctx: Context) -> str:
    args = ctx.args.strip()
    if args in ("退出", "登出"):
        ended = ctx.office.desk_logins.end(ctx.by)
        return f"已退出后台：结束了您的 {ended} 个登录。" if ended else "您在后台没有登录中的会话。"
    if args:
        raise EntryError(f"「{args}」不是 /后台 的选项：只发 /后台 得到登录链接，发 /后台 退出 结束登录。")
    if not ctx.office.config.bot.web.enabled:
        note = "（config/bot.yaml 中 web.enabled 为 false：infobot run 不启动后台，请用 infobot web 单独启动。）"
    else:
        note = ""
    url = ctx.office.desk_logins.link(ctx.by)  # LoginRefused (a UserError) is worded by the router
    return (
        f"后台登录链接（{LINK_MINUTES} 分钟内有效，只能用一次，请勿转发）：\n{url}\n"
        f"登录后 {SESSION_HOURS} 小时内有效；用完可发送「/后台 退出」。{note}"
    )
