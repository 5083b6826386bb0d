"""The local console's loop: type as a member, read the bot's replies (`infobot console`, and `infobot run`
with no chat network configured)."""

from __future__ import annotations

import asyncio
import shlex
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.app import App
from bot.model.message import FileBlob, Incoming
from bot.transports.console import CONSOLE_ROOM

HELP = """控制台命令（以冒号开头，其余内容都作为消息发出）：
  :as 联系人id [昵称]   换一个身份发言（管理员身份按 config/bot.yaml 的 id 认定）
  :私聊 / :群           切换到私聊机器人 / 回到群里
  :file 路径            以当前身份在群里发一个文件（如 docx、pdf）
  :退群 联系人id        模拟某人退出群聊（信息员退群后，单位须按期绑定新的信息员）
  :quit                 退出
消息中的 \\n 表示换行，例如：#报送 【标题】\\n正文"""


@dataclass
class Identity:
    contact_id: str
    name: str
    private: bool = False


def console_message(
    app: App, who: Identity, text: str, file: FileBlob | None = None, message_id: str | None = None
) -> Incoming:
    return Incoming(
        message_id=message_id or f"console-{uuid.uuid4().hex}",
        sender_id=who.contact_id,
        sender_name=who.name,
        text=text.replace("\\n", "\n"),
        at=app.clock.now(),
        room_id=None if who.private else console_room(app),
        room_topic=None if who.private else app.config.bot.group_label,
        file=file,
    )


def console_room(app: App) -> str:
    """The room the console speaks in: the configured group's id, or the stand-in room."""
    return (app.config.bot.group_ids or (CONSOLE_ROOM,))[0]


async def interactive(app: App, who: Identity, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    loop = asyncio.get_running_loop()
    out.write(HELP + "\n")
    await app.resume()  # what was stored but not handled before a restart is handled, and queued replies go out
    while True:
        where = "私聊" if who.private else "群"
        try:
            line = await loop.run_in_executor(None, input, f"{who.name}（{who.contact_id}，{where}）> ")
        except EOFError:
            out.write("\n")
            return
        line = line.strip()
        if not line:
            continue
        if line.startswith(":"):
            if await _control(app, who, line, out) is False:
                return
            continue
        await app.receive(console_message(app, who, line))


async def _control(app: App, who: Identity, line: str, out: TextIO) -> bool:
    try:
        parts = shlex.split(line)
    except ValueError:
        parts = line.split()
    cmd, args = parts[0], parts[1:]
    if cmd in (":quit", ":q", ":退出"):
        return False
    if cmd == ":as" and args:
        who.contact_id = args[0]
        who.name = args[1] if len(args) > 1 else _known_name(app, args[0])
        role = (
            "管理员"
            if app.office.members.is_admin(who.contact_id)
            else (app.office.members.unit_of(who.contact_id) or "未绑定")
        )
        out.write(f"现在以 {who.name}（{who.contact_id}，{role}）发言。\n")
    elif cmd in (":私聊", ":private"):
        who.private = True
    elif cmd in (":群", ":group"):
        who.private = False
    elif cmd == ":file" and args:
        path = Path(args[0])
        if not path.is_file():
            out.write(f"找不到文件「{path}」。\n")
        else:
            blob = FileBlob(path.name, path.read_bytes())
            await app.receive(console_message(app, who, "", file=blob))
    elif cmd in (":退群", ":leave") and args:
        out.write(f"（{args[0]} 退出了群聊）\n")
        await app.member_left(args[0], console_room(app))
    else:
        out.write(HELP + "\n")
    return True


def _known_name(app: App, contact_id: str) -> str:
    for admin in app.config.bot.admins:
        if admin.contact_id == contact_id:
            return admin.name
    return contact_id
