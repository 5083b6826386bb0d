"""`infobot report / explain / detail / quality`: the bulletin and its companions in every format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.errors import worded
from bot.cli.base import Fail, main, period_options, require_assessed, resolve_period, scoreboard_or_fail, services
from bot.common.errors import EntryError
from bot.reports.annual import annual_table
from bot.reports.annual_doc import annual_draft
from bot.reports.annual_xlsx import render_annual_xlsx
from bot.common.dates import parse_date
from bot.reports.bulletin_doc import render_docx
from bot.reports.bulletin_draft import draft_bulletin
from bot.reports.csvfile import render_csv, rows_csv
from bot.reports.detail import unit_detail
from bot.reports.explain import render_explain
from bot.reports.fonts import NoCjkFont
from bot.reports.image import render_png
from bot.reports.people import HEADER as LIAISON_HEADER
from bot.reports.people import liaison_notes, liaison_rows, liaison_title
from bot.reports.quality import HEADER as QUALITY_HEADER
from bot.reports.quality import quality_note, quality_rows, quality_title
from bot.reports.table import bulletin_table
from bot.reports.text import render_rows_text, render_text
from bot.reports.xlsx import render_list_xlsx, render_xlsx
from bot.scoring import Period, PeriodError
from bot.services import Office
from bot.settings.names import UnknownName


REPORT_FORMATS = ["text", "csv", "xlsx", "png", "docx"]


def bulletin_doc_options(fn):
    fn = click.option(
        "--quality-from",
        "quality_from",
        default=None,
        help="docx 附件2 优质信息的起始日期（默认同通报起始日期），如 2019-05-01",
    )(fn)
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


def office_report(
    ctx: click.Context, svc: Office, board, fmt: str, out: str | None, issued: str | None, quality_from: str | None
) -> None:
    rules = svc.config.rules
    stamp = span_stamp(board.period)
    if fmt != "docx" and (issued or quality_from):
        raise Fail("--date 和 --quality-from 只用于 --format docx（情况通报稿）。")
    if fmt == "xlsx":
        data = render_xlsx(bulletin_table(board, rules))
        write_out(Path(out) if out else default_out(ctx, f"通报表_{stamp}.xlsx"), data, f"{len(board.rows)} 个单位")
    elif fmt == "png":
        path = Path(out) if out else default_out(ctx, f"排名_{stamp}.png")
        try:
            data = render_png(board, rules)
        except NoCjkFont as exc:
            click.echo(f"提示：{exc}", err=True)
            write_out(
                path.with_suffix(".txt"),
                render_text(bulletin_table(board, rules)).encode("utf-8"),
                "未生成图片，已改为文字版通报表",
            )
            return
        write_out(path, data, f"排名图，{len(board.rows)} 个单位")
    else:
        try:
            day = parse_date(issued) if issued else svc.clock.now().date()
            q_period = Period(parse_date(quality_from), board.period.end) if quality_from else board.period
        except (EntryError, PeriodError) as exc:
            raise Fail(f"{exc}（--date / --quality-from）") from None
        board = svc.itemized_scoreboard(board.period)  # the draft quotes individual facts
        draft = draft_bulletin(
            board, rules, svc.quality_items(q_period), day, q_period, issuer=svc.config.bot.office.issuer
        )
        write_out(
            Path(out) if out else default_out(ctx, f"情况通报_{stamp}.docx"), render_docx(draft), f"{draft.title}，草稿"
        )


def unit_for(svc, unit: str, period) -> str:
    """The unit named on the command line, among those assessed in the period's year."""
    require_assessed(svc, period.year)
    try:
        return svc.config.units.resolve(unit, period.year).name
    except UnknownName as exc:
        raise Fail(worded(exc)) from None


@main.command()
@click.argument("unit")
@period_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="csv 默认输出到屏幕；xlsx 默认写入 data/reports/ 下的文件",
)
@click.option("--out", type=click.Path(), default=None, help="写入文件")
@click.pass_context
def detail(ctx: click.Context, unit: str, year, date_from, date_to, fmt: str, out: str | None) -> None:
    """某单位得分明细表（每条记录、分值、登记人和来源），csv 或 xlsx。"""
    svc = services(ctx)
    period = resolve_period(svc, year, date_from, date_to)
    name = unit_for(svc, unit, period)
    board = scoreboard_or_fail(svc, period, detail=name)
    sheet = unit_detail(board, board.row(name), svc.config.bot.admin_name, svc.year_end.unit_duties(name, board.period))
    if fmt == "csv":
        data = rows_csv(sheet.header, sheet.rows)
    else:
        data = render_list_xlsx(
            sheet.title, sheet.header, sheet.rows, sheet.notes, sheet_name="得分明细", left=["内容", "说明", "来源"]
        )
    what = f"{name}，{len(sheet.rows) - 1} 条记录"
    if out or fmt == "xlsx":
        write_out(Path(out) if out else default_out(ctx, f"{name}明细_{span_stamp(period)}.xlsx"), data, what)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@period_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "xlsx"]),
    default="text",
    show_default=True,
    help="text、csv 默认输出到屏幕；xlsx 默认写入 data/reports/ 下的文件",
)
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
    emit_list(
        ctx,
        fmt,
        out,
        title,
        QUALITY_HEADER,
        rows,
        [note],
        sheet="优质信息",
        left=["信息标题"],
        file_name=f"优质信息_{span_stamp(period)}.xlsx",
        what=f"{len(rows)} 条优质信息",
    )


def emit_list(
    ctx: click.Context,
    fmt: str,
    out: str | None,
    title: str,
    header: list[str],
    rows: list[list[object]],
    notes: list[str],
    *,
    sheet: str,
    left: list[str],
    file_name: str,
    what: str,
) -> None:
    """A titled list as text or CSV (to the screen unless --out) or xlsx (to a file)."""
    if fmt == "text":
        data = render_rows_text(title, header, rows, notes).encode("utf-8")
    elif fmt == "csv":
        data = rows_csv(header, rows)
    else:
        data = render_list_xlsx(title, header, rows, notes, sheet_name=sheet, left=left)
    if out or fmt == "xlsx":
        write_out(Path(out) if out else default_out(ctx, file_name), data, what)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@period_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="text、csv 默认输出到屏幕；xlsx、png、docx 默认写入 data/reports/ 下的文件",
)
@click.option("--out", type=click.Path(), default=None, help="写入文件")
@click.option(
    "--annual",
    is_flag=True,
    default=False,
    help="年终考核表（附件2）：共同任务、采用得分、年终合计、完成情况、评先资格；按 --year 整个年度",
)
@click.option(
    "--liaisons",
    is_flag=True,
    default=False,
    help="信息员统计表：各信息员的报送、采用（分级）、采用率、约稿按时、紧急信息及时；按 --year 整个年度",
)
@bulletin_doc_options
@click.pass_context
def report(
    ctx: click.Context,
    year,
    date_from,
    date_to,
    fmt: str,
    out: str | None,
    annual: bool,
    liaisons: bool,
    issued: str | None,
    quality_from: str | None,
) -> None:
    """各单位信息采用情况通报表（默认：本年 1 月 1 日至今）；docx 为半年、全年情况通报稿；--annual 为年终考核表；
    --liaisons 为信息员统计表。"""
    svc = services(ctx)
    if liaisons:
        liaison_report(ctx, svc, year, date_from, date_to, fmt, out, annual or issued or quality_from)
        return
    if annual:
        annual_report(ctx, svc, year, date_from, date_to, fmt, out, issued, quality_from)
        return
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


def liaison_report(
    ctx: click.Context, svc: Office, year: int | None, date_from, date_to, fmt: str, out: str | None, other_options
) -> None:
    """Each liaison's figures for a whole year, in text, CSV or xlsx."""
    if date_from or date_to or other_options:
        raise Fail("--liaisons 按整个年度出表，只能与 --year、--format、--out 同用。")
    if fmt not in ("text", "csv", "xlsx"):
        raise Fail("信息员统计表（--liaisons）可用格式：text、csv、xlsx。")
    found = svc.year_end.liaisons(year or svc.clock.now().year)
    rows = liaison_rows(found)
    emit_list(
        ctx,
        fmt,
        out,
        liaison_title(found.year),
        LIAISON_HEADER,
        rows,
        liaison_notes(found),
        sheet="信息员",
        left=["所在单位"],
        file_name=f"信息员统计_{found.year}.xlsx",
        what=f"{len(rows)} 位信息员",
    )


def annual_report(
    ctx: click.Context,
    svc: Office,
    year: int | None,
    date_from,
    date_to,
    fmt: str,
    out: str | None,
    issued: str | None,
    quality_from: str | None,
) -> None:
    """The year-end table (附件2) for a whole year, in text, CSV, xlsx or the annual docx draft."""
    if date_from or date_to:
        raise Fail("--annual 按整个年度出表，请用 --year 指定年度（不能与 --from/--to 同用）。")
    if fmt == "png":
        raise Fail("年终考核表（--annual）可用格式：text、csv、xlsx、docx。")
    if fmt != "docx" and (issued or quality_from):
        raise Fail("--date 和 --quality-from 只用于 --format docx（情况通报稿）。")
    period = Period.whole_year(year or svc.clock.now().year)
    require_assessed(svc, period.year)
    board = svc.itemized_scoreboard(period)
    rules = svc.config.rules
    found = svc.year_end.assessment(board)
    name = f"年终考核表_{period.year}"
    if fmt in ("text", "csv"):
        table = annual_table(board, rules, found.rows)
        data = render_csv(table) if fmt == "csv" else render_text(table).encode("utf-8")
        if not out:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        write_out(Path(out), data, f"{len(board.rows)} 个单位")
    elif fmt == "xlsx":
        write_out(
            Path(out) if out else default_out(ctx, f"{name}.xlsx"),
            render_annual_xlsx(board, rules, found.rows, found.people),
            f"{len(board.rows)} 个单位",
        )
    else:
        try:
            day = parse_date(issued) if issued else svc.clock.now().date()
            q_period = Period(parse_date(quality_from), period.end) if quality_from else period
        except (EntryError, PeriodError) as exc:
            raise Fail(f"{exc}（--date / --quality-from）") from None
        draft = annual_draft(
            board,
            rules,
            svc.quality_items(q_period),
            day,
            q_period,
            svc.store.research_prizes(period.year),
            found.rows,
            found.people,
            issuer=svc.config.bot.office.issuer,
        )
        write_out(
            Path(out) if out else default_out(ctx, f"年度情况通报_{period.year}.docx"),
            render_docx(draft),
            f"{draft.title}，草稿",
        )


@main.command()
@click.argument("unit")
@period_options
@click.pass_context
def explain(ctx: click.Context, unit: str, year, date_from, date_to) -> None:
    """列出某单位得分背后的每一条记录及其分值。"""
    svc = services(ctx)
    period = resolve_period(svc, year, date_from, date_to)
    name = unit_for(svc, unit, period)
    board = scoreboard_or_fail(svc, period, detail=name)
    click.echo(
        render_explain(board, board.row(name), svc.config.bot.admin_name, svc.year_end.unit_duties(name, board.period)),
        nl=False,
    )
