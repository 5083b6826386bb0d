"""An issue (期) of the office's own publication as it is printed: the data the document is made of."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROUNDUP = "综合"   # several units' items as one article
BRIEF = "简讯"     # gathered under 简讯
SPECIAL = "专期"   # one unit's item as the whole issue


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
    masthead: str        # 《上街信息》 or 《上街信息》微信公众号
    number: int
    issuer: str          # bot.yaml office.issuer
    day: date
    articles: tuple[Article, ...]
    draft: bool = False  # not yet published

    @property
    def special(self) -> bool:
        return any(a.grade == SPECIAL for a in self.articles)
