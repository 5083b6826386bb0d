"""`infobot issue show`: an issue of 《上街信息》 or its 公众号 as text or as the printed docx."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.errors import worded
from bot.cli.base import Fail, main, services
from bot.cli.reports import default_out, write_out
from bot.common.errors import EntryError
from bot.office.editorial import Editorial, IssueStateError
from bot.reports.issue_doc import render_issue_docx, render_issue_text


@main.group("issue")
def issue_group() -> None:
    """组刊：区委办编的《上街信息》及其微信公众号的各期。"""


@issue_group.command("show")
@click.argument("publication")
@click.argument("number")
@click.option("--format", "fmt", type=click.Choice(["text", "docx"]), default="text", show_default=True)
@click.option("--out", default=None, help="输出文件（docx 默认写到数据库目录下的 reports/）")
@click.pass_context
def show(ctx: click.Context, publication: str, number: str, fmt: str, out: str | None) -> None:
    """一期刊物：PUBLICATION 如 上街信息、公众号，NUMBER 如 23 或 第23期。"""
    svc = services(ctx)
    editorial = svc.editorial
    try:
        view = editorial.find(publication, number)
    except IssueStateError as exc:  # no such issue: list the issues there are
        raise Fail(_missing(editorial, publication, str(exc))) from None
    except EntryError as exc:
        raise Fail(worded(exc)) from None
    document = editorial.document(view)
    what = f"{view.label}，{len(view.slots)} 篇 {len(view.items)} 条"
    if fmt == "docx":
        name = f"{view.publication}_第{view.number}期.docx"
        write_out(Path(out) if out else default_out(ctx, name), render_issue_docx(document), what)
    elif out:
        write_out(Path(out), render_issue_text(document).encode("utf-8"), what)
    else:
        click.echo(render_issue_text(document), nl=False)


def _missing(editorial: Editorial, publication: str, message: str) -> str:
    pub = editorial.publication(publication)
    numbers = sorted(r.number for r in editorial.recent(pub.name, limit=50))
    head = message
    if not numbers:
        return head + f"{pub.name}还没有组过刊。"
    return head + f"已有的期数：{'、'.join(f'第{n}期' for n in numbers)}。查看一期：infobot issue show {pub.name} 期数"
