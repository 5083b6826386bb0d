"""/确认扣分 and /不扣分: an admin decides the deductions the bot proposed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.chat.commands import Role, command, on_private_text
from bot.chat.context import Context
from bot.chat.hints import worded
from bot.handlers.args import positive_int
from bot.handlers.office import recorded
from bot.common.errors import EntryError

ORDER = 6  # where /帮助 and the docs list this module's commands


AWAIT = "await:dismiss-reason:{}"  # state key per admin: the proposals whose 不扣分 reason is awaited
AWAIT_MINUTES = 30
COMMAND_MARKS = "/#／＃"  # how a command or a tag begins: such a message is never taken for a reason


def _ids(ctx: Context) -> tuple[list[int], str]:
    """Leading numbers (#4 or 4) are proposal ids; the rest is a reason."""
    tokens = ctx.args.split()
    ids = []
    while tokens and tokens[0].lstrip("#").isdigit():
        ids.append(positive_int(tokens.pop(0).lstrip("#"), "提议号"))
    if not ids:
        given = f"提议号应为数字，实际是「{tokens[0]}」。" if tokens else "缺少提议号。"
        raise EntryError(given + ctx.office.proposals.pending_hint())
    return ids, " ".join(tokens)


@command(
    "/确认扣分",
    usage="/确认扣分 <提议号…>（如：/确认扣分 4 5）",
    summary="确认机器人提议的扣分（约稿迟报、联系人变动未报等），确认后才计入",
    role=Role.ADMIN,
    example="/确认扣分 4 5",
)
def confirm(ctx: Context) -> str:
    ids, extra = _ids(ctx)
    if extra:
        raise EntryError(f"多余的参数：{extra}。")
    done = ctx.office.proposals.confirm(ids, ctx.by)
    return "\n".join(f"扣分提议 #{p.id} 已确认。" + recorded(ctx, entry) for p, entry in done)


@command(
    "/不扣分",
    usage="/不扣分 <提议号…> <原因>",
    summary="不采纳扣分提议（写明原因）",
    role=Role.ADMIN,
    example="/不扣分 6 已电话报送",
)
def dismiss(ctx: Context) -> str:
    ids, reason = _ids(ctx)
    if not reason.strip():
        return _ask_reason(ctx, ids)
    return dismissed(ctx.office.proposals.dismiss(ids, ctx.by, reason), reason)


def dismissed(done: list, reason: str) -> str:
    return f"已决定不扣分：{'、'.join(f'#{p.id} {p.unit} {p.kind}' for p in done)}。原因：{reason}。"


def _ask_reason(ctx: Context, ids: list[int]) -> str:
    """/不扣分 without a reason (the card's 其他): the admin's next private message within the window is it."""
    ctx.office.proposals.still_pending(ids)
    ctx.office.store.set_state(AWAIT.format(ctx.by), json.dumps({"ids": ids, "at": ctx.msg.at.isoformat()}), ctx.msg.at)
    numbers = " ".join(map(str, ids))
    return (
        f"不扣分须写明原因：请在 {AWAIT_MINUTES} 分钟内直接回复原因（如「已电话报送」），"
        f"或发送「/不扣分 {numbers} 原因」。"
    )


@on_private_text
def reason_reply(ctx: Context) -> str | None:
    """An admin's plain private message after being asked for a 不扣分 reason: dismiss with it.
    None when nothing is awaited from this admin (the message is then an ordinary one)."""
    if not ctx.is_admin or not ctx.msg.private or not ctx.text.strip():
        return None
    if ctx.text.strip()[:1] in COMMAND_MARKS:  # a mistyped command gets its hint; the reason is still awaited
        return None
    raw = ctx.office.store.get_state(AWAIT.format(ctx.by))
    if not raw:
        return None
    asked = json.loads(raw)
    ctx.office.store.set_state(AWAIT.format(ctx.by), "", ctx.msg.at)
    if ctx.msg.at - datetime.fromisoformat(asked["at"]) > timedelta(minutes=AWAIT_MINUTES):
        return None
    reason = ctx.text.strip()[:200]
    try:
        with ctx.office.store.atomic():  # a failure (decided meanwhile) keeps the question answered
            return dismissed(ctx.office.proposals.dismiss(asked["ids"], ctx.by, reason), reason)
    except EntryError as exc:
        return worded(exc)
