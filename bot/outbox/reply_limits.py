"""Fair replies: no member can use up the bot's voice.

Each sender gets at most `limits.replies_per_hour` replies per clock hour. The first message past
that is answered once with a notice; after it the sender's messages are still stored and handled
(a submission is still recorded) but not answered until the next hour. Admins are exempt, and
their replies are queued as office messages, ahead of chat replies and past the daily cap. What a
member's message makes the bot tell an admin privately (an emergency report, a binding request) is
an office message too, but counts against that member's budget, so nobody can flood the admins.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.common.clock import Clock
from bot.model.message import Incoming, Outgoing
from bot.outbox.queue import CHAT, OFFICE, Outbox
from bot.settings.limits import LimitSettings


def hour_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def answered(msg: Incoming, out: Outgoing) -> str | None:
    """The id of `msg` when `out` answers it in its own chat (the group it came from, or the sender privately)."""
    same_chat = out.room_id == msg.room_id if msg.room_id else (out.room_id is None and out.contact_id == msg.sender_id)
    return msg.message_id if same_chat else None


class Replies:
    def __init__(self, outbox: Outbox, limits: LimitSettings, clock: Clock, admin_ids: frozenset[str]):
        self.outbox = outbox
        self.store = outbox.store
        self.limits = limits
        self.clock = clock
        self.admin_ids = admin_ids

    def queue(self, msg: Incoming, outs: Iterable[Outgoing], admin: bool) -> list[Outgoing]:
        """Queue what handling `msg` produced, in the caller's transaction; returns what was queued."""
        outs = list(outs)
        sender = msg.sender_id
        if admin:
            return [self.outbox.queue(o, priority=OFFICE, requested_by=sender, answers=answered(msg, o)) for o in outs]
        if not outs:
            return []
        hour = hour_start(self.clock.now())
        if self.store.replies_since(sender, hour) < self.limits.replies_per_hour:
            return [
                self.outbox.queue(o, priority=self._priority(o), requested_by=sender, answers=answered(msg, o))
                for o in outs
            ]
        budget = self._budget_notice(msg, outs[0], hour)
        notice = self.outbox.queue(
            budget, key=f"budget:{sender}:{hour:%Y%m%d%H}", priority=CHAT, answers=answered(msg, budget)
        )  # not requested_by: the notice is not counted
        return [notice] if notice.id is not None else []

    def _priority(self, out: Outgoing) -> int:
        return OFFICE if out.room_id is None and out.contact_id in self.admin_ids else CHAT

    def _budget_notice(self, msg: Incoming, first: Outgoing, hour: datetime) -> Outgoing:
        resume = hour + timedelta(hours=1)
        text = (
            f"「{msg.sender_name[:20]}」本小时内机器人已回复您 {self.limits.replies_per_hour} 次，"
            f"{resume:%H:%M} 前不再回复您的消息（发来的报送等照常登记）。"
        )
        return Outgoing(text, room_id=first.room_id, contact_id=first.contact_id)
