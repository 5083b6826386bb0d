"""What every desk form carries and how its errors are shown.

- A CSRF token tied to the session: the session cookie's secret, hashed for this purpose (another site can
  neither read the cookie nor guess the hash), checked on every POST together with the Origin header.
- A form key, new on every rendering: the office keeps it with the write (office.desk_writes), so the same
  form sent twice records once.
- Errors: the domain's UserError, worded as chat words it (bot.chat.hints), except where the desk's next step
  is a click rather than a command; tagged with the field it belongs to, shown next to that field.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from datetime import date

from bot.chat.hints import AGAIN, HINTS
from bot.common.errors import EntryError, UserError
from bot.ledger.drafts import check_day

# The desk's words for a next step where the desk does it differently from chat; the rest are chat's.
DESK_HINTS = {
    "repeat_or_reverse": f"如确实又有一次，请勾选「{AGAIN}」后重新提交；如是登记错了，用「撤销」表撤销 #{{0}}（写明原因）。",
    "reverse_with_reason": "请在「原因」一栏写明，如：单位登记错误。",
    "dismiss_with_reason": "请在「原因」一栏写明，如：已电话报送。",
    "compose_first": "请先在「待采用」中勾选报送，组好{0}第{1}期。",
    "compose_again": "如需重新刊发，请先在「待采用」中重新组好这一期。",
    "withdraw_first": "如需更正，先在该期页面撤刊（写明原因），再重新组刊。",
    "withdraw_with_reason": "请在「原因」一栏写明，如：期数登记错误。",
    "recompose_draft": "草稿重新组刊即可替换。",
    "sign_pledge_first": "签订后请先用「承诺书」表登记，再登记新的调整。",
    "start_pledge": "主要领导调整时先用「领导调整」表登记。",
    "prize_title": "请在「标题」一栏填写。",
}


def desk_worded(error: UserError) -> str:
    """A domain error as the desk says it: chat's sentence, then the desk's (or chat's) next step."""
    step = error.step
    if step is None:
        return str(error)
    return f"{error}{(DESK_HINTS.get(step.action) or HINTS[step.action]).format(*step.args)}"


def csrf_token(session_secret: str | None) -> str:
    return hashlib.sha256(f"desk-csrf:{session_secret or ''}".encode()).hexdigest() if session_secret else ""


def csrf_ok(session_secret: str | None, given: str | None) -> bool:
    expected = csrf_token(session_secret)
    return bool(expected) and hmac.compare_digest(expected, given or "")


def new_form_key() -> str:
    return secrets.token_urlsafe(18)


class FieldError(EntryError):
    """An error that belongs to one field of a form (`field` None: the form as a whole)."""

    def __init__(self, field: str | None, error: UserError):
        super().__init__(str(error), error.step)
        self.field = field
        self.error = error


@contextlib.contextmanager
def field(name: str) -> Iterator[None]:
    """Domain errors raised inside belong to the field `name`."""
    try:
        yield
    except FieldError:
        raise
    except UserError as exc:
        raise FieldError(name, exc) from None


def text(form, name: str) -> str:
    """A text field, stripped; missing, or a file where text belongs, is empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(form, name: str, what: str, limit: int = 10**12, required: bool = True) -> int | None:
    """A whole number field; its error names the field as chat's does (「人次应为 1 到 … 的整数」)."""
    given = text(form, name).lstrip("#")
    if not given and not required:
        return None
    with field(name):
        if not given.isdigit() or not 1 <= int(given) <= limit:
            raise EntryError(f"{what}应为 1 到 {limit} 之间的整数，实际是「{given[:20]}」。")
    return int(given)


def day(form, name: str, today: date, what: str = "日期", allow_future: bool = False) -> date:
    """A date field (2019-06-20; empty is today), checked as chat checks a typed date."""
    given = text(form, name)
    if not given:
        return today
    with field(name):
        try:
            on = date.fromisoformat(given)
        except ValueError:
            raise EntryError(f"日期「{given[:20]}」不存在。") from None
        return check_day(on, today, what, allow_future=allow_future)


def ticked(form, name: str) -> bool:
    return form.get(name) in ("on", "1", "yes")
