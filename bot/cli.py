"""`infobot` command line: thin click commands over the services."""
from __future__ import annotations

import asyncio
import getpass
import os
import sys
from datetime import date, datetime
from pathlib import Path

import click

from bot.clock import FixedClock, SystemClock, as_local
from bot.ledger.drafts import EntryError
from bot.ledger.importer import ImportRejected, parse_date
from bot.reports.bulletin_doc import render_docx
from bot.reports.bulletin_draft import draft_bulletin
from bot.reports.csvfile import render_csv, rows_csv
from bot.reports.detail import unit_detail
from bot.reports.explain import describe, render_explain
from bot.reports.fonts import NoCjkFont
from bot.reports.image import render_png
from bot.reports.quality import HEADER as QUALITY_HEADER
from bot.reports.quality import quality_note, quality_rows, quality_title
from bot.reports.table import bulletin_table
from bot.reports.text import render_rows_text, render_text
from bot.reports.xlsx import render_list_xlsx, render_xlsx
from bot.scoring import Period, PeriodError
from bot.services import Services, build_services
from bot.settings import ConfigError
from bot.settings.names import UnknownName


class Fail(click.ClickException):
    """A user-facing failure: the message on stderr, exit code 1."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_dir", default="config", show_default=True, type=click.Path(),
              help="配置目录（units.yaml、scoring.yaml）")
@click.option("--db", "db_path", default="data/infobot.db", show_default=True, type=click.Path(),
              help="SQLite 数据库文件")
@click.option("--now", "now", default=None, hidden=True, help="以此时刻为「现在」（ISO 格式，用于补出历史报表和测试）")
@click.pass_context
def main(ctx: click.Context, config_dir: str, db_path: str, now: str | None) -> None:
    """上街区「上街信息员之家」信息工作机器人。"""
    clock = FixedClock(as_local(datetime.fromisoformat(now))) if now else SystemClock()
    ctx.obj = {"config_dir": config_dir, "db_path": db_path, "clock": clock}


def services(ctx: click.Context) -> Services:
    obj = ctx.find_root().obj
    if "services" not in obj:
        try:
            obj["services"] = build_services(obj["config_dir"], obj["db_path"], obj["clock"])
        except ConfigError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(2)
        ctx.call_on_close(obj["services"].store.close)
    return obj["services"]


def operator() -> str:
    return f"cli:{getpass.getuser()}"


def period_options(fn):
    fn = click.option("--to", "date_to", default=None, help="截止日期，如 2019-06-30")(fn)
    fn = click.option("--from", "date_from", default=None, help="起始日期，如 2019-01-01")(fn)
    return click.option("--year", type=int, default=None, help="整个年度，如 2019")(fn)


def resolve_period(svc: Services, year: int | None, date_from: str | None, date_to: str | None) -> Period:
    try:
        if year and (date_from or date_to):
            raise Fail("--year 与 --from/--to 只能选一种。")
        if year:
            return Period.whole_year(year)
        today = svc.clock.now().date()
        if date_from or date_to:
            end = parse_date(date_to) if date_to else today
            start = parse_date(date_from) if date_from else date(end.year, 1, 1)
            return Period(start, end)
        return Period.year_to_date(today)
    except (EntryError, PeriodError) as exc:
        raise Fail(str(exc)) from None


def scoreboard_or_fail(svc: Services, period: Period, detail: str | None = None):
    if not svc.config.units.assessed(period.year):
        years = "、".join(str(y) for y in svc.config.units.years())
        raise Fail(f"{period.year} 年度没有被考核单位。units.yaml 中配置了目标任务的年度：{years}")
    return svc.scoreboard(period, detail=detail)


# --- office outputs: xlsx / png / docx bulletins, unit detail, quality list ------------------

REPORT_FORMATS = ["text", "csv", "xlsx", "png", "docx"]


def bulletin_doc_options(fn):
    fn = click.option("--quality-from", "quality_from", default=None,
                      help="docx 附件2 优质信息的起始日期（默认同通报起始日期），如 2019-05-01")(fn)
    return click.option("--date", "issued", default=None, help="docx 落款日期（默认今天），如 2019-08-16")(fn)


def default_out(ctx: click.Context, name: str) -> Path:
    """Binary outputs without --out go next to the database: data/reports/<name>."""
    return Path(ctx.find_root().obj["db_path"]).parent / "reports" / name


def write_out(path: Path, data: bytes, what: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(f"已写入 {path}（{what}）。")


def span_stamp(period: Period) -> str:
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def office_report(ctx: click.Context, svc: Services, board, fmt: str, out: str | None,
                  issued: str | None, quality_from: str | None) -> None:
    rules = svc.config.rules
    stamp = span_stamp(board.period)
    if fmt != "docx" and (issued or quality_from):
        raise Fail("--date 和 --quality-from 只用于 --format docx（情况通报稿）。")
    if fmt == "xlsx":
        data = render_xlsx(bulletin_table(board, rules))
        write_out(Path(out) if out else default_out(ctx, f"通报表_{stamp}.xlsx"), data,
                  f"{len(board.rows)} 个单位")
    elif fmt == "png":
        path = Path(out) if out else default_out(ctx, f"排名_{stamp}.png")
        try:
            data = render_png(board, rules)
        except NoCjkFont as exc:
            click.echo(f"提示：{exc}", err=True)
            write_out(path.with_suffix(".txt"), render_text(bulletin_table(board, rules)).encode("utf-8"),
                      "未生成图片，已改为文字版通报表")
            return
        write_out(path, data, f"排名图，{len(board.rows)} 个单位")
    else:
        try:
            day = parse_date(issued) if issued else svc.clock.now().date()
            q_period = Period(parse_date(quality_from), board.period.end) if quality_from else board.period
        except (EntryError, PeriodError) as exc:
            raise Fail(f"{exc}（--date / --quality-from）") from None
        board = svc.itemized_scoreboard(board.period)  # the draft quotes individual facts
        draft = draft_bulletin(board, rules, svc.quality_items(q_period), day, q_period)
        write_out(Path(out) if out else default_out(ctx, f"情况通报_{stamp}.docx"), render_docx(draft),
                  f"{draft.title}，草稿")


@main.command()
@click.argument("unit")
@period_options
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help="csv 默认输出到屏幕；xlsx 默认写入 data/reports/ 下的文件")
@click.option("--out", type=click.Path(), default=None, help="写入文件")
@click.pass_context
def detail(ctx: click.Context, unit: str, year, date_from, date_to, fmt: str, out: str | None) -> None:
    """某单位得分明细表（每条记录、分值、登记人和来源），csv 或 xlsx。"""
    svc = services(ctx)
    period = resolve_period(svc, year, date_from, date_to)
    scoreboard_or_fail(svc, period)
    try:
        name = svc.config.units.resolve(unit, period.year).name
    except UnknownName as exc:
        raise Fail(str(exc)) from None
    board = svc.scoreboard(period, detail=name)
    sheet = unit_detail(board, board.row(name))
    if fmt == "csv":
        data = rows_csv(sheet.header, sheet.rows)
    else:
        data = render_list_xlsx(sheet.title, sheet.header, sheet.rows, sheet.notes, sheet_name="得分明细",
                                left=["内容", "说明", "来源"])
    what = f"{name}，{len(sheet.rows) - 1} 条记录"
    if out or fmt == "xlsx":
        write_out(Path(out) if out else default_out(ctx, f"{name}明细_{span_stamp(period)}.xlsx"), data, what)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@period_options
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "xlsx"]), default="text", show_default=True,
              help="text、csv 默认输出到屏幕；xlsx 默认写入 data/reports/ 下的文件")
@click.option("--out", type=click.Path(), default=None, help="写入文件")
@click.pass_context
def quality(ctx: click.Context, year, date_from, date_to, fmt: str, out: str | None) -> None:
    """优质信息统计表（刊物、期数、标题、报送单位），默认本年 1 月 1 日至今。"""
    svc = services(ctx)
    period = resolve_period(svc, year, date_from, date_to)
    rows = quality_rows(svc.quality_items(period))
    title = quality_title(period)
    try:
        note = quality_note(svc.config.rules, period.year)
    except LookupError as exc:
        raise Fail(str(exc).strip("'\"")) from None
    if fmt == "text":
        data = render_rows_text(title, QUALITY_HEADER, rows, [note]).encode("utf-8")
    elif fmt == "csv":
        data = rows_csv(QUALITY_HEADER, rows)
    else:
        data = render_list_xlsx(title, QUALITY_HEADER, rows, [note], sheet_name="优质信息",
                                left=["信息标题"])
    if out or fmt == "xlsx":
        write_out(Path(out) if out else default_out(ctx, f"优质信息_{span_stamp(period)}.xlsx"), data,
                  f"{len(rows)} 条优质信息")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


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
        raise Fail(str(exc)) from None
    ids = [e.id for e in result.entries]
    click.echo(f"已从「{result.filename}」导入 {len(ids)} 条记录（#{ids[0]}–#{ids[-1]}）。")


@main.command()
@period_options
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="text、csv 默认输出到屏幕；xlsx、png、docx 默认写入 data/reports/ 下的文件")
@click.option("--out", type=click.Path(), default=None, help="写入文件")
@bulletin_doc_options
@click.pass_context
def report(ctx: click.Context, year, date_from, date_to, fmt: str, out: str | None,
           issued: str | None, quality_from: str | None) -> None:
    """各单位信息采用情况通报表（默认：本年 1 月 1 日至今）；docx 为半年、全年情况通报稿。"""
    svc = services(ctx)
    board = scoreboard_or_fail(svc, resolve_period(svc, year, date_from, date_to))
    if fmt not in ("text", "csv"):
        office_report(ctx, svc, board, fmt, out, issued, quality_from)
        return
    if issued or quality_from:
        raise Fail("--date 和 --quality-from 只用于 --format docx（情况通报稿）。")
    table = bulletin_table(board, svc.config.rules)
    data = render_csv(table) if fmt == "csv" else render_text(table).encode("utf-8")
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_bytes(data)
        click.echo(f"已写入 {out}（{len(board.rows)} 个单位）。")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@click.argument("unit")
@period_options
@click.pass_context
def explain(ctx: click.Context, unit: str, year, date_from, date_to) -> None:
    """列出某单位得分背后的每一条记录及其分值。"""
    svc = services(ctx)
    period = resolve_period(svc, year, date_from, date_to)
    scoreboard_or_fail(svc, period)
    try:
        name = svc.config.units.resolve(unit, period.year).name
    except UnknownName as exc:
        raise Fail(str(exc)) from None
    board = svc.scoreboard(period, detail=name)
    click.echo(render_explain(board, board.row(name)), nl=False)


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
        raise Fail(str(exc)) from None
    original = svc.store.entry(entry_id)
    click.echo(f"已撤销 #{entry_id}（{original.unit} {describe(original)}），撤销记录 #{reversal.id}。")


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """检查配置和数据库。"""
    svc = services(ctx)
    problems = [f"数据库完整性：{p}" for p in svc.store.integrity_problems()]
    problems += [f"{ctx.find_root().obj['db_path']} 的 {p}" for p in svc.ledger_problems()]
    if problems:
        raise Fail("检查发现问题：\n" + "\n".join(f"  - {p}" for p in problems))
    units = svc.config.units
    this_year = svc.clock.now().year
    click.echo(f"配置正常：{len(units)} 个单位，{this_year} 年度考核 {len(units.assessed(this_year))} 个；"
               f"规则年度：{'、'.join(str(r.year) for r in svc.config.rules.rulesets)}。")
    click.echo(f"数据库正常：{svc.store.count_entries()} 条记录。")


@main.command("backup")
@click.argument("out", type=click.Path())
@click.pass_context
def backup_cmd(ctx: click.Context, out: str) -> None:
    """在线备份数据库到 OUT（机器人运行时也可以备份）。"""
    from bot.backups import backup

    svc = services(ctx)
    try:
        path = backup(svc.store, out)
    except (OSError, RuntimeError) as exc:
        raise Fail(f"备份失败：{exc}") from None
    click.echo(f"已备份到 {path}（{svc.store.count_entries()} 条登记记录），完整性检查通过。")


def chat_app(ctx: click.Context, transport):
    from bot.app import build_app

    from bot.reports.bulletin_files import bulletin_files

    svc = services(ctx)
    data = Path(ctx.find_root().obj["db_path"]).parent
    return build_app(svc.config, svc.store, transport, svc.clock, files_dir=data / "attachments",
                     bulletin_renderer=bulletin_files(data / "reports", svc.config.rules))


def default_identity(ctx: click.Context, contact_id: str | None, name: str | None, private: bool):
    from bot.transports.console import Identity

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
    from bot.transports.console import CONSOLE_ROOM, ConsoleTransport, interactive

    svc = services(ctx)
    app = chat_app(ctx, ConsoleTransport(svc.config.bot.group_label))
    app.use_stand_in_group(CONSOLE_ROOM)
    who = default_identity(ctx, contact_id, name, False)
    if scheduled:
        asyncio.run(with_scheduler(app, lambda: interactive(app, who)))
    else:
        asyncio.run(interactive(app, who))


@main.command()
@click.option("--from", "contact_id", required=True, help="发消息人的联系人 id")
@click.option("--name", default=None, help="发消息人的昵称")
@click.option("--private", is_flag=True, help="私聊机器人（默认在群里发）")
@click.option("--id", "message_id", default=None, help="消息 id（相同 id 只处理一次）")
@click.argument("text")
@click.pass_context
def say(ctx: click.Context, contact_id: str, name: str | None, private: bool, message_id: str | None,
        text: str) -> None:
    """发一条消息给机器人，把回复打印出来（用于脚本）。"""
    from bot.transports.console import ConsoleTransport, console_message

    from bot.transports.console import CONSOLE_ROOM

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
    """启动机器人和定时任务：设置了微信令牌时连接微信，否则使用本地控制台。"""
    from bot.logs import setup_logging

    refuse_half_configured(ctx)
    token = os.environ.get("WECHATY_PUPPET_SERVICE_TOKEN", "").strip()
    data = Path(ctx.find_root().obj["db_path"]).parent
    if token:
        run_wechat(ctx, token, data)
        return
    log_file = setup_logging(data / "logs", stderr_level=None)
    click.echo("未设置微信令牌（WECHATY_PUPPET_SERVICE_TOKEN），使用本地控制台代替「"
               f"{services(ctx).config.bot.group_label}」群。数据库：{ctx.find_root().obj['db_path']}，"
               f"日志：{log_file}")
    start_console(ctx, None, None, scheduled=True)


def run_wechat(ctx: click.Context, token: str, data: Path) -> None:
    """Connect to WeChat through a puppet service; exit 2 on bad settings, 3 when login fails."""
    import logging

    from bot.logs import setup_logging
    from bot.wechat_env import WechatEnvError, check_wechat_env

    svc = services(ctx)
    try:
        endpoint = check_wechat_env(os.environ, svc.config.bot.wechaty.web_port)
    except WechatEnvError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(2)
    log_file = setup_logging(data / "logs")
    log = logging.getLogger("bot.run")
    log.info("infobot starting: puppet service %s, database %s, log %s", endpoint,
             ctx.find_root().obj["db_path"], log_file)
    os.environ.setdefault("CACHE_DIR", str(data / "wechaty"))  # before python-wechaty is imported
    for key in ("WECHATY_PUPPET_SERVICE_TOKEN", "WECHATY_PUPPET_SERVICE_ENDPOINT"):
        os.environ.pop(key, None)  # passed explicitly; python-wechaty would warn about both
    try:
        from bot.transports.wechaty import LoginFailed, run_wechaty
    except ImportError as exc:
        click.echo(f"错误：没有安装微信通道所需的 python-wechaty（{exc}）。请执行 make setup，"
                   "或 pip install -e '.[wechaty]' -c constraints-wechaty.txt。", err=True)
        ctx.exit(2)

    app = chat_app(ctx, None)
    try:
        asyncio.run(run_wechaty(app, endpoint, token))
    except LoginFailed as exc:
        log.error("login failed: %s", exc)
        click.echo(f"错误：{exc}", err=True)
        ctx.exit(3)
    log.info("infobot stopped")
