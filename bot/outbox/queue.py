"""The outbox: every message the bot sends is queued here first, so nothing is lost on a crash."""
from __future__ import annotations

import logging
from typing import Protocol

from bot.model.message import Outgoing
from bot.common.clock import Clock
from bot.store import Store

log = logging.getLogger(__name__)


class NotConnected(Exception):
    """The transport cannot send right now (logged out, reconnecting); the message stays queued."""


class Sender(Protocol):
    async def send(self, out: Outgoing) -> None: ...


class Outbox:
    def __init__(self, store: Store, clock: Clock):
        self.store = store
        self.clock = clock

    def queue(self, out: Outgoing, key: str | None = None) -> Outgoing:
        """Queue in the caller's transaction. With a key, the same key is only ever queued once."""
        new_id = self.store.enqueue(text=out.text, room_id=out.room_id, contact_id=out.contact_id,
                                    mentions=out.mentions, file_path=out.file_path, at=self.clock.now(), key=key)
        return Outgoing(out.text, out.room_id, out.contact_id, out.mentions, out.file_path, new_id)

    def pending(self) -> list[Outgoing]:
        return [Outgoing(r["text"], r["room_id"], r["contact_id"], r["mentions"], r["file_path"], r["id"])
                for r in self.store.pending()]

    async def deliver(self, sender: Sender) -> int:
        """Send what is pending, oldest first; a failed send is kept for the next attempt."""
        sent = 0
        for out in self.pending():
            try:
                await sender.send(out)
            except Exception:  # noqa: BLE001 - keep it queued; the transport logs details
                log.exception("sending outbox #%s failed; it stays queued", out.id)
                return sent
            self.store.mark_sent(out.id, self.clock.now())
            sent += 1
        return sent
