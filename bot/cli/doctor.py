"""`infobot doctor`: every check an operator needs before going live, one line each, and an exit code."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.base import main


@main.command()
@click.option(
    "--no-connect",
    is_flag=True,
    help="不连接企业微信 / 微信（企业微信同一机器人只能有一个连接：机器人运行时检查会把它顶下线）",
)
@click.pass_context
def doctor(ctx: click.Context, no_connect: bool) -> None:
    """上线前检查：配置、数据库、备份、字体、网络、本群、管理员和领导、磁盘、接下来的定时通报。有失败项时退出码为 1。"""
    from bot.health.doctor import Doctor
    from bot.health.report import exit_code, summary

    obj = ctx.find_root().obj
    now = obj["clock"].now()
    click.echo(f"infobot 上线前检查（{now:%Y-%m-%d %H:%M}，北京时间）")
    checks = Doctor(Path(obj["config_dir"]), Path(obj["db_path"]), now, connect=not no_connect).run()
    for check in checks:
        click.echo(check.line())
    click.echo(summary(checks))
    ctx.exit(exit_code(checks))
