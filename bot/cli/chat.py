"""`infobot run / console / say`: the bot itself, on WeChat or on the local console."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import click

from bot.cli.base import main, services


def chat_app(ctx: click.Context, transport):
    from bot.app import build_app

    from bot.reports.bulletin_files import bulletin_files

    svc = services(ctx)
    data = Path(ctx.find_root().obj["db_path"]).parent
    return build_app(
        svc.config,
        svc.store,
        transport,
        svc.clock,
        files_dir=data / "attachments",
        bulletin_renderer=bulletin_files(data / "reports", svc.config.rules),
    )


def default_identity(ctx: click.Context, contact_id: str | None, name: str | None, private: bool):
    from bot.cli.console import Identity

    admins = services(ctx).config.bot.admins
    if contact_id is None:
        contact_id, name = admins[0].contact_id, name or admins[0].name
    known = {a.contact_id: a.name for a in admins}
    return Identity(contact_id, name or known.get(contact_id, contact_id), private)


@main.command()
@click.option("--as", "contact_id", default=None, help="以哪个联系人 id 发言（默认：第一位管理员）")
@click.option("--name", default=None, help="昵称")
@click.pass_context
def console(ctx: click.Context, contact_id: str | None, name: str | None) -> None:
    """本地控制台：代替微信群，以某个成员的身份发消息、看回复（不运行定时任务）。"""
    start_console(ctx, contact_id, name, scheduled=False)


def start_console(ctx: click.Context, contact_id: str | None, name: str | None, scheduled: bool) -> None:
    from bot.schedule.scheduler import with_scheduler
    from bot.cli.console import interactive
    from bot.transports.console import CONSOLE_ROOM, ConsoleTransport

    svc = services(ctx)
    app = chat_app(ctx, ConsoleTransport(svc.config.bot.group_label))
    app.use_stand_in_group(CONSOLE_ROOM)
    who = default_identity(ctx, contact_id, name, False)
    if scheduled:
        from bot.web.server import with_desk

        asyncio.run(with_scheduler(app, lambda: with_desk(app.office, lambda: interactive(app, who), click.echo)))
    else:
        asyncio.run(interactive(app, who))


@main.command()
@click.option("--from", "contact_id", required=True, help="发消息人的联系人 id")
@click.option("--name", default=None, help="发消息人的昵称")
@click.option("--private", is_flag=True, help="私聊机器人（默认在群里发）")
@click.option("--id", "message_id", default=None, help="消息 id（相同 id 只处理一次）")
@click.argument("text")
@click.pass_context
def say(
    ctx: click.Context, contact_id: str, name: str | None, private: bool, message_id: str | None, text: str
) -> None:
    """发一条消息给机器人，把回复打印出来（用于脚本）。"""
    from bot.cli.console import console_message
    from bot.transports.console import CONSOLE_ROOM, ConsoleTransport

    app = chat_app(ctx, ConsoleTransport(services(ctx).config.bot.group_label, plain=True))
    app.use_stand_in_group(CONSOLE_ROOM)
    who = default_identity(ctx, contact_id, name, private)
    asyncio.run(app.receive(console_message(app, who, text, message_id=message_id)))


def refuse_half_configured(ctx: click.Context) -> None:
    """The bot starts only when every stored fact can still be scored under the config."""
    problems = services(ctx).ledger_problems()
    if problems:
        db = ctx.find_root().obj["db_path"]
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  …另有 {len(problems) - 20} 处" if len(problems) > 20 else ""
        click.echo(f"配置与数据库 {db} 不一致，机器人未启动（改回配置，或先撤销这些记录）：\n{shown}{more}", err=True)
        ctx.exit(2)


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """启动机器人和定时任务：设置了企业微信机器人（WECOM_BOT_ID）或微信令牌时连接它，否则使用本地控制台。"""
    import logging

    from bot.cli.logs import setup_logging
    from bot.cli.startup import check_writable
    from bot.transports.networks import choose
    from bot.transports.wecom_env import ChatEnvError

    # An unwritable data, log, attachments or backups directory exits 4 here, before the database is
    # opened or a network is touched.
    check_writable(Path(ctx.find_root().obj["db_path"]).parent)
    svc = services(ctx)
    try:
        network = choose(os.environ)
        settings = network.check(os.environ, svc.config)
    except ChatEnvError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    refuse_half_configured(ctx)
    web = svc.config.bot.web
    if web.enabled and web.binding_problem():
        click.echo(f"错误：{web.binding_problem()}", err=True)
        ctx.exit(2)
    data = Path(ctx.find_root().obj["db_path"]).parent
    db = ctx.find_root().obj["db_path"]
    if network.open is None:
        log_file = setup_logging(data / "logs", stderr_level=None)
        click.echo(
            "未设置微信令牌（WECHATY_PUPPET_SERVICE_TOKEN），使用本地控制台代替「"
            f"{svc.config.bot.group_label}」群。数据库：{db}，日志：{log_file}"
        )
        start_console(ctx, None, None, scheduled=True)
        return
    log_file = setup_logging(data / "logs")
    log = logging.getLogger("bot.run")
    log.info("infobot starting: %s, database %s, log %s", network.describe(settings), db, log_file)
    serve(ctx, lambda: network.open(settings, svc.config, data))


def serve(ctx: click.Context, open_transport) -> None:
    """Run a chat network's transport until SIGTERM: exit 2 when its package is missing, 3 with the Chinese
    message when the login fails."""
    import logging

    from bot.runner.runner import Runner
    from bot.transports.running import LoginFailed
    from bot.transports.wecom_env import ChatEnvError

    log = logging.getLogger("bot.run")
    app = chat_app(ctx, None)
    app.store.check_writable()  # a read-only database stops the start (exit 4), not the first message

    async def main() -> None:
        from bot.web.server import with_desk

        # The transport is made inside the loop it runs on; the desk serves beside it in the same loop.
        await with_desk(app.office, lambda: Runner(app, open_transport()).run())

    try:
        asyncio.run(main())
    except ChatEnvError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    except LoginFailed as exc:
        log.error("login failed: %s", exc)
        click.echo(f"错误：{exc}", err=True)
        ctx.exit(3)
    log.info("infobot stopped")
