"""A fake transport and a harness that talks to the bot the way a group member would."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta

from bot.model.message import FileBlob, Incoming, Outgoing

GROUP_ID = "room_shangjie@chatroom"
GROUP_TOPIC = "上街信息员之家"
ADMIN = "wxid_office_gaoge"
ADMIN_NAME = "高歌"


class FakeTransport:
    def __init__(self):
        self.sent: list[Outgoing] = []
        self.fail = False

    async def send(self, out: Outgoing) -> None:
        if self.fail:
            raise ConnectionError("transport down")
        self.sent.append(out)


def start_bot(config, store, clock, tmp_path, group: str | None = GROUP_ID, **app_options) -> "Harness":
    """The whole bot on a fake transport, over `store` (pass the same file store to simulate a restart).
    `group`: the room registered as the group (as an admin's /设为本群 would); None for none yet."""
    from bot.app import build_app

    transport = FakeTransport()
    app = build_app(config, store, transport, clock, files_dir=tmp_path / "attachments", **app_options)
    if group is not None:
        app.office.notices.register_group(group)
    return Harness(app, transport, clock)


class Harness:
    def __init__(self, app, transport: FakeTransport, clock):
        self.app = app
        self.transport = transport
        self.clock = clock
        self._ids = itertools.count(1)

    def message(
        self,
        sender: str,
        text: str = "",
        *,
        name: str | None = None,
        private: bool = False,
        message_id: str | None = None,
        file: FileBlob | None = None,
        topic: str = GROUP_TOPIC,
        room_id: str = GROUP_ID,
    ) -> Incoming:
        return Incoming(
            message_id=message_id or f"msg-{next(self._ids)}",
            sender_id=sender,
            sender_name=name or sender,
            text=text,
            at=self.clock.now(),
            room_id=None if private else room_id,
            room_topic=None if private else topic,
            file=file,
        )

    def send(self, msg: Incoming) -> list[Outgoing]:
        before = len(self.transport.sent)
        asyncio.run(self.app.receive(msg))
        return self.transport.sent[before:]

    def say(self, sender: str, text: str, **kw) -> str:
        """Send as `sender`; return the bot's replies joined (empty when it stays silent)."""
        return "\n".join(o.text for o in self.send(self.message(sender, text, **kw)))

    def admin(self, text: str, **kw) -> str:
        return self.say(ADMIN, text, name=ADMIN_NAME, **kw)

    def bind(self, contact: str, unit: str, name: str | None = None) -> None:
        binding, _ = self.app.office.members.request(contact, name or contact, unit)
        self.app.office.members.confirm(binding.id, ADMIN)

    def later(self, **delta) -> None:
        self.clock.set(self.clock.now() + timedelta(**delta))

    def at(self, when: datetime) -> None:
        self.clock.set(when)

    def flush(self) -> list[Outgoing]:
        """Send what the jobs queued; return what went out."""
        before = len(self.transport.sent)
        asyncio.run(self.app.flush())
        return self.transport.sent[before:]

    def rows(self, table: str) -> list[dict]:
        return list(self.app.store.db[table].rows)
