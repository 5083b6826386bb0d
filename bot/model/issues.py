"""An issue (期) of the office's own publication as it is printed: the data the document is made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

ROUNDUP = "综合"  # several units' items as one article
BRIEF = "简讯"  # gathered under 简讯
SPECIAL = "专期"  # one unit's item as the whole issue


@dataclass(frozen=True)
class Piece:
    """One unit's item in an article, with the paragraphs of its text."""

    submission_id: int
    unit: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    grade: str
    title: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class IssueDocument:
    masthead: str  # 《上街信息》 or 《上街信息》微信公众号
    number: int
    issuer: str  # bot.yaml office.issuer
    day: date
    articles: tuple[Article, ...]
    draft: bool = False  # not yet published

    @property
    def special(self) -> bool:
        return any(a.grade == SPECIAL for a in self.articles)


# --- an issue as the office keeps it ---------------------------------------------------------

STATUS = {"draft": "草稿", "published": "已刊发", "withdrawn": "已撤刊"}
ROUNDUP_TITLE = "各单位工作动态"  # a 综合 with no 《标题》 given


@dataclass(frozen=True)
class Spec:
    """An article as the editor asked for it: its grade, an optional title, and the submissions it joins."""

    grade: str
    title: str | None
    ids: tuple[int, ...]


@dataclass(frozen=True)
class IssueRecord:
    """An issue's state: composed (a draft), published (its adoptions recorded), or withdrawn."""

    id: int
    publication: str
    number: int
    status: str  # draft → published → withdrawn
    composed_at: datetime
    published_on: date | None = None
    withdrawn_at: datetime | None = None
    withdraw_reason: str | None = None
    articles: int = 0
    items: int = 0


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
    """An issue with its articles, in print order."""

    publication: str
    record: IssueRecord
    slots: tuple[Slot, ...]

    @property
    def number(self) -> int:
        return self.record.number

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def label(self) -> str:
        return issue_label(self.publication, self.number)

    @property
    def items(self) -> list[tuple[Slot, Item]]:
        return [(s, i) for s in self.slots for i in s.items]


def masthead(publication: str) -> str:
    """《上街信息》, or 《上街信息》微信公众号 for its WeChat account."""
    account = "微信公众号"
    if publication.endswith(account) and len(publication) > len(account):
        return f"《{publication.removesuffix(account)}》{account}"
    return f"《{publication}》"


def issue_label(publication: str, number: int) -> str:
    return f"{masthead(publication)}第{number}期"
