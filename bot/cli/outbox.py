"""`infobot outbox`: what waits to be sent, what failed and why (企业微信's errcode and errmsg), what was handed
to the admins; `--retry ID` puts a failed or handed-over message back in the queue (a running bot sends it)."""

from __future__ import annotations

import click

from bot.cli.base import Fail, main, services

STATUS = {"pending": "等待发送", "failed": "发送失败", "handed": "已交管理员转交"}


@main.command("outbox")
@click.option(
    "--retry", "retry", type=int, default=None, metavar="ID", help="把发送失败（或已交转交）的这一条重新放回发件箱"
)
@click.pass_context
def outbox(ctx: click.Context, retry: int | None) -> None:
    """发件箱：列出等待发送、发送失败（含企业微信的错误码和说明）和交管理员转交的消息；--retry ID 重发一条。"""
    store = services(ctx).store
    if retry is not None:
        row = store.outbox_row(retry)
        if row is None:
            raise Fail(f"发件箱里没有 #{retry}。请先运行 infobot outbox 查看编号。")
        if not store.requeue(retry):
            raise Fail(
                f"发件箱 #{retry} 的状态是「{STATUS.get(row['status'], row['status'])}」，"
                "只有发送失败或已交转交的消息可以重发。"
            )
        click.echo(f"已把发件箱 #{retry} 放回队列，运行中的机器人会按顺序发出（企业微信的频率限制之内）。")
        return
    rows = store.outbox_listing(("pending", "failed", "handed"))
    if not rows:
        click.echo("发件箱是空的：没有等待发送、发送失败或交管理员转交的消息。")
        return
    for row in rows:
        to = f"群 {row['room_id']}" if row["room_id"] else row["contact_id"]
        line = f"#{row['id']} {STATUS.get(row['status'], row['status'])} → {to}：{(row['text'] or '').replace(chr(10), ' ')[:40]}"
        if row.get("errcode") is not None or row.get("errmsg"):
            line += f"（错误码 {row.get('errcode')}：{row.get('errmsg') or ''}，已试 {row.get('attempts') or 0} 次）"
        if row.get("handed_to"):
            line += f"（请转交 {row['handed_to']}）"
        click.echo(line)
