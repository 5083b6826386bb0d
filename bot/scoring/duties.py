"""信息调研任务 beyond the adoption target: the research duties of 一 and 附件2, judged at the year's end.

「未完成信息调研任务的单位不予评先」 (二（五）): a unit whose research duties are not done is not eligible.
Pure: the unit's research record, its confirmed deductions and the year's rules in, worded reasons out.
"""

from __future__ import annotations

from bot.model.research import HALVES, UnitResearch
from bot.settings.year_end import NOT_REQUIRED, PER_HALF, YearEndRules

RESEARCH_UNDONE = "未完成信息调研任务"
MISSED_SUBMISSION = "未完成年度投稿任务"  # 二（二）1（3）: the −10, once the office confirms it


def research_gaps(work: UnitResearch, rules: YearEndRules) -> list[str]:
    """What the unit left undone, each a phrase to follow 「2018 年」: 未上报调研报告, 下半年未上报经验专期…"""
    out = _by_half(work.reports, rules.reports, "调研报告")
    if rules.specials != NOT_REQUIRED:
        out += _by_half(work.specials, rules.specials, "经验专期")
    if work.key_work and rules.key_work_publications:
        if not work.city_specials:
            out.append("未在市级信息调研刊物发表专期")
        if not work.articles:
            out.append("未在《上街政研》发表调研文章")
    return out


def research_reason(year: int, gaps: list[str], confirmed: list[int]) -> str | None:
    """「未完成信息调研任务：2018 年未上报调研报告」, or None when the duties are done."""
    parts = list(gaps)
    if confirmed:
        parts.append(f"{MISSED_SUBMISSION}（{'、'.join(f'#{i}' for i in confirmed)} 已扣分）")
    if not parts:
        return None
    return f"{RESEARCH_UNDONE}：{year} 年" + "，".join(parts)


def _by_half(done: dict[int, list[str]], span: str, what: str) -> list[str]:
    if span == PER_HALF:
        missing = [h for h in HALVES if not done.get(h)]
        if len(missing) == len(HALVES):
            return [f"未上报{what}"]
        return [f"{HALVES[h]}未上报{what}" for h in missing]
    return [] if any(done.get(h) for h in HALVES) else [f"未上报{what}"]
