"""Argument helpers shared by the office commands."""
from __future__ import annotations

import re
from datetime import date

from bot.chat.context import Context
from bot.chat.normalize import is_bracketed, unbracket
from bot.ledger.drafts import EntryError
from bot.ledger.importer import parse_date
from bot.submissions import Submission

_ISSUE = re.compile(r"^第?\d+期?$")  # 第20期, 20期 or a bare 20


def need(tokens: list[str], count: int, what: str) -> None:
    if len(tokens) < count:
        raise EntryError(f"缺少{what}。")


def submission_or_unit(ctx: Context, token: str) -> tuple[str, Submission | None]:
    """A bare number (or #12) is a submission number; anything else is a unit name."""
    number = token.lstrip("#")
    if number.isdigit():
        sub = ctx.app.submissions.get(int(number)) if len(number) <= 12 else None
        if sub is None:
            raise EntryError(f"没有报送 #{number}。报送编号见信息员报送后的回复，或 /报送统计。")
        return sub.unit, sub
    return token, None


def split_extras(tokens: list[str]) -> tuple[list[str], str | None, str | None, date | None]:
    """Pull 第N期, 《标题》 and a date out of free-order tokens; return the rest in order."""
    rest, issue, title, on = [], None, None, None
    for token in tokens:
        if _ISSUE.match(token):
            issue = token
        elif is_bracketed(token):
            title = unbracket(token)
        elif re.match(r"^\d{4}[-/.年]", token):
            on = parse_date(token)
        else:
            rest.append(token)
    return rest, issue, title, on


def positive_int(token: str, what: str, limit: int = 10 ** 12) -> int:
    if not token.isdigit() or not 1 <= int(token) <= limit:
        raise EntryError(f"{what}应为 1 到 {limit} 之间的整数，实际是「{token[:20]}」。")
    return int(token)
