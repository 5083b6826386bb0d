"""`infobot import`: a whole CSV/XLSX sheet of facts, all rows or none."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from bot.ledger.drafts import DraftBuilder, check_day
from bot.common.errors import EntryError
from bot.model.facts import Draft, Entry
from bot.ledger.service import Ledger
from bot.ledger.sheets import read_rows
from bot.common.clock import TZ
from bot.common.dates import parse_date
from bot.common.text import clean_cell, name_key, nfkc
from bot.model.submissions import CHANNELS  # 报送 rows: the 类型 column, default 邮件
from bot.model import facts

REQUIRED = ["日期", "单位", "事项", "刊物", "类型", "数量", "标题"]
OPTIONAL = ["期数", "备注", "序号"]
ITEMS = {
    "采用": "采用",
    "领导批示": "领导批示",
    "批示": "领导批示",
    "培训": "培训",
    "培训学习": "培训",
    "优质信息": "优质信息",
    "优质": "优质信息",
    "扣分": "扣分",
    "共同任务": "共同任务",
    "报送": "报送",
}
BATCH = 5_000  # rows staged per step; the ledger itself is written in one short step at the end
FINAL_WAIT_MS = 60_000  # the final step waits this long for the bot to finish a message or two
ITEM_NAMES = ["采用", "领导批示", "培训", "优质信息", "扣分", "共同任务", "报送"]
SUBMISSION_HOUR = time(12, 0)  # an imported item has a date only; noon keeps it inside its day and week


class ImportRejected(Exception):
    """The file was not imported; every bad line is named."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = ["导入失败，没有写入任何记录。请改正后重新导入："]
        lines += [f"  第 {n} 行：{msg}" if n else f"  {msg}" for n, msg in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class SubmissionRow:
    """A 报送 row: an item that came by mail, QQ or phone; it counts for the weekly quota."""

    unit: str
    title: str
    body: str
    channel: str
    at: datetime
    source: str


@dataclass(frozen=True)
class ImportResult:
    filename: str
    entries: list[Entry]
    skipped: list[int] = field(default_factory=list)  # lines equal to a fact or submission already recorded
    submissions: int = 0
    corrected: list[tuple[int, int]] = field(default_factory=list)  # (entry id, points) of 共同任务 scores replaced


class TaskScores(Protocol):
    """The office's 共同任务 workflow (bot/office/common_tasks.py): a second score corrects the first."""

    def record(self, draft: Draft, by: str): ...


class SubmissionDesk(Protocol):
    """The office's 报送 workflow (bot/office/submissions.py), the same one a chat #报送 goes through."""

    def submit(
        self,
        unit: str,
        sender_id: str,
        sender_name: str,
        title: str,
        body: str,
        public_account: bool,
        message_id: str,
        at: datetime,
        channel: str | None = None,
    ): ...


class Importer:
    def __init__(self, ledger: Ledger, builder: DraftBuilder, tasks: TaskScores, submissions: SubmissionDesk):
        self.ledger = ledger
        self.builder = builder
        self.tasks = tasks
        self.submissions = submissions

    def import_file(self, path: str | Path, by: str) -> ImportResult:
        path = Path(path)
        if not path.is_file():
            raise ImportRejected([(None, f"找不到文件「{path}」")])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        store = self.ledger.store
        earlier = store.find_import(digest)
        if earlier:
            raise ImportRejected(
                [
                    (
                        None,
                        f"同样内容的文件「{earlier['filename']}」已于 {earlier['recorded_at'][:16]} "
                        f"导入（记录号 #{earlier['first_id']}–#{earlier['last_id']}），未重复导入。"
                        "如需更正，请先撤销相应记录。",
                    )
                ]
            )
        rows, problems = self.parse(path)
        if problems:
            raise ImportRejected(problems)
        if not rows:
            raise ImportRejected([(None, "文件中没有数据行。")])
        drafts, skipped, submissions, tasks = [], [], [], []
        for line, row in rows:
            if isinstance(row, SubmissionRow):
                submissions.append((line, row))
            elif self.ledger.same_fact(row) is not None:
                skipped.append(line)  # e.g. May again in a register that now runs to June
            elif row.kind == facts.COMMON_TASK:
                tasks.append(row)  # a corrected score replaces the live one, as /共同任务 does
            else:
                drafts.append(row)
        # Staged in batches off the live database; then one short transaction writes it all, or nothing.
        self.ledger.stage(drafts, BATCH)
        corrected: list[tuple[int, int]] = []
        try:
            with store.writing(wait_ms=FINAL_WAIT_MS):
                submitted = 0
                for line, row in submissions:
                    if self._submit(row, by).duplicate:
                        skipped.append(line)
                    else:
                        submitted += 1
                entries = self.ledger.commit_staged(by) if drafts else []
                for draft in tasks:
                    scored = self.tasks.record(draft, by)
                    entries.append(scored.entry)
                    corrected += scored.replaced
                store.record_import(digest, path.name, entries, by, self.ledger.clock.now())
        finally:
            self.ledger.drop_staged()
        return ImportResult(path.name, entries, sorted(skipped), submitted, corrected)

    def _submit(self, row: SubmissionRow, by: str):
        """Through the chat's own workflow: a repeat of an item already recorded is not counted twice."""
        return self.submissions.submit(
            row.unit, by, by, row.title, row.body, False, f"import:{row.source}", row.at, channel=row.channel
        )

    def parse(self, path: Path) -> tuple[list[tuple[int, Draft | SubmissionRow]], list[tuple[int | None, str]]]:
        drafts: list[tuple[int, Draft | SubmissionRow]] = []
        problems: list[tuple[int | None, str]] = []
        try:
            for line, row in read_rows(path, REQUIRED, OPTIONAL):
                try:
                    drafts.append((line, self._draft(row, f"{path.name}:{line}")))
                except EntryError as exc:
                    problems.append((line, str(exc)))
        except EntryError as exc:
            problems.append((None, str(exc)))
        return drafts, problems

    def _draft(self, row: dict[str, object], source: str) -> Draft | SubmissionRow:
        on = parse_date(row["日期"])
        today = self.ledger.clock.now().date()
        # A fact happened already; a 共同任务's own rule (any day of this year) is the draft builder's.
        check_day(on, today, allow_future=ITEMS.get(name_key(clean_cell(row["事项"]))) == "共同任务")
        unit = clean_cell(row["单位"])
        item = ITEMS.get(name_key(clean_cell(row["事项"])))
        if item is None:
            raise EntryError(f"未知事项「{clean_cell(row['事项'])}」。可用：{'、'.join(ITEM_NAMES)}")
        kind = clean_cell(row["类型"])
        title = strip_title(clean_cell(row["标题"]))
        issue = clean_cell(row.get("期数"))
        b = self.builder
        if item == "报送":
            return self._submission_row(row, unit, kind, title, on, source)
        if item == "采用":
            return b.adoption(
                unit,
                clean_cell(row["刊物"]),
                kind,
                on,
                quantity=parse_count(row["数量"]),
                issue=issue,
                title=title,
                source=source,
            )
        if item == "领导批示":
            return b.instruction(unit, kind, on, quantity=parse_count(row["数量"]), title=title, source=source)
        if item == "培训":
            return b.training(unit, parse_count(row["数量"], "人次"), on, note=title, source=source)
        if item == "优质信息":
            return b.award(
                unit, kind or None, on, quantity=parse_count(row["数量"]), title=title, issue=issue, source=source
            )
        if item == "扣分":
            if not kind:
                raise EntryError("扣分须在「类型」列写明原因，如：约稿迟报、紧急信息Ⅳ级、联系人变动未报。")
            return b.deduction(
                unit,
                kind,
                on,
                quantity=parse_count(row["数量"], "次数"),
                note=title or clean_cell(row.get("备注")) or None,
                source=source,
            )
        return b.common_task(unit, kind, parse_count(row["数量"], "得分", minimum=0), on, source=source)

    def _submission_row(
        self, row: dict[str, object], unit: str, kind: str, title: str, on: date, source: str
    ) -> SubmissionRow:
        channel = CHANNELS.get(name_key(kind).upper()) if kind else "邮件"
        if channel is None:
            raise EntryError(f"报送的「类型」列应写渠道：邮件、QQ、电话（不填为邮件），实际是「{kind}」。")
        if not title:
            raise EntryError("报送须在「标题」列写明信息标题。")
        if parse_count(row["数量"]) != 1:
            raise EntryError("报送每行一条，「数量」列请留空或写 1。")
        return SubmissionRow(
            self.builder.unit(unit, on),
            title,
            clean_cell(row.get("备注")),
            channel,
            datetime.combine(on, SUBMISSION_HOUR, TZ),
            source,
        )


def parse_count(value: object, what: str = "数量", minimum: int = 1) -> int:
    """Blank means 1; Excel gives 2.0 for 2."""
    if value is None or clean_cell(value) == "":
        return 1
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfkc(clean_cell(value))
    if not re.fullmatch(r"\d+", text) or int(text) < minimum:
        low = "非负整数" if minimum == 0 else "正整数"
        raise EntryError(f"{what}应为{low}，实际是「{clean_cell(value)}」。")
    return int(text)


def strip_title(text: str) -> str:
    """《标题》 and 【标题】 are stored as 标题."""
    text = text.strip()
    for left, right in (("《", "》"), ("【", "】")):
        if text.startswith(left) and text.endswith(right) and text.count(left) == 1:
            return text[1:-1].strip()
    return text
