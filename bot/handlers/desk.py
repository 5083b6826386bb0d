"""/后台: a one-time link to the office's desk (bot/web/); /后台 退出 ends the admin's desk sessions."""
from __future__ import annotations

from bot.chat.commands import Registry, Role, Where
from bot.chat.context import Context
from bot.ledger.drafts import EntryError
from bot.office.desk_logins import LINK_MINUTES, SESSION_HOURS, LoginRefused

USAGE = "/后台（得到一次性登录链接）或 /后台 退出（结束您在后台的全部登录）"


def register(reg: Registry) -> None:
    reg.command("/后台", usage=USAGE, summary="后台网页的一次性登录链接", role=Role.ADMIN,
                where=Where.PRIVATE)(desk)


def desk(ctx: Context) -> str:
    args = ctx.args.strip()
    if args in ("退出", "登出"):
        ended = ctx.app.desk_logins.end(ctx.by)
        return f"已退出后台：结束了您的 {ended} 个登录。" if ended else "您在后台没有登录中的会话。"
    if args:
        raise EntryError(f"「{args}」不是 /后台 的选项。")
    if not ctx.app.config.bot.web.enabled:
        note = "（config/bot.yaml 中 web.enabled 为 false：infobot run 不启动后台，请用 infobot web 单独启动。）"
    else:
        note = ""
    try:
        url = ctx.app.desk_logins.link(ctx.by)
    except LoginRefused as exc:
        refusal = EntryError(str(exc))
        refusal.show_usage = False
        raise refusal from None
    return (f"后台登录链接（{LINK_MINUTES} 分钟内有效，只能用一次，请勿转发）：\n{url}\n"
            f"登录后 {SESSION_HOURS} 小时内有效；用完可发送「/后台 退出」。{note}")
