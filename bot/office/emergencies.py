"""紧急信息: written reports are time-stamped and checked against the 2-hour rule; deductions by grade."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.common.clock import Clock
from bot.ledger.drafts import DraftBuilder
from bot.common.errors import EntryError
from bot.model.facts import Entry
from bot.ledger.service import Ledger
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.settings.rules import EMERGENCY_PREFIX
from bot.settings.rules import DeductionKind
from bot.store import Store
from bot.office.proposals import Proposal, Proposals
from bot.office.submissions import Submissions

RULE = "重大紧急信息须在事发后 1 小时内口头报告、2 小时内书面报告。"
WRITTEN_WITHIN = timedelta(hours=2)
ORAL_WITHIN = timedelta(hours=1)
ORAL_SKEW = timedelta(minutes=5)  # an oral report time this far ahead of the bot's clock is taken (a slow clock)
REPORTED, NOT_REPORTED = "reported", "none"  # an oral report was made (at a time), or was not made
KIND_PREFIX = EMERGENCY_PREFIX


@dataclass(frozen=True)
class Emergency:
    id: int
    unit: str
    title: str
    event_at: datetime | None
    at: datetime
    submission_id: int | None
    oral: "OralReport | None" = None
    repeated: bool = False  # the same report sent again: this is the one received before

    @property
    def delay(self) -> timedelta | None:
        """From the event to the written report; None when the report gives no event time."""
        return self.at - self.event_at if self.event_at else None

    @property
    def late(self) -> bool:
        return self.delay is not None and self.delay > WRITTEN_WITHIN

    @property
    def noted_oral(self) -> OralReport:
        """The oral report of one the office has noted it for."""
        if self.oral is None:
            raise ValueError(f"紧急信息 #{self.id}: no oral report noted")
        return self.oral


@dataclass(frozen=True)
class OralReport:
    """What the office noted about the oral report: made at `at`, or not made (`at` None)."""

    at: datetime | None
    by: str
    noted_at: datetime
    event_at: datetime | None

    @property
    def delay(self) -> timedelta | None:
        return self.at - self.event_at if self.at and self.event_at else None

    @property
    def late(self) -> bool:
        """Not made, or made more than 1 hour after the event (unknown without an event time: not late)."""
        return self.at is None or (self.delay is not None and self.delay > ORAL_WITHIN)


class OralReportNoted(EntryError):
    """The oral report of this 紧急信息 was noted before; nothing is recorded again."""

    show_usage = False

    def __init__(self, emergency: Emergency):
        self.emergency = emergency
        oral = emergency.noted_oral
        what = f"口头报告时间 {oral.at:%-m月%-d日 %H:%M}" if oral.at else "未口头报告"
        super().__init__(f"紧急信息 #{emergency.id} 的口头报告已登记（{what}），不再重复登记。")


def span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} 小时"] if hours else []) + ([f"{minutes} 分钟"] if minutes or not hours else [])
    return " ".join(parts)


class Emergencies:
    def __init__(
        self,
        config: Config,
        store: Store,
        clock: Clock,
        submissions: Submissions,
        ledger: Ledger,
        drafts: DraftBuilder,
        proposals: Proposals | None = None,
    ):
        self.proposals = proposals
        self.config = config
        self.store = store
        self.clock = clock
        self.submissions = submissions
        self.ledger = ledger
        self.drafts = drafts

    def report(
        self,
        unit: str,
        sender_id: str,
        sender_name: str,
        title: str,
        body: str,
        event_at: datetime | None,
        message_id: str,
        at: datetime,
    ) -> Emergency:
        """A written report, kept as a submission too (so it can be adopted like any other item)."""
        if event_at is not None and event_at > at + timedelta(minutes=5):
            raise EntryError(f"事发时间 {event_at:%-m月%-d日 %H:%M} 晚于收到时间 {at:%-m月%-d日 %H:%M}，请核对后重发。")
        with self.store.atomic():
            receipt = self.submissions.submit(unit, sender_id, sender_name, title, body, False, message_id, at)
            earlier = self.store.emergency_of_submission(receipt.submission.id) if receipt.duplicate else None
            if earlier is not None:  # the same report sent again: the one already noted (and put to the office)
                return replace(self.get(earlier["id"]), repeated=True)
            new_id = self.store.add_emergency(
                {
                    "unit": unit,
                    "sender_id": sender_id,
                    "submission_id": receipt.submission.id,
                    "title": title,
                    "event_at": event_at.isoformat() if event_at else None,
                    "at": at.isoformat(),
                    "message_id": message_id,
                }
            )
        return Emergency(new_id, unit, title, event_at, at, receipt.submission.id)

    def get(self, emergency_id: int) -> Emergency:
        row = self.store.emergency(emergency_id)
        if row is None:
            raise EntryError(f"没有紧急信息 #{emergency_id}。")
        event = datetime.fromisoformat(row["event_at"]) if row["event_at"] else None
        oral = None
        if row.get("oral_state"):
            oral = OralReport(
                datetime.fromisoformat(row["oral_at"]) if row["oral_at"] else None,
                row["oral_by"],
                datetime.fromisoformat(row["oral_noted_at"]),
                event,
            )
        return Emergency(
            row["id"], row["unit"], row["title"], event, datetime.fromisoformat(row["at"]), row["submission_id"], oral
        )

    def oral_report(self, emergency_id: int, at: datetime | None, by: str) -> tuple[Emergency, Proposal | None]:
        """Note the oral report (made at `at`, or not made: None), once. Made more than 1 hour after the
        event, or not made, it is proposed for a deduction like a late written report."""
        now = self.clock.now()
        with self.store.atomic():
            e = self.get(emergency_id)
            if e.oral is not None:
                raise OralReportNoted(e)
            if at is not None and at > now + ORAL_SKEW:
                raise EntryError(f"口头报告时间 {at:%-m月%-d日 %H:%M} 晚于现在，请核对。")
            if at is not None and e.event_at is not None and at < e.event_at:
                raise EntryError(
                    f"口头报告时间 {at:%-m月%-d日 %H:%M} 早于事发时间 {e.event_at:%-m月%-d日 %H:%M}，请核对。"
                )
            self.store.note_oral_report(e.id, REPORTED if at else NOT_REPORTED, at, by, now)
            e = self.get(emergency_id)
            proposal = None
            oral = e.noted_oral
            if oral.late:
                late = f"口头报告距事发 {span(oral.delay)}" if oral.delay is not None else "未口头报告"
                proposal = self.propose_late(e, f"{late}，超过 1 小时时限")
        return e, proposal

    def propose_late(self, e: Emergency, why: str) -> Proposal | None:
        """A deduction proposal for a late (or missing) report, at the lowest grade: the office confirms it,
        dismisses it, or records the real grade with /紧急扣分. One per 紧急信息 (None if proposed before)."""
        grades = sorted(self.grades(e.at.year), key=lambda k: k.points)
        if self.proposals is None or not grades:
            return None
        note = f"紧急信息 #{e.id}《{e.title}》{why}"
        return self.proposals.propose(e.unit, grades[0].name, e.at.date(), note, f"emergency:{e.id}")

    def grades(self, year: int) -> list[DeductionKind]:
        """一般/较大/重大/特别重大, as configured: the emergency deductions that carry points."""
        kinds = self.config.rules.for_year(year).deductions.values()
        return [k for k in kinds if k.name.startswith(KIND_PREFIX) and k.points > 0]

    def grade_list(self, year: int) -> str:
        return "、".join(f"{k.name.removeprefix(KIND_PREFIX)} -{k.points}" for k in self.grades(year))

    def deduct(
        self,
        unit: str,
        grade: str,
        by: str,
        note: str | None,
        emergency: Emergency | None = None,
        severe: bool = False,
        again: bool = False,
    ) -> list[Entry]:
        """The grade's deduction; with `severe` (情节特别严重) also the fact that removes the year's
        评先资格, both in one transaction. Returns the entries, the grade's first."""
        today = self.clock.now().date()
        on = emergency.at.date() if emergency else today
        valid = {k.name for k in self.grades(on.year)}
        kind = self._grade(grade, on.year, valid)
        if emergency:
            note = " ".join(filter(None, [f"紧急信息 #{emergency.id}《{emergency.title}》", note]))
        drafts = [self.drafts.deduction(unit, kind, on, note=note)]
        if severe:
            drafts.append(
                self.drafts.deduction(unit, self.severe_kind(on.year), on, note=" ".join(filter(None, [kind, note])))
            )
        return self.ledger.record(drafts, by, again=again)

    def severe_kind(self, year: int) -> str:
        """The deduction kind that marks 情节特别严重 (取消当年评先资格), as configured."""
        kinds = [k for k in self.config.rules.for_year(year).deductions.values() if k.disqualifies]
        kinds.sort(key=lambda k: not k.name.startswith(KIND_PREFIX))
        if not kinds:
            raise EntryError("scoring.yaml 中没有取消评先资格的扣分项（disqualifies: true），无法登记情节特别严重。")
        return kinds[0].name

    def _grade(self, given: str, year: int, valid: set[str]) -> str:
        rules = self.config.rules.for_year(year)
        for spelling in (given, KIND_PREFIX + given):
            try:
                name = rules.deduction(spelling).name
            except UnknownName:
                continue
            if name in valid:
                return name
        raise EntryError(f"未知紧急信息级别「{given}」。可用：{self.grade_list(year)}（也可写 Ⅳ级、Ⅲ级、Ⅱ级、Ⅰ级）。")
