"""Paced delivery of the outbox: one message at a time, a minimum interval with jitter, a daily cap.

All pace state lives in the database (when the last message went out, how many went out today), so a
restart neither bursts nor forgets the cap. Sleep and clock are injected: tests never sleep.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import replace
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.model.message import Outgoing
from bot.common.clock import Clock
from bot.outbox.queue import HandOver, NotConnected, Outbox, Refused, Sender
from bot.settings.delivery import OutboxSettings
from bot.store.failures import storage_failure

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

IDLE_SECONDS = 60.0  # nothing to send: look again this often even if nobody wakes us
RETRY_SECONDS = 10.0  # the transport is down or a send failed: try again after this
MAX_ATTEMPTS = 3  # a message that fails this often while connected is marked failed and skipped
BUSY_MAX_SECONDS = 300.0  # the longest wait after a rate or busy refusal
MERGE_BYTES = 3500  # several replies to one chat merged into one message: at most this much


class AdminNotices(Protocol):
    """Tells the admins, once per key (the office's notices provide it; the outbox sits below them)."""

    def post_to_admins(self, text: str, key: str) -> list[Outgoing]: ...


def midnight_after(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)


class Delivery:
    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        limits: OutboxSettings,
        clock: Clock,
        notices: AdminNotices,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
    ):
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
        self._busy_wait = 0.0
        self._busy_until: datetime | None = None

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
        A message whose send fails is passed over for this round, so one bad target blocks nothing.
        With a per-conversation budget (企业微信), a conversation out of budget waits while the others go on;
        its messages keep their order. A rate or busy refusal keeps every message in its place."""
        if self._busy_until is not None and self.clock.now() < self._busy_until:
            return (self._busy_until - self.clock.now()).total_seconds()  # woken while 企业微信 said wait
        passed: set[int] = set()
        held: dict[str, float] = {}  # conversations out of budget this round → seconds until room
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
            choice = self._within_budget(pending, held, now)
            if choice is None:
                return max(0.05, min(held.values()))
            out, batch = choice
            try:
                await self.sender.send(out)
            except NotConnected as exc:
                log.info("outbox #%s waits: %s", out.id, exc)
                return RETRY_SECONDS
            except HandOver as exc:
                if self._hand_over(out, exc.who):
                    continue
                self._failed(out, exc)  # a hand-over note that cannot reach an admin either: never handed on
                passed.add(out.outbox_id)
                continue
            except Refused as exc:
                if exc.retryable:
                    return self._busy(out, exc)
                self._failed(out, exc)
                passed.add(out.outbox_id)
                continue
            except Exception as exc:  # noqa: BLE001 - a bad target must not block the queue forever
                if storage_failure(exc):
                    raise  # the disk, not the message: never marked failed (the bot stops)
                self._failed(out, exc)
                passed.add(out.outbox_id)
                continue
            finally:
                self._spend(out)
            with self.store.atomic():
                for one in batch:
                    self.store.mark_sent(one.outbox_id, self.clock.now())
            for one in batch:
                self._attempts.pop(one.outbox_id, None)
            self._busy_wait, self._busy_until = 0.0, None
            self._jitter = self._draw_jitter()

    def _within_budget(
        self, pending: list[Outgoing], held: dict[str, float], now: datetime
    ) -> tuple[Outgoing, list[Outgoing]] | None:
        """The first message (in queue order) whose conversation has room, and the messages it carries
        (several replies to one busy chat go as one message); None when every conversation must wait."""
        budget = getattr(self.sender, "budget", None)
        costs = getattr(self.sender, "costs", None)
        if budget is None or costs is None:
            return pending[0], [pending[0]]
        for out in pending:
            target = out.room_id or out.contact_id or ""
            if target in held:
                continue  # an earlier message to this chat waits: later ones keep their place behind it
            wait = budget.wait(costs(out), now)
            if wait > 0:
                held[target] = wait
                continue
            same = [o for o in pending if (o.room_id or o.contact_id) == target]
            if len(same) > 1 and len(same) > budget.room(target, now) // 2:
                return merged(same)
            return out, [out]
        return None

    def _spend(self, out: Outgoing) -> None:
        """What a send used (even a refused one counts: 企业微信 counts the attempt)."""
        spent = getattr(self.sender, "spent", None)
        budget = getattr(self.sender, "budget", None)
        if spent is not None and budget is not None:
            budget.spend(spent(out), self.clock.now())

    def _busy(self, out: Outgoing, exc: Refused) -> float:
        """企业微信 said too many, or busy: wait, longer each time (10 s … 5 min), and try again in order."""
        self._busy_wait = min(BUSY_MAX_SECONDS, max(RETRY_SECONDS, self._busy_wait * 2))
        log.warning(
            "outbox #%s refused for now (%s); everything waits %.0f s and is tried again in order",
            out.id,
            exc,
            self._busy_wait,
        )
        self.store.note_refusal(out.outbox_id, exc.errcode, exc.errmsg, self._attempts.get(out.outbox_id, 0))
        self._busy_until = self.clock.now() + timedelta(seconds=self._busy_wait)
        return self._busy_wait

    def _hand_over(self, out: Outgoing, who: str) -> bool:
        """The reader cannot be pushed to: the admins get the full text to pass on by hand (False: this is
        itself such a note, or a failure notice, and is not handed on again)."""
        if ((self.store.outbox_row(out.outbox_id) or {}).get("key") or "").startswith(("handover:", "failed:")):
            return False
        log.info("outbox #%s: %s never wrote to the bot; handed to the admins", out.id, who)
        with self.store.atomic():
            self.notices.post_to_admins(
                f"请转交 {who}（他还没有给机器人发过消息，机器人无法直接私信他）：\n\n{out.text}",
                key=f"handover:{out.id}",
            )
            self.store.mark_handed(out.outbox_id, who, self.clock.now())
        return True

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
        """Count a failed attempt (the refusal's errcode and errmsg are kept on the row); after MAX_ATTEMPTS
        the message is marked failed and never retried by itself (`infobot outbox --retry ID` sends it again).

        The admins are told, in words: to whom, what, and why, so a lost message does not go unnoticed."""
        outbox_id = out.outbox_id
        attempts = self._attempts.get(outbox_id, 0) + 1
        self._attempts[outbox_id] = attempts
        error = repr(exc)[:300]
        errcode, errmsg = (exc.errcode, exc.errmsg) if isinstance(exc, Refused) else (None, error)
        self.store.note_refusal(outbox_id, errcode, errmsg[:300], attempts)
        if attempts < MAX_ATTEMPTS:
            log.warning("sending outbox #%s failed (attempt %d): %s; it stays queued", outbox_id, attempts, error)
            return
        log.error("sending outbox #%s failed %d times: %s; marked failed", outbox_id, attempts, error)
        row = self.store.outbox_row(outbox_id) or {}
        with self.store.atomic():
            self.store.mark_failed(outbox_id, error)
            if not (row.get("key") or "").startswith(("failed:", "handover:")):  # never a notice about a notice
                self.notices.post_to_admins(
                    self._failure_notice(out, attempts, errcode, errmsg), key=f"failed:{outbox_id}"
                )
        self._attempts.pop(outbox_id, None)

    def _failure_notice(self, out: Outgoing, attempts: int, errcode: int | None, errmsg: str) -> str:
        describe = getattr(self.sender, "describe", None)
        who = describe(out) if describe is not None else (f"群 {out.room_id}" if out.room_id else out.contact_id)
        preview = out.text.replace("\n", " ")[:60]
        why = f"企业微信拒绝（错误码 {errcode}：{errmsg[:80]}）" if errcode is not None else f"出错（{errmsg[:80]}）"
        text = (
            f"发往{who} 的消息（发件箱 #{out.id}）连续 {attempts} 次发送失败，已停止重试：{why}。内容：「{preview}…」。"
        )
        if out.room_id is not None:
            return text + (
                "请确认机器人还在这个群里；如果信息员群换了，请管理员在新群里发送 /设为本群"
                "（或改 config/bot.yaml 的 group.ids），必要时在群里重新发布。"
                f"处理好后可在服务器上运行 infobot outbox --retry {out.id} 重发。"
            )
        return text + f"请转告对方，或处理好后在服务器上运行 infobot outbox --retry {out.id} 重发。"

    def _note_cap(self, now: datetime, waiting: int) -> None:
        """Once a day: queue a notice to the admins, sent first when the cap resets at midnight."""
        day = f"{now:%Y-%m-%d}"
        if self._cap_noted == day:
            return
        self._cap_noted = day
        log.warning(
            "daily cap of %d messages reached on %s; %d message(s) wait for tomorrow",
            self.limits.daily_cap,
            day,
            waiting,
        )
        text = (
            f"{now.month}月{now.day}日机器人发出的消息达到每日上限 {self.limits.daily_cap} 条"
            f"（config/bot.yaml 的 outbox.daily_cap），当时还有 {waiting} 条未发，已顺延到今天按顺序发出。"
        )
        self.notices.post_to_admins(text, f"outbox:cap:{day}")  # keyed: once a day, even across restarts


def merged(same: list[Outgoing]) -> tuple[Outgoing, list[Outgoing]]:
    """Replies waiting for one chat, as one message: the leading run of plain texts (no file, no @, no
    buttons) that fits MERGE_BYTES. At least the first message; its id (and so its req_id) carries them."""
    batch = [same[0]]
    size = len(same[0].text.encode())
    for out in same[1:]:
        if any(o.file_path or o.mentions or o.prompts for o in (batch[0], out)):
            break
        size += len(out.text.encode()) + 2
        if size > MERGE_BYTES:
            break
        batch.append(out)
    if len(batch) == 1:
        return batch[0], batch
    first = batch[0]
    return replace(first, text="\n\n".join(o.text for o in batch)), batch
