"""Editorial work, the lifecycle of an issue of the office's own publication: compose it from submissions
(a draft), publish it so that its adoptions record themselves, withdraw it; and the editor's inbox of
submissions not yet used. The grammar of /组刊 is the handler's; the scoring preview is scoring/preview.py's;
the Word document is reports/issue_doc.py's (injected, as `write_document`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.common.clock import Clock
from bot.common.errors import EntryError, Step
from bot.ledger.drafts import DraftBuilder, issue_number
from bot.ledger.service import Ledger
from bot.model.facts import Entry
from bot.model.issues import (
    ROUNDUP,
    SPECIAL,
    Article,
    IssueDocument,
    IssueRecord,
    IssueView,
    Item,
    Piece,
    Spec,
    issue_label,
    masthead,
)
from bot.office.issue_plan import IssueStateError, check_date, check_free, check_shape, credits, units_of
from bot.office.manuscripts import paragraphs
from bot.office.submissions import Submission, submission_of
from bot.scoring.preview import Outcome, score_with
from bot.settings import Config
from bot.settings.names import NameIndex, UnknownName
from bot.settings.rules import Publication
from bot.store import Store

EDITED_LEVEL = "区"  # the office edits the district's own publications
# Writes an issue's document to a path; returns how to put back what was there (on a rollback).
DocumentWriter = Callable[[IssueDocument, Path], Callable[[], None]]


@dataclass(frozen=True)
class Composition:
    issue: IssueView
    outcomes: list[Outcome]
    replaced: bool
    document: Path


@dataclass(frozen=True)
class Publishing:
    issue: IssueView
    outcomes: list[Outcome]
    on: date


@dataclass(frozen=True)
class Withdrawal:
    issue: IssueView
    reversals: list[Entry]
    already: list[int]  # adoptions reversed one by one before


PUBLISHED = "刊发"  # an issue's adoptions carry `刊发 <publication> 第N期` as their source


def published_source(publication: str, number: int) -> str:
    return f"{PUBLISHED} {publication} 第{number}期"


def issue_of_source(source: str | None) -> tuple[str, int] | None:
    """The (publication, number) an adoption was recorded by publishing, from its source; None otherwise.
    Databases from before #19 hold the chat's spelling with a leading slash."""
    parts = (source or "").removeprefix("/").split()
    if len(parts) != 3 or parts[0] != PUBLISHED:
        return None
    number = parts[2].removeprefix("第").removesuffix("期")
    return (parts[1], int(number)) if number.isdigit() else None


class Editorial:
    def __init__(
        self,
        config: Config,
        store: Store,
        clock: Clock,
        ledger: Ledger,
        drafts: DraftBuilder,
        out_dir: Path,
        write_document: DocumentWriter,
    ):
        self.config = config
        self.store = store
        self.clock = clock
        self.ledger = ledger
        self.drafts = drafts
        self.out_dir = out_dir
        self.write_document = write_document

    # --- names -----------------------------------------------------------------------

    def edited(self, year: int) -> list[Publication]:
        """The publications the office composes itself: the district's own, with 综合 and 专期."""
        try:
            rules = self.config.rules.for_year(year)
        except LookupError as exc:
            raise EntryError(str(exc)) from None
        return [
            p for p in rules.publications.values() if p.level == EDITED_LEVEL and {ROUNDUP, SPECIAL} <= set(p.points)
        ]

    def default_publication(self, year: int) -> Publication:
        """The publication meant when only a number is given: the first the office composes."""
        pubs = self.edited(year)
        if not pubs:
            raise EntryError(
                f"{year} 年度的计分规则里没有可组刊的刊物（区级、设有综合和专期的刊物，见 {self.config.file('scoring.yaml')}），",
                Step("name_the_issue"),
            )
        return pubs[0]

    def publication(self, given: str, year: int | None = None) -> Publication:
        pubs = self.edited(year or self.clock.now().year)
        try:
            name = NameIndex("可组刊的刊物", [(p.name, p.aliases) for p in pubs]).resolve(given)
        except UnknownName as exc:
            raise EntryError(str(exc), Step("adopt_instead")) from None
        return next(p for p in pubs if p.name == name)

    # --- compose, publish, withdraw ----------------------------------------------------

    def compose(self, publication: str, number: str, specs: list[Spec], by: str) -> Composition:
        now = self.clock.now()
        pub = self.publication(publication, now.year)
        n = issue_number(number)
        check_shape(specs)
        with self.store.atomic():
            before = self.store.issues.get(pub.name, n)
            if before and before.status == "published":
                raise IssueStateError(
                    f"{issue_label(pub.name, n)}已于 {before.published_on:%Y年%-m月%-d日} 刊发，不能再组刊。",
                    Step("withdraw_first", (pub.name, str(n))),
                )
            ids = [i for s in specs for i in s.ids]
            units = units_of(self.store, ids)
            check_free(self.store, pub.name, n, ids)
            articles = [(s.grade, s.title, [(i, units[i]) for i in s.ids]) for s in specs]
            self.store.issues.save_draft(pub.name, n, by, now, articles)
            view = self.view(pub, n)
            outcomes = self._outcomes(self._hypothetical(view, now.date(), by), now.year, pending=True)
        return Composition(view, outcomes, replaced=before is not None, document=self.write_docx(view))

    def publish(self, publication: str, number: str, on: date, by: str, again: bool = False) -> Publishing:
        pub = self.publication(publication, on.year)
        n = issue_number(number)
        label = issue_label(pub.name, n)
        with self.store.atomic():
            record = self.store.issues.get(pub.name, n)
            if record is None:
                raise IssueStateError(f"{label}还没有组刊。", Step("compose_first", (pub.name, str(n))))
            if record.status == "published":
                raise IssueStateError(f"{label}已于 {record.published_on:%Y年%-m月%-d日} 刊发，不能重复刊发。")
            if record.status == "withdrawn":
                raise IssueStateError(f"{label}已撤刊（{record.withdraw_reason}）。", Step("compose_again"))
            view = self.view(pub, n)
            units_of(self.store, [i.submission_id for _, i in view.items])
            check_free(self.store, pub.name, n, [i.submission_id for _, i in view.items])  # adopted since composing
            check_date(self.store, view, on)
            plan = credits(view)
            entries = self.ledger.record(self._drafts(view, on), by, again=again)
            self.store.issues.set_entries((item.id, e.id) for (_, items), e in zip(plan, entries) for item in items)
            self.store.issues.mark_published(record.id, by, self.clock.now(), on)
            return Publishing(self.view(pub, n), self._outcomes(entries, on.year), on)

    def withdraw(self, publication: str, number: str, reason: str, by: str) -> Withdrawal:
        pub = self.publication(publication)
        n = issue_number(number)
        label = issue_label(pub.name, n)
        reason = (reason or "").strip()
        if not reason:
            raise EntryError("撤刊须写明原因，", Step("withdraw_with_reason", (pub.name, str(n))))
        with self.store.atomic():
            record = self.store.issues.get(pub.name, n)
            if record is None or record.status == "draft":
                raise IssueStateError(f"{label}还没有刊发，不用撤刊；", Step("recompose_draft"))
            if record.status == "withdrawn":
                raise IssueStateError(
                    f"{label}已于 {record.withdrawn_at:%Y年%-m月%-d日} 撤刊（{record.withdraw_reason}）。"
                )
            view = self.view(pub, n)
            reversals, already = [], []
            for entry_id in dict.fromkeys(i.entry_id for _, i in view.items):  # a 综合 unit's items share one
                if entry_id is None:
                    continue
                if self.store.reversal_of(entry_id) is not None:
                    already.append(entry_id)
                else:
                    reversals.append(self.ledger.reverse(entry_id, f"撤刊：{reason}", by))
            self.store.issues.mark_withdrawn(record.id, by, self.clock.now(), reason)
            return Withdrawal(self.view(pub, n), reversals, already)

    # --- reading ------------------------------------------------------------------------

    def view(self, pub: Publication, number: int) -> IssueView:
        record = self.store.issues.get(pub.name, number)
        if record is None:
            raise IssueStateError(f"没有{issue_label(pub.name, number)}。", Step("list_issues", (pub.name,)))
        return IssueView(pub.name, record, self.store.issues.slots(record.id))

    def find(self, publication: str, number: str) -> IssueView:
        return self.view(self.publication(publication), issue_number(number))

    def recent(self, publication: str | None = None, limit: int = 10) -> list[IssueRecord]:
        pubs = [self.publication(publication)] if publication else self.edited(self.clock.now().year)
        return self.store.issues.recent([p.name for p in pubs], limit)

    def inbox(self, days: int) -> list[Submission]:
        """Submissions of the last `days` days not in any issue nor adopted by an edited publication."""
        since = self.clock.now() - timedelta(days=days)
        rows = self.store.issues.unused_submissions(since, [p.name for p in self.edited(self.clock.now().year)])
        return [submission_of(r) for r in rows]

    def adoptions(self, view: IssueView) -> list[Outcome]:
        """The published issue's adoptions as they count now (reversed ones at 0)."""
        ids = dict.fromkeys(i.entry_id for _, i in view.items if i.entry_id)
        entries = [e for i in ids if (e := self.store.entry(i)) is not None]
        if not entries:
            return []
        reversals = {e.id: r for e in entries if (r := self.store.reversal_of(e.id)) is not None}
        live = [e for e in entries if e.id not in reversals]
        counted = {o.entry.id: o for o in self._outcomes(live, entries[0].date.year)} if live else {}
        return [counted.get(e.id) or Outcome(e, 0, False, f"已撤销（#{reversals[e.id].id}）") for e in entries]

    def preview(self, view: IssueView) -> list[Outcome]:
        """What publishing this draft today would record, each weighed as /组刊 shows it."""
        now = self.clock.now()
        return self._outcomes(self._hypothetical(view, now.date(), "?"), now.year, pending=True)

    def document(self, view: IssueView) -> IssueDocument:
        day = view.record.published_on or self.clock.now().date()
        articles = []
        for slot in view.slots:
            pieces = tuple(Piece(i.submission_id, i.unit, i.title, self._paragraphs(i)) for i in slot.items)
            articles.append(Article(slot.grade, slot.heading, pieces))
        return IssueDocument(
            masthead(view.publication),
            view.number,
            self.config.bot.office.issuer,
            day,
            tuple(articles),
            draft=view.status == "draft",
        )

    def write_docx(self, view: IssueView) -> Path:
        """The issue's Word document, written inside the caller's transaction: a rollback puts back the file."""
        draft = "（草稿）" if view.status == "draft" else ""
        path = self.out_dir / f"{view.publication}_第{view.number}期{draft}.docx"
        self.store.on_rollback(self.write_document(self.document(view), path))
        return path

    # --- helpers ------------------------------------------------------------------------

    def _paragraphs(self, item: Item) -> tuple[str, ...]:
        paths = [a["path"] for a in self.store.attachments_of(item.submission_id)]
        return paragraphs(item.title, item.body, paths)

    def _drafts(self, view: IssueView, on: date):
        return [
            self.drafts.adoption(
                items[0].unit,
                view.publication,
                slot.grade,
                on,
                issue=f"第{view.number}期",
                title=items[0].title,
                submission_id=items[0].submission_id,
                source=published_source(view.publication, view.number),
            )
            for slot, items in credits(view)
        ]

    def _hypothetical(self, view: IssueView, on: date, by: str) -> list[Entry]:
        """The adoptions publishing would record, with ids past the ledger's end."""
        top = self.store.ledger_version()[0]
        now = self.clock.now()
        return [
            Entry(**{**d.__dict__, "id": top + k, "recorded_by": by, "recorded_at": now})
            for k, d in enumerate(self._drafts(view, on), start=1)
        ]

    def outcome(self, adoption: Entry) -> Outcome:
        """How a recorded adoption counts beside the unit's others that year, and what it made no longer count."""
        return self._outcomes([adoption], adoption.date.year)[0]

    def _outcomes(self, entries: list[Entry], year: int, pending: bool = False) -> list[Outcome]:
        """Each entry's points weighed against the units' other live adoptions this year."""
        units = sorted({e.unit for e in entries if e.unit is not None})
        recorded = self.store.live_adoptions(units, date(year, 1, 1), date(year, 12, 31))
        return score_with(entries, recorded, self.config.rules.for_year(year), pending=pending)
