"""Paced delivery of the outbox: one message at a time, a minimum interval with jitter, a daily cap.

All pace state lives in the database (when the last message went out, how many went out today), so a
restart neither bursts nor forgets the cap. Sleep and clock are injected: tests never sleep.
"""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.model.message import Outgoing
from bot.common.clock import Clock
from bot.outbox.queue import NotConnected, Outbox, Sender
from bot.settings.delivery import OutboxSettings
from bot.store.failures import storage_failure

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

IDLE_SECONDS = 60.0    # nothing to send: look again this often even if nobody wakes us
RETRY_SECONDS = 10.0   # the transport is down or a send failed: try again after this
MAX_ATTEMPTS = 3       # a message that fails this often while connected is marked failed and skipped


class AdminNotices(Protocol):
    """Tells the admins, once per key (the office's notices provide it; the outbox sits below them)."""

    def post_to_admins(self, text: str, key: str) -> list[Outgoing]: ...


def midnight_after(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)


class Delivery:
    def __init__(self, outbox: Outbox, sender: Sender, limits: OutboxSettings, clock: Clock, notices: AdminNotices,
                 sleep: Sleep = asyncio.sleep, rand: Callable[[], float] = random.random):
        self.outbox = outbox
        self.store = outbox.store
        self.sender = sender
        self.limits = limits
        self.clock = clock
        self.notices = notices
        self.sleep = sleep
        self.rand = rand
        self._wake = asyncio.Event()
        self._attempts: dict[int, int] = {}
        self._jitter = self._draw_jitter()
        self._cap_noted: str | None = None

    def wake(self) -> None:
        """Something was queued (or the transport came back): look at the outbox now."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until cancelled. Cancelling mid-wait loses nothing: unsent rows stay pending."""
        while True:
            self._wake.clear()
            wait = await self.deliver_due()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
            except TimeoutError:
                pass

    async def deliver_due(self) -> float:
        """Send what is pending at the allowed pace; return how long to wait before looking again.
        A message whose send fails is passed over for this round, so one bad target blocks nothing."""
        passed: set[int] = set()
        while True:
            pending = [o for o in self.outbox.pending() if o.id not in passed]
            if not pending:
                return RETRY_SECONDS if passed else IDLE_SECONDS
            now = self.clock.now()
            if self._sent_today(now) >= self.limits.daily_cap:
                # The cap holds chat replies only: the office's own messages are never starved by it.
                office = [o for o in self.outbox.pending(office_only=True) if o.id not in passed]
                if not office:
                    self._note_cap(now, len(pending) + len(passed))
                    return max(1.0, (midnight_after(now) - now).total_seconds())
                pending = office
            gap = self._gap(now)
            if gap > 0:
                await self.sleep(gap)
                continue  # look again: the cap, the clock and the queue may have moved
            out = pending[0]
            try:
                await self.sender.send(out)
            except NotConnected as exc:
                log.info("outbox #%s waits: %s", out.id, exc)
                return RETRY_SECONDS
            except Exception as exc:  # noqa: BLE001 - a bad target must not block the queue forever
                if storage_failure(exc):
                    raise  # the disk, not the message: never marked failed (the bot stops)
                self._failed(out, exc)
                passed.add(out.id)
                continue
            self.store.mark_sent(out.id, self.clock.now())
            self._attempts.pop(out.id, None)
            self._jitter = self._draw_jitter()

    def _draw_jitter(self) -> float:
        return self.rand() * self.limits.jitter_seconds

    def _gap(self, now: datetime) -> float:
        last = self.store.last_sent_at()
        if last is None:
            return 0.0
        due = last + timedelta(seconds=self.limits.interval_seconds + self._jitter)
        return (due - now).total_seconds()

    def _sent_today(self, now: datetime) -> int:
        return self.store.sent_since(datetime.combine(now.date(), datetime.min.time(), now.tzinfo))

    def _failed(self, out: Outgoing, exc: Exception) -> None:
        """Count a failed attempt; after MAX_ATTEMPTS the message is marked failed and never retried.

        A group post given up on is told to the admins, so a lost bulletin does not go unnoticed."""
        outbox_id = out.id
        attempts = self._attempts.get(outbox_id, 0) + 1
        self._attempts[outbox_id] = attempts
        error = repr(exc)[:300]
        if attempts < MAX_ATTEMPTS:
            log.warning("sending outbox #%s failed (attempt %d): %s; it stays queued", outbox_id, attempts, error)
            return
        log.error("sending outbox #%s failed %d times: %s; marked failed", outbox_id, attempts, error)
        with self.store.atomic():
            self.store.mark_failed(outbox_id, error)
            if out.room_id is not None:
                preview = out.text.replace("\n", " ")[:40]
                self.notices.post_to_admins(
                    f"发往群 {out.room_id} 的消息连续 {attempts} 次发送失败，已停止重试：「{preview}…」（{error[:80]}）。"
                    "请确认机器人还在这个群里；如果信息员群换了，请管理员在新群里发送 /设为本群"
                    "（或改 config/bot.yaml 的 group.ids），必要时在群里重新发布。",
                    key=f"failed:{outbox_id}")
        self._attempts.pop(outbox_id, None)

    def _note_cap(self, now: datetime, waiting: int) -> None:
        """Once a day: queue a notice to the admins, sent first when the cap resets at midnight."""
        day = f"{now:%Y-%m-%d}"
        if self._cap_noted == day:
            return
        self._cap_noted = day
        log.warning("daily cap of %d messages reached on %s; %d message(s) wait for tomorrow",
                    self.limits.daily_cap, day, waiting)
        text = (f"{now.month}月{now.day}日机器人发出的消息达到每日上限 {self.limits.daily_cap} 条"
                f"（config/bot.yaml 的 outbox.daily_cap），当时还有 {waiting} 条未发，已顺延到今天按顺序发出。")
        self.notices.post_to_admins(text, f"outbox:cap:{day}")  # keyed: once a day, even across restarts
