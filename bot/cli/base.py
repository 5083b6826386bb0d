"""`infobot` command line: the group, its global options, and helpers the commands share."""

from __future__ import annotations

import getpass
from datetime import date, datetime

import click

import bot.jobs  # noqa: F401 - the `@job` declarations the config's schedule is checked against
from bot.cli.errors import ChineseGroup, worded
from bot.common.clock import FixedClock, SystemClock, as_local
from bot.common.errors import EntryError
from bot.common.dates import parse_date
from bot.scoring import Period, PeriodError
from bot.services import Office, build_office
from bot.settings import ConfigError
from bot.store import explain_failure


class Fail(click.ClickException):
    """A user-facing failure: the message on stderr, exit code 1."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


DATABASE_FAILED = 4  # exit code: the database file is corrupt, read-only or on a full disk


class InfobotGroup(ChineseGroup):
    """Every command: a broken database file ends in a Chinese explanation and exit code 4, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            db_path = (ctx.obj or {}).get("db_path", "data/infobot.db")
            message = explain_failure(exc, db_path)
            if message is None:
                raise
            click.echo(f"错误：{message}", err=True)
            ctx.exit(DATABASE_FAILED)


@click.group(cls=InfobotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="infobot", message="infobot %(version)s")
@click.option(
    "--config",
    "config_dir",
    default="config",
    show_default=True,
    type=click.Path(),
    help="配置目录（units.yaml、scoring.yaml）",
)
@click.option(
    "--db", "db_path", default="data/infobot.db", show_default=True, type=click.Path(), help="SQLite 数据库文件"
)
@click.option("--now", "now", default=None, hidden=True, help="以此时刻为「现在」（ISO 格式，用于补出历史报表和测试）")
@click.pass_context
def main(ctx: click.Context, config_dir: str, db_path: str, now: str | None) -> None:
    """上街区「上街信息员之家」信息工作机器人。"""
    clock = FixedClock(as_local(datetime.fromisoformat(now))) if now else SystemClock()
    ctx.obj = {"config_dir": config_dir, "db_path": db_path, "clock": clock}


def services(ctx: click.Context) -> Office:
    obj = ctx.find_root().obj
    if "services" not in obj:
        try:
            obj["services"] = build_office(obj["config_dir"], obj["db_path"], obj["clock"])
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


def resolve_period(svc: Office, year: int | None, date_from: str | None, date_to: str | None) -> Period:
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
        raise Fail(worded(exc)) from None


def require_assessed(svc: Office, year: int) -> None:
    """Fail, naming the years that have targets, when `year` has no assessed units."""
    if not svc.config.units.assessed(year):
        years = "、".join(str(y) for y in svc.config.units.years())
        raise Fail(f"{year} 年度没有被考核单位。units.yaml 中配置了目标任务的年度：{years}")


def scoreboard_or_fail(svc: Office, period: Period, detail: str | None = None):
    require_assessed(svc, period.year)
    return svc.scoreboard(period, detail=detail)


# --- office outputs: xlsx / png / docx bulletins, unit detail, quality list ------------------
