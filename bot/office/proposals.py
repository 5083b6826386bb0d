"""Deductions the bot proposes (约稿迟报, 联系人变动未报…): nothing is deducted until an admin confirms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.common.clock import Clock
from bot.ledger.drafts import DraftBuilder
from bot.common.errors import EntryError, Step
from bot.model.facts import Entry
from bot.ledger.service import Ledger
from bot.settings import Config
from bot.store import Store


@dataclass(frozen=True)
class Proposal:
    id: int
    unit: str
    kind: str
    date: date
    note: str
    status: str
    entry_id: int | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None  # why it was dismissed


class ProposalDecided(EntryError):
    """The proposal was decided before: nothing is recorded again (a second click, a second admin)."""

    show_usage = False

    def __init__(self, proposal: Proposal, reason: str | None):
        self.proposal = proposal
        done = {"confirmed": f"已确认（记录 #{proposal.entry_id}）", "dismissed": f"已决定不扣分（{reason}）"}
        super().__init__(f"扣分提议 #{proposal.id} {done[proposal.status]}，不能再处理。")


class Proposals:
    def __init__(self, config: Config, store: Store, clock: Clock, ledger: Ledger, drafts: DraftBuilder):
        self.config = config
        self.store = store
        self.clock = clock
        self.ledger = ledger
        self.drafts = drafts

    def propose(self, unit: str, kind: str, on: date, note: str, source: str) -> Proposal | None:
        """Propose once per source (e.g. solicitation:3:济办); None if it was proposed before."""
        new_id = self.store.add_proposal(
            {
                "unit": unit,
                "deduction_kind": kind,
                "date": on.isoformat(),
                "note": note,
                "source": source,
                "proposed_at": self.clock.now().isoformat(),
            }
        )
        return Proposal(new_id, unit, kind, on, note, "pending") if new_id else None

    def for_source(self, source: str) -> Proposal | None:
        row = self.store.proposal_for(source)
        return _proposal(row) if row else None

    def change(self, proposal: Proposal, kind: str, note: str) -> Proposal:
        self.store.change_proposal(proposal.id, kind, note)
        return Proposal(proposal.id, proposal.unit, kind, proposal.date, note, proposal.status)

    def pending(self) -> list[Proposal]:
        return [_proposal(r) for r in self.store.pending_proposals()]

    def confirm(self, ids: list[int], by: str) -> list[tuple[Proposal, Entry]]:
        """Record each proposed deduction as a ledger fact; all of them, or none."""
        with self.store.atomic():
            proposals = self._pending(ids)
            drafts = [
                self.drafts.deduction(p.unit, p.kind, p.date, note=f"{p.note}（扣分提议 #{p.id}）") for p in proposals
            ]
            entries = self.ledger.record(drafts, by)
            for p, e in zip(proposals, entries):
                self.store.decide_proposal(p.id, "confirmed", by, self.clock.now(), entry_id=e.id)
        return list(zip(proposals, entries))

    def dismiss(self, ids: list[int], by: str, reason: str) -> list[Proposal]:
        if not reason.strip():
            raise EntryError("不扣分须写明原因，", Step("dismiss_with_reason"))
        with self.store.atomic():
            proposals = self._pending(ids)
            for p in proposals:
                self.store.decide_proposal(p.id, "dismissed", by, self.clock.now(), reason=reason.strip())
        return proposals

    def still_pending(self, ids: list[int]) -> list[Proposal]:
        """The proposals, if all are still undecided; else the EntryError that says why not."""
        return self._pending(ids)

    def _pending(self, ids: list[int]) -> list[Proposal]:
        found = []
        for i in dict.fromkeys(ids):
            row = self.store.proposal(i)
            if row is None:
                raise EntryError(f"没有扣分提议 #{i}。{self.pending_hint()}")
            p = _proposal(row)
            if p.status != "pending":
                raise ProposalDecided(p, row["reason"])
            found.append(p)
        return found

    def get(self, proposal_id: int) -> Proposal | None:
        row = self.store.proposal(proposal_id)
        return _proposal(row) if row else None

    def points_of(self, kind: str, on: date) -> int:
        return self.config.rules.for_year(on.year).deductions[kind].points

    def points(self, p: Proposal) -> int:
        return self.points_of(p.kind, p.date)

    def describe(self, p: Proposal) -> str:
        return f"#{p.id} {p.unit} {p.kind} -{self.points(p)} 分：{p.note}"

    def pending_hint(self) -> str:
        pending = self.pending()
        if not pending:
            return "目前没有待确认的扣分提议。"
        return "待确认的扣分提议：\n" + "\n".join(self.describe(p) for p in pending)


def _proposal(row: dict) -> Proposal:
    decided = row.get("decided_at")
    return Proposal(
        row["id"],
        row["unit"],
        row["deduction_kind"],
        date.fromisoformat(row["date"]),
        row["note"] or "",
        row["status"],
        row["entry_id"],
        row.get("decided_by"),
        datetime.fromisoformat(decided) if decided else None,
        row.get("reason"),
    )
