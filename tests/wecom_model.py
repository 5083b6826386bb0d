"""A model of 企业微信's documented sending rules for in-process tests (no sockets, an injected clock):
per conversation at most 30 messages a minute and 1000 an hour (errcode 45009 beyond), and a push only into a
chat that wrote to the bot. It wraps the chat harness's FakeTransport with the budget the real transport uses."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.outbox.budget import Budget, Window
from bot.outbox.queue import HandOver, Refused

FREQ_LIMIT, NEVER_WROTE = 45009, 600041


class WecomModel:
    def __init__(
        self,
        transport,
        store,
        clock,
        per_minute: int = 20,
        per_hour: int = 600,
        known: set[str] | None = None,
        handover: bool = True,
    ):
        self.transport, self.store, self.clock = transport, store, clock
        self.budget = Budget(
            store,
            lambda name: (Window(15, 60),) if name == "webhook" else (Window(per_minute, 60), Window(per_hour, 3600)),
        )
        self.webhook_posts = 0
        self.mentioned = 0  # mentioned_list entries the webhook carried
        self.known = known if known is not None else set()
        self.handover = handover
        self.refused: Counter = Counter()
        self.refuse_until = None
        self._times: dict[str, list] = {}

    def costs(self, out) -> dict[str, int]:
        if out.room_id and out.mentions:
            return {"webhook": 1}  # a post naming people goes through the group's webhook
        return {out.room_id or out.contact_id: 1}

    def spent(self, out) -> dict[str, int]:
        return self.costs(out)

    def describe(self, out) -> str:
        return out.room_id or out.contact_id

    async def send(self, out) -> None:
        target = out.room_id or out.contact_id
        if out.contact_id and self.handover and target not in self.known and self.store.last_wrote(target) is None:
            raise HandOver(f"单位 领导 {target}")
        now = self.clock.now()
        if self.refuse_until is not None and now < self.refuse_until:
            self.refused[FREQ_LIMIT] += 1
            raise Refused(FREQ_LIMIT, "api freq out of limit", retryable=True)
        if target not in self.known and self.store.last_wrote(target) is None:
            self.refused[NEVER_WROTE] += 1
            raise Refused(NEVER_WROTE, "not allowed")
        if out.room_id and out.mentions:
            webhook = [t for t in self._times.get("webhook", []) if now - t < timedelta(minutes=1)]
            if len(webhook) >= 20:
                self.refused[FREQ_LIMIT] += 1
                raise Refused(FREQ_LIMIT, "api freq out of limit", retryable=True)
            self._times["webhook"] = webhook + [now]
            self.webhook_posts += 1
            self.mentioned += len(out.mentions)
            await self.transport.send(out)
            return
        times = [t for t in self._times.get(target, []) if now - t < timedelta(hours=1)]
        if sum(1 for t in times if now - t < timedelta(minutes=1)) >= 30 or len(times) >= 1000:
            self.refused[FREQ_LIMIT] += 1
            raise Refused(FREQ_LIMIT, "api freq out of limit", retryable=True)
        self._times[target] = times + [now]
        await self.transport.send(out)
