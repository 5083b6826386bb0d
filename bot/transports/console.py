"""A local console standing in for the group: prints what the bot sends (the loop that reads what is typed
is `infobot console`, bot/cli/console.py)."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.model.message import Outgoing

CONSOLE_ROOM = "console-room"


class ConsoleTransport:
    """Prints what the bot sends. `plain` prints only the text, for scripts."""

    def __init__(self, app_topic: str, stream: TextIO | None = None, plain: bool = False):
        self.topic = app_topic
        self.stream = stream
        self.plain = plain

    async def send(self, out: Outgoing) -> None:
        stream = self.stream or sys.stdout
        mentions = "".join(f"@{m} " for m in out.mentions)
        if self.plain:
            stream.write(f"{mentions}{out.text}\n")
        else:
            where = f"[私聊 → {out.contact_id}]" if out.contact_id else f"[群 {self.topic}]"
            attached = f"\n（附件：{out.file_path}）" if out.file_path else ""
            stream.write(f"{where} 机器人：{mentions}{out.text}{attached}\n")
        stream.flush()
