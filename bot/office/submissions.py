"""Submissions (报送): recording items, spotting repeats, attaching files, weekly counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.model.facts import Entry
from bot.model.message import FileBlob
from bot.office.attachments import content_problem, disk_name, extension
from bot.common.clock import Clock
from bot.settings import Config
from bot.store import Store
from bot.common.text import text_key


@dataclass(frozen=True)
class Submission:
    id: int
    unit: str
    title: str
    at: datetime
    public_account: bool
    channel: str | None = None  # None: sent in the WeChat group; else 邮件/QQ/电话, recorded by an admin


@dataclass(frozen=True)
class Receipt:
    submission: Submission
    duplicate: bool  # True: the same text was already recorded; `submission` is the earlier one
    week_count: int
    quota: int
    attached: list[str]
    now_public: bool = False  # a repeat that added the 公众号 tag the first one lacked


NAME_KEPT_BYTES = 255  # the name as sent, recorded with the attachment (bounded like any input)


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 of the week containing `moment` (Beijing time)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


class Submissions:
    def __init__(self, config: Config, store: Store, clock: Clock, files_dir: Path = Path("data/attachments")):
        self.config = config
        self.store = store
        self.clock = clock
        self.files_dir = files_dir

    def quota(self, unit: str, year: int) -> int:
        rules = self.config.rules.for_year(year)
        return rules.weekly_quota.get(self.config.units.get(unit).category, 0)

    def week_count(self, unit: str, moment: datetime) -> int:
        start = week_start(moment)
        return self.store.count_submissions(unit, start, start + timedelta(days=7))

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
    ) -> Receipt:
        key = text_key(title, body)
        days = self.config.bot.duplicate_days
        with self.store.atomic():
            earlier = self.store.same_text_since(unit, key, at - timedelta(days=days)) if days else None
            if earlier:
                now_public = public_account and not earlier["public_account"]
                if now_public:  # sent again because the tag was forgotten the first time
                    self.store.set_public(earlier["id"])
                    earlier = {**earlier, "public_account": 1}
                sub = submission_of(earlier)
                return Receipt(sub, True, self.week_count(unit, at), self.quota(unit, at.year), [], now_public)
            new_id = self.store.add_submission(
                {
                    "unit": unit,
                    "sender_id": sender_id,
                    "sender_name": sender_name,
                    "title": title,
                    "body": body,
                    "public_account": int(public_account),
                    "text_key": key,
                    "message_id": message_id,
                    "at": at.isoformat(),
                    "channel": channel,
                }
            )
            window = at - timedelta(minutes=self.config.bot.attach_minutes)
            attached = []
            for row in self.store.loose_attachments(sender_id, window) if channel is None else []:
                self.store.attach(row["id"], new_id)
                attached.append(row["file_name"])
        sub = Submission(new_id, unit, title, at, public_account, channel)
        return Receipt(sub, False, self.week_count(unit, at), self.quota(unit, at.year), attached)

    def accepts(self, file: FileBlob) -> bool:
        return extension(file.name) in self.config.bot.attachment_types

    def content_problem(self, file: FileBlob) -> str | None:
        """Why a file is refused (its content is not what its extension says), or None."""
        return content_problem(file.name, file.data)

    def store_file(self, sender_id: str, file: FileBlob, message_id: str, at: datetime) -> Submission | None:
        """Keep a file; attach it to the sender's submission of the last few minutes, if any."""
        digest = hashlib.sha256(file.data).hexdigest()
        path = self.files_dir / f"{at:%Y%m}" / f"{digest[:12]}-{disk_name(file.name)}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(file.data)
            tmp.replace(path)
        window = at - timedelta(minutes=self.config.bot.attach_minutes)
        with self.store.atomic():
            recent = self.store.latest_submission_by(sender_id, window)
            self.store.add_attachment(
                {
                    "submission_id": recent["id"] if recent else None,
                    "sender_id": sender_id,
                    "file_name": disk_name(file.name, NAME_KEPT_BYTES),
                    "path": str(path),
                    "sha256": digest,
                    "message_id": message_id,
                    "at": at.isoformat(),
                }
            )
        return submission_of(recent) if recent else None

    def get(self, submission_id: int) -> Submission | None:
        row = self.store.submission(submission_id)
        return submission_of(row) if row else None

    def recent(self, unit: str, limit: int = 10) -> list[tuple[Submission, list[Entry]]]:
        rows = self.store.recent_submissions(unit, limit)
        adoptions = self.store.adoptions_of([r["id"] for r in rows])
        return [(submission_of(r), [a for a in adoptions if a.submission_id == r["id"]]) for r in rows]

    def latest_adoption(self, submission_id: int) -> Entry | None:
        """The most recent live adoption of a submission (an instruction or award refers to it)."""
        adoptions = self.store.adoptions_of([submission_id])
        return adoptions[-1] if adoptions else None

    def hold(
        self,
        contact_id: str,
        sender_name: str,
        title: str,
        body: str,
        public_account: bool,
        message_id: str,
        at: datetime,
    ) -> int:
        """Keep a #报送 from a contact whose binding awaits confirmation."""
        with self.store.atomic():
            return self.store.hold_submission(
                {
                    "contact_id": contact_id,
                    "sender_name": sender_name,
                    "title": title,
                    "body": body,
                    "public_account": int(public_account),
                    "message_id": message_id,
                    "at": at.isoformat(),
                }
            )

    def release(self, contact_id: str, unit: str) -> list[Receipt]:
        """Record what a newly confirmed liaison sent while waiting, each at the time it was sent."""
        receipts = []
        with self.store.atomic():
            for row in self.store.held_submissions(contact_id):
                receipt = self.submit(
                    unit,
                    contact_id,
                    row["sender_name"] or contact_id,
                    row["title"],
                    row["body"] or "",
                    bool(row["public_account"]),
                    row["message_id"],
                    datetime.fromisoformat(row["at"]),
                )
                self.store.release_held(row["id"], receipt.submission.id, self.clock.now())
                receipts.append(receipt)
        return receipts

    def channel_counts(self, start: datetime, end: datetime) -> dict[str, int]:
        return self.store.channel_counts(start, end)

    def counts(self, start: datetime, end: datetime) -> dict[str, int]:
        return self.store.submissions_per_unit(start, end)

    def week_progress(self, moment: datetime) -> list[tuple[str, int, int]]:
        """(unit, items this week, weekly quota) for every unit assessed this year, in config order."""
        start = week_start(moment)
        counts = self.counts(start, start + timedelta(days=7))
        return [
            (u.name, counts.get(u.name, 0), self.quota(u.name, moment.year))
            for u in self.config.units.assessed(moment.year)
        ]


def submission_of(row: dict) -> Submission:
    return Submission(
        row["id"],
        row["unit"],
        row["title"],
        datetime.fromisoformat(row["at"]),
        bool(row["public_account"]),
        row.get("channel"),
    )
