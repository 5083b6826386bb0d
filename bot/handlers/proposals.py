"""/确认扣分 and /不扣分: an admin decides the deductions the bot proposed."""
from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.handlers.args import positive_int
from bot.handlers.office import recorded
from bot.common.errors import EntryError

ORDER = 6  # where /帮助 and the docs list this module's commands


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


@command("/确认扣分", usage="/确认扣分 <提议号…>（如：/确认扣分 4 5）",
         summary="确认机器人提议的扣分（约稿迟报、联系人变动未报等），确认后才计入", role=Role.ADMIN,
         example="/确认扣分 4 5")
def confirm(ctx: Context) -> str:
    ids, extra = _ids(ctx)
    if extra:
        raise EntryError(f"多余的参数：{extra}。")
    done = ctx.office.proposals.confirm(ids, ctx.by)
    return "\n".join(f"扣分提议 #{p.id} 已确认。" + recorded(ctx, entry) for p, entry in done)


@command("/不扣分", usage="/不扣分 <提议号…> <原因>", summary="不采纳扣分提议（写明原因）",
         role=Role.ADMIN,
         example="/不扣分 6 已电话报送")
def dismiss(ctx: Context) -> str:
    ids, reason = _ids(ctx)
    done = ctx.office.proposals.dismiss(ids, ctx.by, reason)
    return f"已决定不扣分：{'、'.join(f'#{p.id} {p.unit} {p.kind}' for p in done)}。原因：{reason}。"
