"""优质信息统计表: each quality-information award with the publication and issue it appeared in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.model import facts
from bot.model.facts import Entry
from bot.scoring import Period
from bot.settings.rules import QUALITY_AWARD, RuleBook, rule
from bot.common.text import name_key

AWARD_KIND = QUALITY_AWARD
UNKNOWN = "—"
HEADER = ["序号", "刊物", "期数", "信息标题", "报送单位"]


@dataclass(frozen=True)
class QualityItem:
    award: Entry
    adoption: Entry | None  # where the item was published, when known
    publication: str  # 《上街信息》, or 「—」
    issue: str  # 第20期, or 「—」

    @property
    def title(self) -> str:
        return self.award.title or (self.adoption.title if self.adoption else None) or UNKNOWN

    @property
    def unit(self) -> str:
        return self.award.unit or UNKNOWN

    def row(self, n: int) -> list[object]:
        return [n, self.publication, self.issue, self.title, self.unit]


def quality_items(entries: Iterable[Entry], period: Period, rules: RuleBook) -> list[QualityItem]:
    """Awards of kind 优质信息 dated in `period` that were not revoked, in the order they were given.

    The publication comes from the adoption the award refers to (ref_id) or, failing that,
    the adoption of the same unit with the same title; 「—」 when neither is recorded.
    `entries` should reach back far enough to hold the adoptions (e.g. the year before).
    """
    entries = list(entries)
    revoked = {e.reverses for e in entries if e.kind == facts.REVERSAL}
    live = [e for e in entries if e.id not in revoked and e.kind != facts.REVERSAL]
    by_id = {e.id: e for e in live}
    by_title: dict[tuple[str, str], list[Entry]] = {}
    for e in live:
        if e.kind == facts.ADOPTION and e.unit and e.title and name_key(e.title):
            by_title.setdefault((e.unit, name_key(e.title)), []).append(e)

    items = []
    for award in live:
        if award.kind != facts.AWARD or award.award_kind != AWARD_KIND or award.date not in period:
            continue
        adoption = _adoption_of(award, by_id, by_title)
        items.append(
            QualityItem(
                award=award,
                adoption=adoption,
                publication=_publication(adoption, rules) if adoption else UNKNOWN,
                issue=award.issue or (adoption.issue if adoption else None) or UNKNOWN,
            )
        )
    items.sort(key=lambda q: (q.award.date, q.adoption.date if q.adoption else q.award.date, q.award.id))
    return items


def quality_rows(items: list[QualityItem]) -> list[list[object]]:
    return [item.row(n) for n, item in enumerate(items, start=1)]


def quality_note(rules: RuleBook, year: int) -> str:
    points = rules.for_year(year).awards.get(AWARD_KIND, 0)
    return f"双月评选一次优质信息，每条优质信息报送单位加{points}分。"


def months_label(start: date, end: date) -> str:
    """5—6月份, as the office names its bi-monthly lists; 1月1日至12月2日 when the span is not whole months
    (data only to 12月2日 is not 「1—12月份」)."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日"
    return f"{start.month}月份" if start.month == end.month else f"{start.month}—{end.month}月份"


def quality_title(period: Period) -> str:
    s, e = period.start, period.end
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        return f"{period.year}年度优质信息统计表"
    return f"{period.year}年{months_label(s, e)}优质信息统计表"


def _adoption_of(award: Entry, by_id: dict[int, Entry], by_title: dict[tuple[str, str], list[Entry]]) -> Entry | None:
    if award.ref_id is not None:
        ref = by_id.get(award.ref_id)
        if ref is not None and ref.kind == facts.ADOPTION:
            return ref
    if not award.title or not award.unit:
        return None
    candidates = by_title.get((award.unit, name_key(award.title)), [])
    if not candidates:
        return None
    # The issue named on the award first; then an adoption that has an issue (the printed
    # 《上街信息》 rather than its WeChat repost); then the earliest.
    return min(
        candidates,
        key=lambda e: (
            0 if award.issue and e.issue == award.issue else 1,
            0 if e.issue else 1,
            e.date,
            e.id,
        ),
    )


def _publication(adoption: Entry, rules: RuleBook) -> str:
    try:
        return rule(rules.for_year(adoption.date.year).publications, adoption.publication).display
    except (KeyError, LookupError):
        return f"《{adoption.publication}》"
