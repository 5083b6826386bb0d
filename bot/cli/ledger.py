"""`infobot import / revoke / check / backup`: the ledger from the command line."""

from __future__ import annotations

import click

from bot.cli.errors import worded
from bot.cli.base import Fail, main, operator, services
from bot.health.holidays import holiday_coverage_problem
from bot.common.errors import EntryError
from bot.ledger.importer import ImportRejected
from bot.model.facts import describe


@main.command("import")
@click.argument("file", type=click.Path())
@click.option("--by", default=None, help="登记人（默认为当前系统用户）")
@click.pass_context
def import_cmd(ctx: click.Context, file: str, by: str | None) -> None:
    """导入采用、批示、培训、优质信息、扣分记录（.csv 或 .xlsx，全部成功或全部不导入）。"""
    svc = services(ctx)
    try:
        result = svc.importer.import_file(file, by or operator())
    except ImportRejected as exc:
        raise Fail(worded(exc)) from None
    ids = [e.id for e in result.entries]
    span = f"（#{ids[0]}–#{ids[-1]}）" if ids else ""
    click.echo(f"已从「{result.filename}」导入 {len(ids)} 条记录{span}。")
    if result.submissions:
        click.echo(f"登记报送 {result.submissions} 条（计入每周报送任务）。")
    if result.corrected:
        replaced = "、".join(f"#{i}（{p} 分）" for i, p in result.corrected)
        click.echo(f"更正共同任务得分：已撤销原得分 {replaced}，以导入的得分为准。")
    if result.skipped:
        lines = "、".join(str(n) for n in result.skipped)
        click.echo(f"跳过 {len(result.skipped)} 行：与已登记的记录相同，未重复登记（第 {lines} 行）。")


@main.command()
@click.argument("entry_id", type=int)
@click.argument("reason")
@click.option("--by", default=None, help="登记人（默认为当前系统用户）")
@click.pass_context
def revoke(ctx: click.Context, entry_id: int, reason: str, by: str | None) -> None:
    """撤销一条记录（追加一条撤销记录，原记录保留）。"""
    svc = services(ctx)
    try:
        reversal = svc.ledger.reverse(entry_id, reason, by or operator())
    except EntryError as exc:
        raise Fail(worded(exc)) from None
    original = svc.ledger.existing(entry_id)
    click.echo(f"已撤销 #{entry_id}（{original.unit} {describe(original)}），撤销记录 #{reversal.id}。")


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """检查配置和数据库。"""
    svc = services(ctx)
    db = ctx.find_root().obj["db_path"]
    if svc.store.migration_backup:
        click.echo(f"数据库已升级到新版本的结构；升级前的数据库已备份到 {svc.store.migration_backup}。")
    damage = svc.store.integrity_problems()
    if damage:
        shown = "\n".join(f"  - {p}" for p in damage[:20])
        raise Fail(
            f"检查发现问题：数据库 {db} 的完整性检查（integrity_check）未通过：\n{shown}\n"
            f"请先停止机器人，把这个文件改名保留，再用 data/backups/ 里最近的一份备份复制为 {db}，"
            "然后重新运行 infobot check。"
        )
    problems = [f"{db} 的 {p}" for p in svc.ledger_problems()]
    if problems:
        raise Fail("检查发现问题：\n" + "\n".join(f"  - {p}" for p in problems))
    units = svc.config.units
    this_year = svc.clock.now().year
    click.echo(
        f"配置正常：{len(units)} 个单位，{this_year} 年度考核 {len(units.assessed(this_year))} 个；"
        f"规则年度：{'、'.join(str(r.year) for r in svc.config.rules.rulesets)}。"
    )
    click.echo(f"数据库正常：{svc.store.count_entries()} 条记录。")
    holidays = svc.config.calendar
    problem = holiday_coverage_problem(holidays, svc.clock.now().date())
    click.echo(f"法定节假日：已知 {holidays.describe_years()}。" + (f"\n注意：{problem}。" if problem else ""))


@main.command("backup")
@click.argument("out", type=click.Path())
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@click.pass_context
def backup_cmd(ctx: click.Context, out: str, force: bool) -> None:
    """在线备份数据库到 OUT（机器人运行时也可以备份）。"""
    from pathlib import Path

    from bot.store.backups import backup

    if Path(out).exists() and not force:
        raise Fail(f"文件「{out}」已存在，未备份（不覆盖已有的文件）。请换一个文件名，或加 --force 覆盖。")
    svc = services(ctx)
    try:
        path = backup(svc.store, out)
    except (OSError, RuntimeError) as exc:
        raise Fail(f"备份失败：{exc}") from None
    click.echo(f"已备份到 {path}（{svc.store.count_entries()} 条登记记录），完整性检查通过。")
