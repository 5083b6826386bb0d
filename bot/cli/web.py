"""`infobot web`: the office's desk alone, for console use (infobot run starts it beside chat by itself)."""

from __future__ import annotations

import asyncio

import click

from bot.cli.base import main, services
from bot.cli.errors import worded


@main.command()
@click.option("--as", "contact_id", default=None, help="为哪位管理员打印登录链接（联系人 id，默认第一位管理员）")
@click.pass_context
def web(ctx: click.Context, contact_id: str | None) -> None:
    """单独启动后台网页（不连接微信），并打印一次性登录链接。"""
    from bot.cli.chat import chat_app
    from bot.cli.logs import setup_logging
    from bot.office.desk_logins import LINK_MINUTES, LoginRefused
    from bot.web.server import DeskError, bind, serve

    svc = services(ctx)
    settings = svc.config.bot.web
    admins = svc.config.bot.admin_ids
    who = contact_id or svc.config.bot.admins[0].contact_id
    if who not in admins:
        click.echo(
            f"「{who}」不是 config/bot.yaml 中的管理员，不能登录后台。管理员：{'、'.join(sorted(admins))}", err=True
        )
        ctx.exit(2)
    try:
        sock = bind(settings)
    except DeskError as exc:
        click.echo(f"错误：{exc}", err=True)
        ctx.exit(2)
    from pathlib import Path

    setup_logging(Path(ctx.find_root().obj["db_path"]).parent / "logs", stderr_level=None)
    office = chat_app(ctx, None).office
    try:
        link = office.desk_logins.link(who)
    except LoginRefused as exc:
        click.echo(f"错误：{worded(exc)}", err=True)
        ctx.exit(1)
    click.echo(
        f"后台已启动：{settings.public_url}（按 Ctrl+C 停止）\n"
        f"{svc.config.bot.admin_name(who)}的一次性登录链接（{LINK_MINUTES} 分钟内有效，只能用一次）：\n{link}"
    )
    try:
        asyncio.run(serve(office, sock))
    except KeyboardInterrupt:
        pass
