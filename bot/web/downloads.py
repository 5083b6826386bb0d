"""下载: the office's files for any period, made by the same reports/ functions as `infobot report`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from bot.common.errors import EntryError
from bot.reports.annual_doc import annual_draft
from bot.reports.annual_xlsx import render_annual_xlsx
from bot.reports.bulletin_doc import render_docx
from bot.reports.bulletin_draft import draft_bulletin
from bot.reports.fonts import NoCjkFont
from bot.reports.image import render_png
from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_xlsx
from bot.scoring import Period, PeriodError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# kind → (label, [(format, media type)])
KINDS = {
    "bulletin": ("通报表", [("xlsx", XLSX)]),
    "ranking": ("排名图", [("png", "image/png")]),
    "report": ("情况通报稿", [("docx", DOCX)]),
    "annual": ("年终考核表 / 年度情况通报稿（整个年度）", [("xlsx", XLSX), ("docx", DOCX)]),
}


@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    data: bytes

    @property
    def disposition(self) -> str:
        return f"attachment; filename*=UTF-8''{quote(self.name)}"


def period_of(today: date, start: str | None, end: str | None) -> Period:
    """From/to as typed (2019-01-01); the year to date when both are empty."""
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else date(last.year, 1, 1)
    except ValueError:
        raise EntryError("日期应写成 2019-06-30 的格式。") from None
    try:
        return Period(first, last)
    except PeriodError as exc:
        raise EntryError(str(exc)) from None


def make(office, kind: str, fmt: str, period: Period) -> Download:
    if kind not in KINDS or fmt not in [f for f, _ in KINDS[kind][1]]:
        choices = "；".join(f"{label}：{'、'.join(f for f, _ in fmts)}" for label, fmts in KINDS.values())
        raise EntryError(f"没有这种下载。可下载：{choices}。")
    if not office.config.units.assessed(period.year):
        raise EntryError(f"{period.year} 年度没有被考核单位。")
    media = dict(KINDS[kind][1])[fmt]
    rules = office.config.rules
    stamp = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    today = office.clock.now().date()
    if kind == "bulletin":
        return Download(f"通报表_{stamp}.xlsx", media, render_xlsx(bulletin_table(office.scoreboard(period), rules)))
    if kind == "ranking":
        try:
            return Download(f"排名_{stamp}.png", media, render_png(office.scoreboard(period), rules))
        except NoCjkFont as exc:
            raise EntryError(str(exc)) from None
    if kind == "report":
        draft = draft_bulletin(
            office.itemized_scoreboard(period),
            rules,
            office.quality_items(period),
            today,
            period,
            issuer=office.config.bot.office.issuer,
        )
        return Download(f"情况通报_{stamp}.docx", media, render_docx(draft))
    year = Period.whole_year(period.year)
    board = office.itemized_scoreboard(year)
    found = office.year_end.assessment(board)  # 评先 with the research duties, 先进个人: as infobot report --annual
    if fmt == "xlsx":
        return Download(
            f"年终考核表_{period.year}.xlsx", media, render_annual_xlsx(board, rules, found.rows, found.people)
        )
    draft = annual_draft(
        board,
        rules,
        office.quality_items(year),
        today,
        year,
        office.research.prizes(period.year),
        found.rows,
        found.people,
        issuer=office.config.bot.office.issuer,
    )
    return Download(f"年度情况通报_{period.year}.docx", media, render_docx(draft))
