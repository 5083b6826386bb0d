"""/帮助, generated from the registry for what the sender may use."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context

ORDER = 99  # where /帮助 and the docs list this module's commands


@command("/帮助", usage="/帮助", summary="显示可用命令", role=Role.MEMBER, aliases=("/help", "/菜单"))
def show_help(ctx: Context) -> str:
    commands = ctx.registry.visible_to(ctx.is_admin, ctx.unit is not None)
    lines = ["可用命令："]
    for c in commands:
        lines.append(f"{c.usage}\n    {c.summary}" + (f"（{c.where.value}）" if c.where.name != "BOTH" else ""))
    if ctx.unit is None and not ctx.is_admin:
        lines.append("绑定单位后可报送信息、查询得分。")
    return "\n".join(lines)
