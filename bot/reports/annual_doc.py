"""The annual 情况通报 draft: the half-year draft's prose, the year-end table as 附件1, and the prizes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.model.research import ResearchPrize
from bot.reports.annual import annual_table
from bot.scoring.annual import AnnualRow, annual_rows, candidates
from bot.reports.bulletin_draft import BulletinDraft, draft_bulletin
from bot.reports.people import figures_text, people_rule
from bot.reports.quality import QualityItem
from bot.scoring import Period, Scoreboard
from bot.scoring.attainment import completed
from bot.scoring.liaisons import People
from bot.settings.rules import RuleBook

PRIZE_HEADER = ["序号", "奖项", "单位", "调研成果"]


def annual_draft(
    board: Scoreboard,
    rules: RuleBook,
    quality: list[QualityItem],
    issued: date,
    quality_period: Period | None,
    prizes: list[ResearchPrize],
    rows: list[AnnualRow] | None = None,
    people: People | None = None,
    *,
    issuer: str,
) -> BulletinDraft:
    """`rows` and `people` from the year-end workflow (office/year_end.py), so the prose, the table and
    /年终 say the same; without them the adoption target alone decides 评先资格."""
    draft = draft_bulletin(board, rules, quality, issued, quality_period, issuer=issuer)
    year = board.period.year
    rows = rows if rows is not None else annual_rows(board, rules)
    chosen = [a.unit for a in candidates(rows)]
    done = sum(1 for r in board.rows if completed(r))
    undone = [a.unit for a in rows if completed(a.row) and not a.row.disqualified and not a.status.eligible]
    text = (
        f"按照年终考核办法（全年成绩＝共同任务完成分数＋各单位采用信息成绩合计分值），全区{len(rows)}家被考核单位中，"
        f"{done}家单位完成目标任务（累计得分和省、市分目标均达到）。"
        + (
            f"{'、'.join(chosen)}{len(chosen)}家单位具备评先资格，建议从中确定先进单位。"
            if chosen
            else "尚无单位具备评先资格。"
        )
        + (f"{'、'.join(undone)}虽完成采用目标任务，但未完成信息调研任务，不予评先。" if undone else "")
        + "未完成信息调研任务的单位不予评先。"
    )
    if people is not None and people.chosen:
        text += (
            f"先进个人候选（{people_rule(people)}）："
            + "；".join(figures_text(c.figures) for c in people.chosen)
            + "。"
        )
    if prizes:
        by_grade: dict[str, list[str]] = {}
        for p in prizes:
            by_grade.setdefault(p.grade, []).append(f"{p.unit}《{p.title}》")
        text += "年终评出优秀调研成果奖：" + "；".join(f"{g}奖{'、'.join(v)}" for g, v in by_grade.items()) + "。"
    sections = list(draft.sections)
    sections[0] = replace(sections[0], paragraphs=[*sections[0].paragraphs, text])
    title = f"{year}年度各单位信息政研工作目标任务考核表"
    attachments = [title, *draft.attachments[1:]]
    extra: tuple[tuple[str, list[str], list[list[object]]], ...] = ()
    if prizes:
        prize_title = f"{year}年度优秀调研成果奖名单"
        attachments.append(prize_title)
        extra = (
            (
                prize_title,
                PRIZE_HEADER,
                [[i, f"{p.grade}奖", p.unit, f"《{p.title}》"] for i, p in enumerate(prizes, start=1)],
            ),
        )
    return replace(
        draft,
        sections=sections,
        attachments=attachments,
        table_title=title,
        table=annual_table(board, rules, rows),
        extra_lists=extra,
    )
