"""Argument helpers shared by the office commands."""

from __future__ import annotations

import re
from datetime import date

from bot.chat.context import Context, OfficeFront
from bot.chat.normalize import is_bracketed, unbracket
from bot.ledger.drafts import check_day
from bot.common.errors import EntryError
from bot.common.dates import parse_date
from bot.chat.hints import AGAIN
from bot.office.submissions import Submission

_ISSUE = re.compile(r"^第?\d+期?$")  # 第20期, 20期 or a bare 20


def need(tokens: list[str], count: int, what: str | list[str]) -> None:
    """Refuse too few arguments. `what` names them: one string for all, or a list, one name per position,
    so the message names only those actually missing."""
    if len(tokens) < count:
        missing = what[len(tokens) : count] if isinstance(what, list) else [what]
        raise EntryError(f"缺少{'、'.join(missing)}。")


def submission_or_unit(ctx: OfficeFront, token: str) -> tuple[str, Submission | None]:
    """A bare number (or #12) is a submission number; anything else is a unit name."""
    number = token.lstrip("#")
    if number.isdigit():
        sub = ctx.office.submissions.get(int(number)) if len(number) <= 12 else None
        if sub is None:
            raise EntryError(f"没有报送 #{number}。报送编号见报送时机器人的回复，或用 /我的报送 单位名 查看。")
        return sub.unit, sub
    return token, None


_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日$")
_CN_ISSUE = re.compile(r"^第([零〇一二两三四五六七八九十百千万]+)期$")


def issue_digits(token: str) -> str:
    """第二十三期 → 第23期 (一 … 九千九百九十九); any other token as it is."""
    m = _CN_ISSUE.match(token)
    if m is None:
        return token
    import cn2an  # noqa: PLC0415 - slow to import, and only a numeral in words needs it

    try:
        number = int(cn2an.cn2an(m[1].replace("两", "二"), "strict"))
    except ValueError:
        number = 0
    if not 1 <= number <= 9999:
        raise EntryError(f"期数「{token[:20]}」请写成 1 到 9999 的数字，如 第23期。")
    return f"第{number}期"


def split_extras(
    tokens: list[str], today: date, *, issues: bool = False, allow_future: bool = False
) -> tuple[list[str], str | None, str | None, date]:
    """Pull 期数, 《标题》 and a date (default today) out of free-order tokens; the rest, in order.

    第20期 / 20期 is always an issue; a bare 20 only where the command takes one (`issues`).
    A date is 2019-06-20, 2019年6月20日 or 6月20日 (this year); unless `allow_future`, not after today.
    """
    rest, issue, title, on = [], None, None, today
    for token in tokens:
        token = issue_digits(token)
        if _ISSUE.match(token) and (issues or not token.isdigit()):
            issue = token
        elif is_bracketed(token):
            title = unbracket(token)
        elif re.match(r"^\d{4}[-/.年]", token) or _MONTH_DAY.match(token):
            on = _day(token, today, allow_future)
        else:
            rest.append(token)
    return rest, issue, title, on


def _day(token: str, today: date, allow_future: bool) -> date:
    m = _MONTH_DAY.match(token)
    try:
        day = date(today.year, int(m[1]), int(m[2])) if m else parse_date(token)
    except ValueError:
        raise EntryError(f"日期「{token}」不存在。") from None
    return check_day(day, today, allow_future=allow_future)


def no_more(rest: list[str], allowed: int = 0) -> None:
    """Refuse leftover words instead of silently dropping them."""
    if len(rest) > allowed:
        raise EntryError(f"多余的参数：{' '.join(rest[allowed:])}。")


def positive_int(token: str, what: str, limit: int = 10**12) -> int:
    if not token.isdigit() or not 1 <= int(token) <= limit:
        raise EntryError(f"{what}应为 1 到 {limit} 之间的整数，实际是「{token[:20]}」。")
    return int(token)


def take_again(ctx: Context) -> bool:
    """「再次」 anywhere in the arguments: the admin means a real repeat of a fact already recorded."""
    tokens = ctx.args.split()
    if AGAIN not in tokens:
        return False
    ctx.args = " ".join(t for t in tokens if t != AGAIN)
    return True
