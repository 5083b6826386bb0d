"""Per-liaison figures and 先进个人 candidates, computed purely from what the store provides.

A liaison is a contact with a confirmed binding in the year, known by contact id across unit changes.
Only items they sent themselves count: what an admin records for a unit (邮件、QQ、电话) is the unit's.
Adoption rate is of the year's items: items sent in the year and adopted by a fact dated in the year.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.common.text import name_key
from bot.model import facts
from bot.model.facts import Entry
from bot.model.liaisons import (
    EmergencyReport,
    LiaisonBinding,
    LiaisonFigures,
    LiaisonYear,
    SentItem,
    SolicitationAnswer,
)
from bot.settings.rules import LEVELS, RuleSet
from bot.settings.year_end import YearEndRules


def liaison_year(
    year: int,
    bindings: Iterable[LiaisonBinding],
    sent: Iterable[SentItem],
    entries: Iterable[Entry],
    answers: Iterable[SolicitationAnswer],
    emergencies: Iterable[EmergencyReport],
    rules: RuleSet,
    written_within: timedelta,
) -> LiaisonYear:
    """Every liaison bound at some time in `year`, most adopted first (then rate, then items sent)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    people: dict[str, list[LiaisonBinding]] = {}
    for b in sorted(bindings, key=lambda b: b.since):
        if b.since.date() <= last and (b.until is None or b.until.date() >= first):
            people.setdefault(b.contact_id, []).append(b)
    items = [s for s in sent if s.at.year == year]
    own = [s for s in items if s.channel is None and s.sender_id in people]
    adopted = _adopted_levels(own, entries, rules, year)
    mine, reported = _by_contact(own), _by_contact(emergencies)
    answered = _by_contact(answers, lambda a: a.answered_by)

    out = []
    for contact, served in people.items():
        levels = [adopted[s.id] for s in mine.get(contact, []) if s.id in adopted]
        their_answers = [a for a in answered.get(contact, []) if a.answered_at.year == year]
        their_reports = [e for e in reported.get(contact, []) if e.at.year == year]
        out.append(
            LiaisonFigures(
                contact_id=contact,
                name=served[-1].name,
                units=tuple(dict.fromkeys(b.unit for b in served)),
                sent=len(mine.get(contact, [])),
                adopted=len(levels),
                by_level={lv: sum(1 for got in levels if lv in got) for lv in LEVELS},
                solicitations=len(their_answers),
                solicitations_on_time=sum(1 for a in their_answers if a.answered_at <= a.deadline),
                emergencies=len(their_reports),
                emergencies_in_time=sum(
                    1 for e in their_reports if e.event_at is None or e.at - e.event_at <= written_within
                ),
            )
        )
    out.sort(key=lambda f: (-f.adopted, -f.rate, -f.sent, f.name, f.contact_id))
    return LiaisonYear(year, out, proxied=sum(1 for s in items if s.channel is not None))


def _by_contact(rows: Iterable, contact=lambda r: r.sender_id) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(contact(r), []).append(r)
    return out


def _adopted_levels(own: list[SentItem], entries: Iterable[Entry], rules: RuleSet, year: int) -> dict[int, set[str]]:
    """Item id → the levels it was adopted at, by live adoptions dated in `year`.

    An adoption names its item, or (entered by unit and title, or imported) is matched to the unit's
    latest item of the same title sent on or before the adoption's date."""
    entries = list(entries)
    reversed_ids = {e.reverses for e in entries if e.kind == facts.REVERSAL}
    by_id = {s.id: s for s in own}
    by_title: dict[tuple[str, str], list[SentItem]] = {}
    for s in sorted(own, key=lambda s: s.at):
        by_title.setdefault((s.unit, name_key(s.title)), []).append(s)
    sent_days = {key: [s.at.date() for s in group] for key, group in by_title.items()}
    sending_units = {unit for unit, _ in by_title}  # a unit without items of its own matches no title
    out: dict[int, set[str]] = {}
    for e in entries:
        if e.kind != facts.ADOPTION or e.id in reversed_ids or e.date.year != year:
            continue
        pub = rules.publications.get(e.publication or "")
        if pub is None:
            continue
        item = by_id.get(e.submission_id) if e.submission_id else None
        if item is None and not e.submission_id and e.title and e.unit is not None and e.unit in sending_units:
            key = (e.unit, name_key(e.title))
            before = bisect_right(sent_days.get(key, []), e.date)  # the latest sent on or before the adoption
            item = by_title[key][before - 1] if before else None
        if item is not None:
            out.setdefault(item.id, set()).add(pub.level)
    return out


@dataclass(frozen=True)
class Candidate:
    figures: LiaisonFigures
    why: tuple[str, ...]  # 采用条数前 5、采用率前 5
    unit_ineligible: str | None = None  # the reason their unit may not be chosen this year


@dataclass(frozen=True)
class People:
    """先进个人 candidates (the office decides), and those left out because of their unit."""

    chosen: list[Candidate]
    excluded: list[Candidate]
    least: int  # at least this many items adopted
    top: int


def people_candidates(year: LiaisonYear, ineligible: dict[str, str], rules: YearEndRules) -> People:
    """The liaisons with the most items adopted and the best rates, among those with at least
    `people_min_adopted` items; ties at the cut are kept. A liaison whose unit (the last they served in
    the year) has no 评先资格 is listed apart, with the unit's reason."""
    pool = [f for f in year.liaisons if f.adopted >= max(1, rules.people_min_adopted)]
    why: dict[str, list[str]] = {}
    for label, key in (
        (f"采用条数前 {rules.people_top}", lambda f: f.adopted),
        (f"采用率前 {rules.people_top}", lambda f: f.rate),
    ):
        for f in _top(pool, key, rules.people_top):
            why.setdefault(f.contact_id, []).append(label)
    picked = [Candidate(f, tuple(why[f.contact_id]), ineligible.get(f.unit)) for f in pool if f.contact_id in why]
    return People(
        [c for c in picked if c.unit_ineligible is None],
        [c for c in picked if c.unit_ineligible],
        max(1, rules.people_min_adopted),
        rules.people_top,
    )


def _top(pool: list[LiaisonFigures], key, n: int) -> list[LiaisonFigures]:
    ranked = sorted(pool, key=key, reverse=True)
    if len(ranked) <= n:
        return ranked
    cut = key(ranked[n - 1])
    return [f for f in ranked if key(f) >= cut]
