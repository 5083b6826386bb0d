"""/设为本群: an admin makes the room they type it in the group (by its room id, never its name)."""

from __future__ import annotations

from bot.chat.commands import Role, command
from bot.chat.context import Context
from bot.common.errors import EntryError

ORDER = 7  # where /帮助 and the docs list this module's commands

REGISTER = "/设为本群"


class NotHere(EntryError):
    show_usage = False  # the usage line is the bare command: it would not help


@command(
    REGISTER,
    usage=REGISTER,
    summary="把发送这条命令的群登记为信息员群（通报、约稿等发到这里）",
    role=Role.ADMIN,
    any_room=True,
)
def register_group(ctx: Context) -> str:
    msg = ctx.msg
    if msg.private or not msg.room_id:
        raise NotHere(f"「{REGISTER}」请在要登记为信息员群的群里发送。")
    bot = ctx.office.config.bot
    if bot.group_ids:
        if msg.room_id in bot.group_ids:
            return f"本群已在 {ctx.office.config.file('bot.yaml')} 的 group.ids 中登记为信息员群，无需再设。"
        raise NotHere(
            f"{ctx.office.config.file('bot.yaml')} 的 group.ids 已指定了信息员群，「{REGISTER}」不会改变它。"
            f"如要改用本群，请把本群 id（{msg.room_id}）写进 group.ids 后重启机器人。"
        )
    if ctx.office.notices.is_group(msg.room_id):
        return "本群已经是登记的信息员群，无需再设。"
    replaced = ctx.office.notices.register_group(msg.room_id)
    name = f"「{msg.room_topic}」" if msg.room_topic else ""
    old = f"原来登记的群（id {replaced}）不再是信息员群。" if replaced else ""
    for admin in bot.admins:
        ctx.tell(
            admin.contact_id,
            f"管理员 {msg.sender_name} 已将群{name}（id {msg.room_id}）"
            f"登记为信息员群：此后通报、约稿、提醒都发到这个群，群内报送和命令也只认这个群。{old}"
            "群改名不影响登记。",
        )
    return f"管理员 {msg.sender_name} 已将本群登记为信息员群（id {msg.room_id}）。此后通报、约稿、提醒都发到本群；群改名不影响。"
