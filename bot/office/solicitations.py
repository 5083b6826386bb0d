"""约稿: the office asks some units for an item by a deadline; late, missing or refusing units get a
proposed deduction (−5 迟报, −10 拒不配合) that an admin must confirm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.common.clock import Clock
from bot.ledger.drafts import DraftBuilder
from bot.common.errors import EntryError, Step
from bot.office.proposals import Proposal, Proposals
from bot.settings.rules import SOLICITATION_LATE, SOLICITATION_REFUSED
from bot.store import Store

LATE = SOLICITATION_LATE
REFUSED = SOLICITATION_REFUSED


@dataclass(frozen=True)
class Target:
    unit: str
    answered_at: datetime | None
    submission_id: int | None
    refused: bool
    refusal_note: str | None

    def late(self, deadline: datetime) -> bool:
        return self.answered_at is None or self.answered_at > deadline


@dataclass(frozen=True)
class Solicitation:
    id: int
    title: str
    deadline: datetime
    closed: bool
    targets: tuple[Target, ...]

    @property
    def units(self) -> list[str]:
        return [t.unit for t in self.targets]

    def target(self, unit: str) -> Target | None:
        return next((t for t in self.targets if t.unit == unit), None)

    def asked(self, unit: str) -> Target:
        """The target of a unit it was asked of (checked before)."""
        found = self.target(unit)
        if found is None:
            raise KeyError(unit)
        return found

    @property
    def label(self) -> str:
        return f"约稿 #{self.id}《{self.title}》"


class Solicitations:
    def __init__(self, store: Store, clock: Clock, drafts: DraftBuilder, proposals: Proposals):
        self.store = store
        self.clock = clock
        self.drafts = drafts
        self.proposals = proposals

    def create(
        self, unit_names: list[str], deadline: datetime, title: str, by: str, message_id: str | None
    ) -> Solicitation:
        now = self.clock.now()
        if deadline <= now:
            raise EntryError(f"截止时间 {deadline:%Y年%-m月%-d日 %H:%M} 已过，请写一个将来的时间。")
        units = list(dict.fromkeys(self.drafts.unit(u, now.date()) for u in unit_names))
        if not units:
            raise EntryError("请写明约稿单位。")
        with self.store.atomic():
            new_id = self.store.add_solicitation(
                {
                    "title": title,
                    "deadline": deadline.isoformat(),
                    "created_by": by,
                    "created_at": now.isoformat(),
                    "message_id": message_id,
                },
                units,
            )
        return self.get(new_id)

    def get(self, solicitation_id: int) -> Solicitation:
        row = self.store.solicitation(solicitation_id)
        if row is None:
            raise EntryError(f"没有约稿 #{solicitation_id}。{self.open_hint()}")
        return _solicitation(row, self.store.solicitation_units(solicitation_id))

    def open(self) -> list[Solicitation]:
        return [self.get(r["id"]) for r in self.store.open_solicitations()]

    def of_year(self, year: int) -> list[Solicitation]:
        """Every 约稿 whose deadline falls in `year`, latest first (the desk's 约稿 page)."""
        return [self.get(r["id"]) for r in self.store.solicitations_of_year(year)]

    def proposal_for(self, s: Solicitation, unit: str) -> Proposal | None:
        """The deduction proposed for a unit at the deadline, if any."""
        return self.proposals.for_source(_source(s, unit))

    def open_hint(self) -> str:
        current = self.open()
        if not current:
            return "目前没有进行中的约稿。"
        return "进行中的约稿：" + "；".join(f"#{s.id}《{s.title}》" for s in current)

    def answer(
        self, solicitation_id: int, unit: str, sender_id: str, submission_id: int, at: datetime
    ) -> tuple[Solicitation, Target]:
        """Record a unit's answer; the first one is what the deadline is checked against."""
        s = self.get(solicitation_id)
        if s.target(unit) is None:
            raise EntryError(f"{s.label}没有约{unit}，约稿单位：{'、'.join(s.units)}。", Step("submit_instead"))
        with self.store.atomic():
            self.store.record_answer(s.id, unit, at, sender_id, submission_id)
            s = self.get(s.id)
            target = s.asked(unit)
            proposal = self.proposals.for_source(_source(s, unit))
            if proposal is not None and proposal.status == "pending" and not target.refused:
                # Answered after the deadline check: the proposal (and the deduction it becomes) says 迟报.
                self.proposals.change(proposal, LATE, _note(s, target))
        return s, target

    def refuse(
        self, solicitation_id: int, unit_text: str, by: str, note: str | None
    ) -> tuple[Solicitation, str, Proposal | None]:
        """An admin records that a unit refused; a pending 迟报 proposal becomes 拒不配合."""
        s = self.get(solicitation_id)
        unit = self.drafts.unit(unit_text, s.deadline.date())
        if s.target(unit) is None:
            raise EntryError(f"{s.label}没有约{unit}，约稿单位：{'、'.join(s.units)}。")
        with self.store.atomic():
            self.store.record_refusal(s.id, unit, self.clock.now(), by, note)
            s = self.get(s.id)
            proposal = self.proposals.for_source(_source(s, unit))
            if proposal is not None:
                if proposal.status != "pending":
                    raise EntryError(
                        f"{unit} 在{s.label}的扣分提议 #{proposal.id} 已处理，不能再改为拒不配合；",
                        Step("correct_decided_proposal"),
                    )
                proposal = self.proposals.change(proposal, REFUSED, _note(s, s.asked(unit)))
        return s, unit, proposal

    def close_due(self, now: datetime) -> list[tuple[Solicitation, list[Proposal]]]:
        """Close each solicitation whose deadline has passed, proposing deductions for late units."""
        closed = []
        for s in self.open():
            if s.deadline > now:
                continue
            with self.store.atomic():
                proposals = []
                for t in s.targets:
                    if t.refused or t.late(s.deadline):
                        p = self.proposals.propose(
                            t.unit, REFUSED if t.refused else LATE, s.deadline.date(), _note(s, t), _source(s, t.unit)
                        )
                        proposals += [p] if p else []
                self.store.close_solicitation(s.id, now)
            closed.append((s, proposals))
        return closed


def status(s: Solicitation, t: Target) -> str:
    if t.refused:
        return "拒不配合" + (f"（{t.refusal_note}）" if t.refusal_note else "")
    if t.answered_at is None:
        return "未报送"
    when = f"{t.answered_at:%-m月%-d日 %H:%M} 报送 #{t.submission_id}"
    return f"迟报（{when}）" if t.late(s.deadline) else f"按时（{when}）"


def _note(s: Solicitation, t: Target) -> str:
    return f"{s.label}截止 {s.deadline:%-m月%-d日 %H:%M}，{status(s, t)}"


def _source(s: Solicitation, unit: str) -> str:
    return f"solicitation:{s.id}:{unit}"


def _solicitation(row: dict, units: list[dict]) -> Solicitation:
    targets = tuple(
        Target(u["unit"], _when(u["answered_at"]), u["submission_id"], bool(u["refused_at"]), u["refusal_note"])
        for u in units
    )
    return Solicitation(
        row["id"], row["title"], datetime.fromisoformat(row["deadline"]), bool(row["closed_at"]), targets
    )


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
