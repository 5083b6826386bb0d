"""What each page shows, gathered from the services the chat handlers use. No SQL here, and no scoring:
the figures are the scoreboard's, the tables are reports/' tables."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from bot.common.errors import EntryError
from bot.model.facts import KIND_LABELS
from bot.handlers.editorial import total, worth
from bot.office.desk_writes import DESK
from bot.office.editorial import issue_of_source
from bot.office.solicitations import status as solicitation_status
from bot.reports.annual import annual_table
from bot.reports.explain import attainment_lines, describe
from bot.reports.standing import behind, progress_label, time_progress
from bot.reports.table import bulletin_table
from bot.scoring import Period
from bot.scoring.annual import candidates
from bot.scoring.attainment import completed
from bot.store.desk import SubmissionFilter
from bot.web.charts import cumulative_lines, ratio_bars

UNIT_COLUMN = "单位"


def unit_href(name: str) -> str:
    return f"/units/{quote(name)}"


def issue_href(publication: str, number: int) -> str:
    return f"/issues/{quote(publication)}/{number}"


@dataclass(frozen=True)
class SortedTable:
    title: str
    header: list[str]
    rows: list[list[object]]
    notes: list[str]
    sort: int | None
    descending: bool
    unit_index: int | None


def sorted_table(table, sort: int | None, descending: bool) -> SortedTable:
    """The bulletin's table, rows ordered by one column (its own order when none is chosen)."""
    rows = list(table.rows)
    if sort is not None and 0 <= sort < len(table.columns):
        numeric = all(isinstance(r[sort], (int, float)) or r[sort] in (None, "") for r in rows)

        def key(r):
            v = r[sort]
            return (v if isinstance(v, (int, float)) else float("-inf")) if numeric else str(v)

        rows.sort(key=key, reverse=descending)
    else:
        sort = None
    header = table.header
    unit_index = header.index(UNIT_COLUMN) if UNIT_COLUMN in header else None
    return SortedTable(table.title, header, rows, table.notes, sort, descending, unit_index)


def overview(office, sort: int | None, descending: bool) -> dict:
    board = office.scoreboard()
    progress = time_progress(board)
    items = [(r.unit.name, unit_href(r.unit.name), r.percent, completed(r)) for r in board.rows]
    return {
        "board": board,
        "table": sorted_table(bulletin_table(board, office.config.rules), sort, descending),
        "progress": progress_label(board),
        "behind": [(r.unit.name, r.percent, r.rank) for r in behind(board)],
        "chart": ratio_bars(items, float(progress) * 100, progress_label(board)),
    }


def fact_source(office, line, on_desk: bool = False) -> tuple[str, str | None]:
    """Where a fact came from, as (words, link): its 报送 message, its issue of 《上街信息》, or its import row;
    and who recorded it, in chat or on the desk."""
    e = line.entry
    who = office.config.bot.admin_name(e.recorded_by)
    at = f"在{DESK}" if on_desk else ""
    source = e.source or ""
    if issue := issue_of_source(source):
        return f"{issue[0]} 第{issue[1]}期（{who} {at}刊发）", issue_href(*issue)
    if e.submission_id:
        return f"报送 #{e.submission_id}（{who} {at}登记）", f"/submissions/{e.submission_id}"
    if source.startswith("solicitation:"):
        return f"约稿 #{source.split(':')[1]} 截止后的扣分提议（{who} {at}确认）", "/solicitations"
    if source:
        return f"导入 {source}（{who}）", None
    return f"{who} {at or '在聊天中'}登记", None


def unit_page(office, name: str) -> dict:
    today = office.clock.now().date()
    year = today.year
    unit = office.config.units.resolve(name, year)
    board = office.scoreboard(detail=unit.name)
    row = board.row(unit.name)
    lines = sorted(row.lines, key=lambda ln: (ln.entry.date, ln.entry.id), reverse=True)
    on_desk = office.desk_writes.written_here([ln.entry.id for ln in lines])
    facts = [
        {
            "entry": ln.entry,
            "kind": KIND_LABELS.get(ln.entry.kind, ln.entry.kind),
            "text": describe(ln.entry),
            "points": ln.points if ln.counted else 0,
            "note": ln.note,
            "source": fact_source(office, ln, ln.entry.id in on_desk),
        }
        for ln in lines
    ]
    months = []
    for m in range(1, today.month + 1):
        days = calendar.monthrange(year, m)[1]
        end = min(date(year, m, days), today)
        total = office.scoreboard(Period(date(year, 1, 1), end)).row(unit.name).total
        months.append((m - 1 + end.day / days, total, f"{end:%-m月%-d日}"))
    roster, _ = office.members.roster(year)
    return {
        "unit": unit,
        "board": board,
        "row": row,
        "facts": facts,
        "attainment": attainment_lines(board, row, office.year_end.unit_duties(unit.name, board.period)),
        "chart": cumulative_lines(months, row.target.total),
        "liaisons": roster.get(unit.name, []),
        "leaders": unit.leaders,
        "progress": progress_label(board),
    }


def parse_flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def submissions_page(office, params) -> dict:
    year = office.clock.now().year
    units = [u.name for u in office.config.units.assessed(year)]
    errors = []
    start = end = None
    for key in ("from", "to"):
        text = (params.get(key) or "").strip()
        if text:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                errors.append(f"日期「{text}」应写成 2019-06-01 的格式。")
                continue
            start, end = (day, end) if key == "from" else (start, day)
    unit = params.get("unit") or None
    if unit and unit not in units:
        errors.append(f"没有单位「{unit}」。")
        unit = None
    f = SubmissionFilter(
        unit=unit,
        start=start,
        end=end,
        adopted=parse_flag(params.get("adopted")),
        public_account=parse_flag(params.get("public")),
        attachment=parse_flag(params.get("attachment")),
    )
    return {
        "units": units,
        "rows": office.store.filtered_submissions(f),
        "filter": f,
        "errors": errors,
        "params": params,
        "limit": f.limit,
    }


def inbox_page(office, days: int) -> dict:
    """待采用 as /待采用 lists it, and the form that composes an issue from it (as /组刊)."""
    pubs = office.editorial.edited(office.clock.now().year)
    numbers = [r.number for r in office.editorial.recent(pubs[0].name, 1000)] if pubs else []
    return {
        "days": days,
        "rows": office.editorial.inbox(days),
        "publications": [p.name for p in pubs],
        "grades": list(dict.fromkeys(g for p in pubs for g in p.grades)),
        "next_number": max(numbers, default=0) + 1,
    }


def submission_page(office, submission_id: int) -> dict | None:
    sub = office.submissions.get(submission_id)
    if sub is None:
        return None
    return {
        "sub": sub,
        "row": office.store.submission(submission_id),
        "attachments": office.store.attachments_of(submission_id),
        "adoptions": office.store.adoptions_of([submission_id]),
    }


def issues_page(office) -> dict:
    pubs = office.editorial.edited(office.clock.now().year)
    return {"issues": office.editorial.recent(None, 200), "publications": pubs}


def issue_page(office, publication: str, number: int) -> dict:
    view = office.editorial.view(office.editorial.publication(publication), number)
    preview = office.editorial.preview(view) if view.status == "draft" else []
    return {
        "view": view,
        "outcomes": office.editorial.adoptions(view) if view.status == "published" else [],
        "preview": preview,
        "preview_total": total(preview) if preview else "",
        "worth": worth,
        "today": office.clock.now().date().isoformat(),
    }


def solicitations_page(office, year: int) -> dict:
    listed = []
    for s in office.solicitations.of_year(year):
        rows = [(t, solicitation_status(s, t), office.solicitations.proposal_for(s, t.unit)) for t in s.targets]
        listed.append((s, rows))
    return {
        "year": year,
        "solicitations": listed,
        "pending": office.proposals.pending(),
        "describe": office.proposals.describe,
    }


def yearend_page(office, year: int, sort: int | None = None, descending: bool = True) -> dict:
    if not office.config.units.assessed(year):
        raise EntryError(f"{year} 年度没有被考核单位。")
    period = (
        Period.whole_year(year) if year < office.clock.now().year else Period.year_to_date(office.clock.now().date())
    )
    found = office.year_end.assessment(office.itemized_scoreboard(period))  # the same figures as /年终
    halves = [1, 2] if period.end.month > 6 else [1]
    return {
        "year": year,
        "period": period,
        "table": sorted_table(annual_table(found.board, office.config.rules, found.rows), sort, descending),
        "sort_prefix": f"?year={year}&",
        "candidates": [a.unit for a in candidates(found.rows)],
        "ineligible": [(a.unit, a.status.label) for a in found.rows if not a.status.eligible],
        "research": [(r.unit, r.missing(halves)) for r in found.research],
        "halves": halves,
    }
