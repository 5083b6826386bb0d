"""Editorial work: compose an issue of the office's own publication from submissions, publish it so that
its adoptions record themselves, withdraw it; and the editor's inbox of submissions not yet used."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.common.clock import Clock
from bot.common.text import nfkc
from bot.ledger.drafts import DraftBuilder, EntryError, issue_number
from bot.ledger.service import Ledger
from bot.model.facts import Entry
from bot.model.issues import ROUNDUP, SPECIAL, Article, IssueDocument, Piece
from bot.office.manuscripts import paragraphs
from bot.reports.explain import describe
from bot.reports.issue_doc import render_issue_docx
from bot.scoring import entry_points
from bot.scoring.dedupe import superseded
from bot.settings import Config
from bot.settings.names import NameIndex, UnknownName
from bot.settings.rules import Publication
from bot.store import Store

EDITED_LEVEL = "区"          # the office edits the district's own publications
MAX_ITEMS = 60
ROUNDUP_TITLE = "各单位工作动态"  # a 综合 with no 《标题》 given
STATUS = {"draft": "草稿", "published": "已刊发", "withdrawn": "已撤刊"}
EXAMPLE = "单条 12 15 综合 20+21+22 简讯 30 31"
_GROUP = re.compile(r"^#?\d{1,12}(?:\+#?\d{1,12})*$")


@dataclass(frozen=True)
class Spec:
    """An article as typed: its grade, an optional 《标题》, and the submission numbers joined by +."""

    grade: str
    title: str | None
    ids: tuple[int, ...]


@dataclass(frozen=True)
class Item:
    id: int
    submission_id: int
    unit: str
    title: str
    body: str | None
    entry_id: int | None


@dataclass(frozen=True)
class Slot:
    grade: str
    title: str | None  # the editor's 《标题》 for the article, if any
    items: tuple[Item, ...]

    @property
    def heading(self) -> str:
        return self.title or (ROUNDUP_TITLE if self.grade == ROUNDUP else self.items[0].title)


@dataclass(frozen=True)
class IssueView:
    publication: Publication
    number: int
    row: dict
    slots: tuple[Slot, ...]

    @property
    def status(self) -> str:
        return self.row["status"]

    @property
    def label(self) -> str:
        return issue_label(self.publication, self.number)

    @property
    def items(self) -> list[tuple[Slot, Item]]:
        return [(s, i) for s in self.slots for i in s.items]


@dataclass(frozen=True)
class Outcome:
    """An adoption as it counts: its points, or 0 and why; and what it displaces."""

    entry: Entry
    points: int
    counted: bool
    note: str
    displaced: int = 0  # points of the unit's earlier adoptions that this one makes no longer count

    @property
    def net(self) -> int:
        """What the unit's score really changes by."""
        return (self.points if self.counted else 0) - self.displaced


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

    @property
    def announcement(self) -> str:
        parts = [f"{o.entry.unit}《{o.entry.title}》{o.entry.grade}" for o in self.outcomes]
        return f"{self.issue.label}已刊发：{'，'.join(parts)}。"


@dataclass(frozen=True)
class Withdrawal:
    issue: IssueView
    reversals: list[Entry]
    already: list[int]  # adoptions reversed one by one before (/撤销)


def masthead(pub: Publication) -> str:
    """《上街信息》, or 《上街信息》微信公众号 for its WeChat account."""
    account = "微信公众号"
    if pub.name.endswith(account) and len(pub.name) > len(account):
        return f"《{pub.name.removesuffix(account)}》{account}"
    return f"《{pub.name}》"


def issue_label(pub: Publication, number: int) -> str:
    return f"{masthead(pub)}第{number}期"


def parse_contents(tokens: list[str], pub: Publication) -> list[Spec]:
    """`单条 12 15 综合 《标题》 20+21+22 简讯 30`: a grade, then its articles; + joins one 综合.

    `tokens` are the words as the chat layer split them, 《…》 kept whole.
    """
    specs: list[Spec] = []
    grade: str | None = None
    title: str | None = None
    used = True
    for token in _words(tokens):
        if token[:1] in "《【" and token[-1:] in "》】":
            title = token[1:-1].strip()
        elif _GROUP.match(token):
            if grade is None:
                raise EntryError(f"报送编号「{token}」前缺少类型。写法如：{EXAMPLE}；类型可用：{'、'.join(pub.grades)}。")
            specs.append(Spec(grade, title, tuple(int(t.lstrip("#")) for t in token.split("+"))))
            title, used = None, True
        else:
            if not used:
                raise EntryError(f"「{grade}」后缺少报送编号。")
            try:
                grade = pub.resolve_grade(token)
            except UnknownName as exc:
                raise EntryError(f"{exc}写法如：{EXAMPLE}。") from None
            used = False
    if not specs:
        raise EntryError(f"缺少本期内容。写法如：/组刊 {pub.name} 第23期 {EXAMPLE}。")
    if not used:
        raise EntryError(f"「{grade}」后缺少报送编号。")
    if title:
        raise EntryError(f"《{title}》后缺少报送编号：标题写在它所属文章的编号前面，如 综合 《{title}》 20+21+22。")
    _check_shape(specs)
    return specs


def _words(tokens: list[str]) -> list[str]:
    """Split 12、15 and 12,15 apart; join 20 + 21 and 20+ 21 into 20+21."""
    words: list[str] = []
    for token in tokens:
        parts = [token] if token[:1] in "《【" else [p for p in re.split(r"[、，,；;]", nfkc(token)) if p]
        for part in parts:
            if words and (part.startswith("+") or words[-1].endswith("+")):
                words[-1] += part
            else:
                words.append(part)
    return words


def _check_shape(specs: list[Spec]) -> None:
    """Each grade in its own shape: 综合 joins several, the others stand alone, 专期 is the whole issue."""
    total = sum(len(s.ids) for s in specs)
    if any(s.grade == SPECIAL for s in specs) and total > 1:
        raise EntryError(f"专期是整期刊发一个单位的一条信息，只能有一条报送；本期共 {total} 条。"
                         "多条请用 单条、综合、简讯 组刊。")
    for s in specs:
        joined = "+".join(str(i) for i in s.ids)
        if s.grade == ROUNDUP and len(s.ids) < 2:
            raise EntryError(f"综合须由两条以上报送用 + 连成一篇，如 综合 20+21+22；报送 #{s.ids[0]} 单独成篇"
                             "请用 单条 或 简讯。")
        if s.grade != ROUNDUP and len(s.ids) > 1:
            raise EntryError(f"「{s.grade} {joined}」：用 + 连成一篇的只能是综合（综合 {joined}）；"
                             f"各自成篇请用空格分开（{s.grade} {joined.replace('+', ' ')}）。")
    seen: set[int] = set()
    for i in (i for s in specs for i in s.ids):
        if i in seen:
            raise EntryError(f"报送 #{i} 在本期出现了两次，每条报送只能用一次。")
        seen.add(i)
    if total > MAX_ITEMS:
        raise EntryError(f"一期最多 {MAX_ITEMS} 条报送，本期有 {total} 条。")


class IssueStateError(EntryError):
    """The issue is not in a state for this; the usage line would not help."""

    show_usage = False


class Editorial:
    def __init__(self, config: Config, store: Store, clock: Clock, ledger: Ledger, drafts: DraftBuilder,
                 out_dir: Path):
        self.config = config
        self.store = store
        self.clock = clock
        self.ledger = ledger
        self.drafts = drafts
        self.out_dir = out_dir

    # --- names -----------------------------------------------------------------------

    def edited(self, year: int) -> list[Publication]:
        """The publications the office composes itself: the district's own, with 综合 and 专期."""
        try:
            rules = self.config.rules.for_year(year)
        except LookupError as exc:
            raise EntryError(str(exc)) from None
        return [p for p in rules.publications.values()
                if p.level == EDITED_LEVEL and {ROUNDUP, SPECIAL} <= set(p.points)]

    def default_publication(self, year: int) -> Publication:
        """The publication meant when only a number is given (/刊物 23): the first the office composes."""
        pubs = self.edited(year)
        if not pubs:
            raise EntryError(f"{year} 年度的计分规则里没有可组刊的刊物（区级、设有综合和专期的刊物，见 {self.config.file('scoring.yaml')}），"
                             "请写明刊物和期数，如：/刊物 上街信息 第23期。")
        return pubs[0]

    def publication(self, given: str, year: int | None = None) -> Publication:
        pubs = self.edited(year or self.clock.now().year)
        index = NameIndex("可组刊的刊物", [(p.name, p.aliases) for p in pubs])
        try:
            name = index.resolve(given)
        except UnknownName as exc:
            raise EntryError(f"{exc}市、省刊物的采用来自外单位，请用 /采用 登记。") from None
        return next(p for p in pubs if p.name == name)

    # --- compose, publish, withdraw ----------------------------------------------------

    def compose(self, publication: str, number: str, contents: list[str], by: str) -> Composition:
        now = self.clock.now()
        pub = self.publication(publication, now.year)
        n = issue_number(number)
        specs = parse_contents(contents, pub)
        with self.store.atomic():
            row = self.store.issue_row(pub.name, n)
            if row and row["status"] == "published":
                raise IssueStateError(f"{issue_label(pub, n)}已于 {cn_day(row['published_on'])} 刊发，不能再组刊。"
                                      f"如需更正，先 /撤刊 {pub.name} 第{n}期 <原因>，再重新组刊。")
            ids = [i for s in specs for i in s.ids]
            units = self._units_of(ids)
            self._check_free(pub, n, ids)
            articles = [(s.grade, s.title, [(i, units[i]) for i in s.ids]) for s in specs]
            self.store.save_issue_draft(pub.name, n, by, now, articles)
            view = self.view(pub, n)
            outcomes = self._outcomes(self._hypothetical(view, now.date(), by), now.year)
        return Composition(view, outcomes, replaced=row is not None, document=self.write_docx(view))

    def publish(self, publication: str, number: str, on: date, by: str, again: bool = False) -> Publishing:
        pub = self.publication(publication, on.year)
        n = issue_number(number)
        label = issue_label(pub, n)
        with self.store.atomic():
            row = self.store.issue_row(pub.name, n)
            if row is None:
                raise IssueStateError(f"{label}还没有组刊。先用 /组刊 {pub.name} 第{n}期 {EXAMPLE} 组好这一期。")
            if row["status"] == "published":
                raise IssueStateError(f"{label}已于 {cn_day(row['published_on'])} 刊发，不能重复刊发。")
            if row["status"] == "withdrawn":
                raise IssueStateError(f"{label}已撤刊（{row['withdraw_reason']}）。"
                                      "如需重新刊发，请先用 /组刊 重新组好这一期。")
            view = self.view(pub, n)
            self._units_of([i.submission_id for _, i in view.items])
            self._check_free(pub, n, [i.submission_id for _, i in view.items])  # a /采用 since composing
            self._check_date(view, on)
            plan = _credits(view)
            entries = self.ledger.record(self._drafts(view, on), by, again=again)
            self.store.set_issue_entries((item.id, e.id) for (_, items), e in zip(plan, entries) for item in items)
            self.store.mark_issue_published(row["id"], by, self.clock.now(), on)
            return Publishing(self.view(pub, n), self._outcomes(entries, on.year), on)

    def withdraw(self, publication: str, number: str, reason: str, by: str) -> Withdrawal:
        pub = self.publication(publication)
        n = issue_number(number)
        label = issue_label(pub, n)
        reason = (reason or "").strip()
        if not reason:
            raise EntryError(f"撤刊须写明原因，如：/撤刊 {pub.name} 第{n}期 期数登记错误。")
        with self.store.atomic():
            row = self.store.issue_row(pub.name, n)
            if row is None or row["status"] == "draft":
                raise IssueStateError(f"{label}还没有刊发，不用撤刊；草稿重新 /组刊 即可替换。")
            if row["status"] == "withdrawn":
                raise IssueStateError(f"{label}已于 {cn_day(row['withdrawn_at'])} 撤刊（{row['withdraw_reason']}）。")
            view = self.view(pub, n)
            reversals, already = [], []
            for entry_id in dict.fromkeys(i.entry_id for _, i in view.items):  # a 综合 unit's items share one
                if entry_id is None:
                    continue
                if self.store.reversal_of(entry_id) is not None:
                    already.append(entry_id)
                else:
                    reversals.append(self.ledger.reverse(entry_id, f"撤刊：{reason}", by))
            self.store.mark_issue_withdrawn(row["id"], by, self.clock.now(), reason)
            return Withdrawal(self.view(pub, n), reversals, already)

    # --- reading ------------------------------------------------------------------------

    def view(self, pub: Publication, number: int) -> IssueView:
        row = self.store.issue_row(pub.name, number)
        if row is None:
            raise IssueStateError(f"没有{issue_label(pub, number)}。用 /刊物 {pub.name} 查看已有的期数。")
        slots: dict[int, Slot] = {}
        for r in self.store.issue_contents(row["id"]):
            item = Item(r["id"], r["submission_id"], r["unit"], r["title"] or f"报送 #{r['submission_id']}",
                        r["body"], r["entry_id"])
            slot = slots.get(r["article_id"]) or Slot(r["grade"], r["article_title"], ())
            slots[r["article_id"]] = replace(slot, items=(*slot.items, item))
        return IssueView(pub, number, row, tuple(slots.values()))

    def find(self, publication: str, number: str) -> IssueView:
        return self.view(self.publication(publication), issue_number(number))

    def recent(self, publication: str | None = None, limit: int = 10) -> list[dict]:
        pubs = [self.publication(publication)] if publication else self.edited(self.clock.now().year)
        return self.store.recent_issues([p.name for p in pubs], limit)

    def inbox(self, days: int) -> list[dict]:
        """Submissions of the last `days` days not in any issue nor adopted by an edited publication."""
        since = self.clock.now() - timedelta(days=days)
        return self.store.unused_submissions(since, [p.name for p in self.edited(self.clock.now().year)])

    def adoptions(self, view: IssueView) -> list[Outcome]:
        """The published issue's adoptions as they count now (reversed ones at 0)."""
        entries = [self.store.entry(i) for i in dict.fromkeys(i.entry_id for _, i in view.items if i.entry_id)]
        if not entries:
            return []
        live = [e for e in entries if self.store.reversal_of(e.id) is None]
        counted = {o.entry.id: o for o in self._outcomes(live, entries[0].date.year)} if live else {}
        return [counted.get(e.id) or Outcome(e, 0, False, f"已撤销（#{self.store.reversal_of(e.id).id}）")
                for e in entries]

    def document(self, view: IssueView) -> IssueDocument:
        published = view.row["published_on"]
        day = date.fromisoformat(published) if published else self.clock.now().date()
        articles = []
        for slot in view.slots:
            pieces = tuple(Piece(i.submission_id, i.unit, i.title, self._paragraphs(i)) for i in slot.items)
            articles.append(Article(slot.grade, slot.heading, pieces))
        return IssueDocument(masthead(view.publication), view.number, self.config.bot.office.issuer, day,
                             tuple(articles), draft=view.status == "draft")

    def write_docx(self, view: IssueView) -> Path:
        draft = "（草稿）" if view.status == "draft" else ""
        path = self.out_dir / f"{view.publication.name}_第{view.number}期{draft}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_bytes() if path.exists() else None
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(render_issue_docx(self.document(view)))
        tmp.replace(path)
        # Written inside the caller's transaction: if it rolls back, so does the file.
        self.store.on_rollback(lambda: _restore(path, before))
        return path

    # --- helpers ------------------------------------------------------------------------

    def _paragraphs(self, item: Item) -> tuple[str, ...]:
        paths = [a["path"] for a in self.store.attachments_of(item.submission_id)]
        return paragraphs(item.title, item.body, paths)

    def _units_of(self, ids: list[int]) -> dict[int, str]:
        rows = {i: self.store.submission(i) for i in ids}
        missing = [f"#{i}" for i, r in rows.items() if r is None]
        if missing:
            raise EntryError(f"没有报送 {'、'.join(missing)}。报送编号见报送时机器人的回复，或用 /待采用 查看。")
        return {i: r["unit"] for i, r in rows.items()}

    def _check_free(self, pub: Publication, number: int, ids: list[int]) -> None:
        """A submission goes into one issue of a publication, and is adopted by it once."""
        problems = [f"报送 #{r['submission_id']} 已在{issue_label(pub, r['number'])}（{STATUS[r['status']]}）"
                    for r in self.store.issues_holding(pub.name, ids) if r["number"] != number]
        problems += [f"报送 #{a['submission_id']} 已登记为{masthead(pub)}采用（#{a['id']}"
                     f"{' ' + a['issue'] if a['issue'] else ''}）"
                     for a in self.store.adoptions_of(ids) if a["publication"] == pub.name]
        if problems:
            raise IssueStateError("；".join(problems) + f"。同一刊物不能重复采用同一条报送，请从本期去掉。")

    def _check_date(self, view: IssueView, on: date) -> None:
        """An issue cannot be published before the items in it were sent (like /采用)."""
        for _, item in view.items:
            sent = datetime.fromisoformat(self.store.submission(item.submission_id)["at"]).date()
            if on < sent:
                raise EntryError(f"刊发日期 {on:%Y年%-m月%-d日} 早于报送 #{item.submission_id} 的报送日期 "
                                 f"{sent:%Y年%-m月%-d日}，请核对日期。")

    def _drafts(self, view: IssueView, on: date):
        return [self.drafts.adoption(items[0].unit, view.publication.name, slot.grade, on, issue=f"第{view.number}期",
                                     title=items[0].title, submission_id=items[0].submission_id,
                                     source=f"/刊发 {view.publication.name} 第{view.number}期")
                for slot, items in _credits(view)]

    def _hypothetical(self, view: IssueView, on: date, by: str) -> list[Entry]:
        """The adoptions publishing would record, with ids past the ledger's end."""
        top = self.store.ledger_version()[0]
        now = self.clock.now()
        return [Entry(**{**d.__dict__, "id": top + k, "recorded_by": by, "recorded_at": now})
                for k, d in enumerate(self._drafts(view, on), start=1)]

    def _outcomes(self, entries: list[Entry], year: int) -> list[Outcome]:
        """Each entry's points under 重复发表只计最高, weighed against the units' other adoptions this year."""
        rules = self.config.rules.for_year(year)
        mine = {e.id for e in entries}
        others = [e for e in self.store.live_adoptions(sorted({e.unit for e in entries}), date(year, 1, 1),
                                                        date(year, 12, 31)) if e.id not in mine]
        pool = others + entries
        points = {e.id: entry_points(e, rules) for e in pool}
        before = superseded(others, points, rules)
        after = superseded(pool, points, rules)
        by_id = {e.id: e for e in pool}
        out = []
        for e in entries:
            if e.id in after:
                winner = by_id[after[e.id]]
                where = "本期另一条" if winner.id in mine else f" #{winner.id} {describe(winner)}"
                out.append(Outcome(e, 0, False, f"重复发表，只计最高成绩（见{where}）"))
                continue
            displaced = [o for o in others if after.get(o.id) == e.id and o.id not in before]
            note = "；".join(f"#{o.id} {describe(o)} 的 {points[o.id]} 分改为不计" for o in displaced)
            out.append(Outcome(e, points[e.id], True, note, sum(points[o.id] for o in displaced)))
        return out


def _credits(view: IssueView) -> list[tuple[Slot, tuple[Item, ...]]]:
    """The adoptions an issue records, in print order: one per item, except that a 综合 credits each unit
    once however many of its items the article joins (「每个单位都记综合」)."""
    plan: list[tuple[Slot, tuple[Item, ...]]] = []
    for slot in view.slots:
        groups: dict[object, tuple[Item, ...]] = {}
        for item in slot.items:
            key = item.unit if slot.grade == ROUNDUP else item.id
            groups[key] = (*groups.get(key, ()), item)
        plan += [(slot, items) for items in groups.values()]
    return plan


def cn_day(iso: str | None) -> str:
    if not iso:
        return "—"
    d = datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _restore(path: Path, before: bytes | None) -> None:
    """Put back the file as it was (or remove it, if there was none)."""
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)
