"""The outbox: every message the bot sends is queued here first, so nothing is lost on a crash."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.model.actions import dump_prompts, load_prompts
from bot.model.message import Outgoing
from bot.common.clock import Clock
from bot.common.text import strip_controls
from bot.store import Store

log = logging.getLogger(__name__)

OFFICE = 0  # scheduled posts, notices, admins' replies: first, and not held by the daily cap
CHAT = 1  # replies to members: after the office's messages, within the daily cap


class NotConnected(Exception):
    """The transport cannot send right now (logged out, reconnecting); the message stays queued."""


class Refused(Exception):
    """The network answered a send with an error (企业微信: errcode and errmsg). `retryable`: a rate limit or
    a busy server, where waiting helps; the message keeps its place and is tried again later."""

    def __init__(self, errcode: int | None, errmsg: str, retryable: bool = False):
        super().__init__(f"errcode={errcode}, errmsg={errmsg}")
        self.errcode, self.errmsg, self.retryable = errcode, errmsg, retryable


class HandOver(Exception):
    """The message cannot be pushed to its reader (he never wrote to the bot): the admins hand it over.
    `who` names him for a person (「环保局 分管领导 王某」)."""

    def __init__(self, who: str):
        super().__init__(who)
        self.who = who


class Sender(Protocol):
    async def send(self, out: Outgoing) -> None: ...


def outgoing(row: dict) -> Outgoing:
    return Outgoing(
        row["text"],
        row["room_id"],
        row["contact_id"],
        row["mentions"],
        row["file_path"],
        row["id"],
        load_prompts(row.get("prompts")),
        row.get("answers"),
    )


class Outbox:
    def __init__(self, store: Store, clock: Clock):
        self.store = store
        self.clock = clock

    def queue(
        self,
        out: Outgoing,
        key: str | None = None,
        *,
        priority: int = OFFICE,
        requested_by: str | None = None,
        answers: str | None = None,
    ) -> Outgoing:
        """Queue in the caller's transaction. With a key, the same key is only ever queued once.

        `priority` OFFICE (the default: scheduled posts, notices, admins' replies) goes before CHAT
        (replies to members) and past the daily cap; `requested_by` is the sender a reply answers, and
        `answers` the id of the received message it answers in that message's own chat."""
        text = strip_controls(out.text)
        new_id = self.store.enqueue(
            text=text,
            room_id=out.room_id,
            contact_id=out.contact_id,
            mentions=out.mentions,
            file_path=out.file_path,
            at=self.clock.now(),
            key=key,
        )
        if new_id is not None and (priority != OFFICE or requested_by is not None):
            self.store.set_outbox_origin(new_id, priority, requested_by)
        prompts = dump_prompts(out.prompts)  # None when it offers none
        if new_id is not None and prompts is not None:
            self.store.set_outbox_prompts(new_id, prompts)
        if new_id is not None and answers is not None:
            self.store.set_outbox_answers(new_id, answers)
        return Outgoing(
            text,
            out.room_id,
            out.contact_id,
            out.mentions,
            out.file_path,
            new_id,
            out.prompts,
            answers if new_id is not None else None,
        )

    def pending(self, office_only: bool = False) -> list[Outgoing]:
        rows = self.store.pending_office() if office_only else self.store.pending()
        return [outgoing(r) for r in rows]

    def answering(self, message_id: str) -> list[Outgoing]:
        """What was queued in answer to a received message, in its chat (sent or not)."""
        return [outgoing(r) for r in self.store.answering(message_id)]

    async def deliver(self, sender: Sender) -> int:
        """Send what is pending, oldest first; a failed send is kept for the next attempt."""
        sent = 0
        for out in self.pending():
            try:
                await sender.send(out)
            except Exception:  # noqa: BLE001 - keep it queued; the transport logs details
                log.exception("sending outbox #%s failed; it stays queued", out.id)
                return sent
            self.store.mark_sent(out.outbox_id, self.clock.now())
            sent += 1
        return sent
