"""What a chat network's transport is, and what it may ask of the bot: the two sides of `infobot run`.

A transport sits below the app: it knows one network's protocol and nothing of the office. The runner
(bot/runner/) owns everything else: signals, the scheduler, the paced delivery of the outbox, and the
arrival journal (bot/transports/journal.py) that keeps every message safe from the moment it comes off
the wire. The transport hands each message event to `Inbox.arrived` and says when it is connected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from typing import Any, Protocol

from bot.model.message import Incoming, Outgoing


class LoginFailed(Exception):
    """The bot could not log in or subscribe; the message (Chinese) tells the operator what to check."""


class Inbox(Protocol):
    """What a running transport may ask of the bot (the runner provides it)."""

    def arrived(self, message_id: str, payload: str | None = None) -> Awaitable[None] | None:
        """A message event off the wire: journaled (committed) at once, then taken with the transport's
        `take`. The awaitable ends when it has been taken (None: the bot is stopping)."""

    async def receive(self, msg: Incoming) -> None:
        """Store the message (before anything else happens to it), handle it, queue the replies."""

    async def connected(self) -> None:
        """After every (re)login or subscription: what was journaled before is taken up, the scheduler
        starts (once), and what waited in the outbox goes out."""

    async def finish_arrivals(self, timeout: float) -> None:
        """On stop, before the channel closes: let the messages already received be loaded and stored."""

    def now(self) -> datetime: ...

    def is_group(self, room_id: str | None) -> bool: ...

    def group_room(self) -> str | None: ...

    async def seen_room(self, room_id: str, topic: str | None) -> None: ...

    async def member_left(self, contact_id: str, room_id: str | None) -> None: ...

    def tell_admins(self, text: str, key: str) -> None:
        """Queue a notice to the admins, once per key."""

    def pending(self) -> int:
        """How many messages wait in the outbox."""

    def answering(self, message_id: str) -> list[Outgoing]:
        """What the bot queued in answer to a received message, in its chat."""

    def reply_token(self, message_id: str) -> tuple[str, datetime] | None:
        """The network's handle for answering a received message (as stored with it), and its time."""

    @property
    def services(self) -> Any:
        """The office's services, for a transport feature that needs them (企业微信's cards)."""


class Transport(Protocol):
    """One chat network. `run` returns after `stop()`, or raises LoginFailed."""

    name: str  # 'wechaty', 'wecom': picks the outbox pace (config/bot.yaml outbox.<name>)
    ordered: bool  # take journaled messages one at a time, in arrival order (else concurrently)

    async def run(self, inbox: Inbox) -> None: ...

    async def send(self, out: Outgoing) -> None:
        """Send one queued message; raise NotConnected to keep it queued without counting an attempt."""

    def stop(self) -> None: ...

    async def take(self, message_id: str, payload: str | None, replay: bool) -> None:
        """Load a journaled message and hand it to `Inbox.receive` (if it is something the bot takes).
        `replay`: taken up after a restart or a reconnection. Raising leaves it journaled (once)."""


async def cancel_until_done(task: asyncio.Future, timeout: float = 5.0) -> None:
    """Python 3.11's wait_for can swallow a cancel that coincides with a wake-up: cancel until it ends."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not task.done() and loop.time() < deadline:
        task.cancel()
        await asyncio.wait({task}, timeout=0.2)
    if task.done() and not task.cancelled():
        task.exception()  # retrieved, so asyncio does not warn
