"""build_app(): config + store + transport + clock → a running bot. No globals."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import bot.jobs  # noqa: F401 - the `@job` declarations the config's schedule is checked against
from bot.chat import decisions
from bot.chat.router import Router
from bot.common.clock import Clock
from bot.handlers import build_registry
from bot.model.message import Incoming, Outgoing
from bot.outbox.queue import Sender
from bot.scoring import Scoreboard
from bot.services import Office
from bot.settings import Config
from bot.store import Store, is_busy
from bot.store.failures import failure_in_words as storage_failure_in_words, storage_failure

log = logging.getLogger(__name__)

# Renders the monthly bulletin's files (PNG, xlsx…) for a scoreboard; returns their paths.
BulletinRenderer = Callable[[Scoreboard], "Sequence[str | Path]"]


class Waker(Protocol):
    def wake(self) -> None: ...


@dataclass
class App:
    office: Office
    transport: Sender | None = None
    bulletin_renderer: BulletinRenderer | None = None
    # A paced delivery loop (a chat network's transport): flush() then only wakes it.
    delivery: Waker | None = None
    router: Router = field(init=False)
    _handling: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.router = Router(self.office, build_registry())

    # The three the transports and the CLI read most; every service is `app.office.<name>`.
    @property
    def config(self) -> Config:
        return self.office.config

    @property
    def store(self) -> Store:
        return self.office.store

    @property
    def clock(self) -> Clock:
        return self.office.clock

    async def receive(self, msg: Incoming) -> None:
        """Take one message from a transport: store it raw (its own commit) before anything else, then
        handle every stored message in arrival order, and send whatever is queued. What was queued in
        answer to it is found in the outbox (`outbox.answering`), by any transport, after a restart too."""
        stored, _ = await retry_busy(lambda: self.router.accept(msg), f"storing message {msg.message_id}")
        if stored:
            await self.handle_received()
        await self.flush()

    async def handle_received(self) -> dict[str, list[Outgoing]]:
        """Handle the stored-but-unhandled messages, oldest first, one at a time (each exactly once: its
        effects and its 'handled' mark commit together). Between two, other arrivals get stored."""
        done: dict[str, list[Outgoing]] = {}
        async with self._handling:
            while rows := self.store.received_messages():
                for row in rows:
                    done[row["message_id"]] = await self._handle_one(row)
                    await asyncio.sleep(0)
        return done

    async def _handle_one(self, row: dict) -> list[Outgoing]:
        message_id = row["message_id"]
        try:
            return await retry_busy(lambda: self.router.handle_stored(row), f"handling message {message_id}")
        except Exception as exc:  # noqa: BLE001 - a message that cannot be handled must not block the rest
            if storage_failure(exc):
                raise  # never marked failed: it stays 'received', and the bot stops (exit 4)
            log.exception("message %s cannot be handled; marked failed", message_id)
            with self.store.atomic():
                self.store.finish_message(message_id, "failed", repr(exc)[:500])
            return []

    async def resume(self) -> int:
        """At start-up: handle what was stored but not handled before a stop or a crash, and what an earlier
        version marked failed for a storage failure (the disk, not the message)."""
        again = self.store.retry_failed_messages(lambda error: storage_failure_in_words(error) is not None)
        if again:
            log.info("%d message(s) marked failed by a storage failure are handled again", again)
        done = await self.handle_received()
        if done:
            log.info("handled %d message(s) stored before the restart", len(done))
        await self.flush()
        return len(done)

    def card_outcome(self, subject: str) -> str | None:
        """What became of a matter a prompt offered to decide (for a card to show); None while open."""
        return decisions.outcome(self.office, subject)

    def is_group(self, room_id: str | None) -> bool:
        """Whether a room is the group, by its id (bot.yaml's group.ids, or registered by /设为本群)."""
        return self.office.notices.is_group(room_id)

    async def seen_room(self, room_id: str, topic: str | None) -> list[Outgoing]:
        """A transport lists a room it is in: one named like the group is suggested to the admins, once."""
        queued = self.router.suggest_group(room_id, topic)
        await self.flush()
        return queued

    def use_stand_in_group(self, room_id: str) -> None:
        """The console stands in for the group: post there now, but never store its id as the group's."""
        self.office.notices.stand_in_room = room_id

    async def member_left(self, contact_id: str, room_id: str | None) -> list[Outgoing]:
        """A transport reports that someone left a room; from the group, a liaison's binding ends and admins
        are told. Any other room (even one with the group's name) changes nothing."""
        queued: list[Outgoing] = []
        if not self.is_group(room_id):
            return queued
        with self.store.atomic():
            binding = self.office.members.left_group(contact_id)
            notice = self.office.liaison_changes.notice_for(binding.id) if binding else None
            if notice:
                queued = self.office.notices.post((out, None) for out in self.office.notices.to_admins(notice))
        await self.flush()
        return queued

    async def flush(self) -> int:
        """Send what is queued: at once (console, tests), or by waking the paced delivery loop (returns 0)."""
        if self.delivery is not None:
            self.delivery.wake()
            return 0
        if self.transport is None:
            return 0
        return await self.office.outbox.deliver(self.transport)


def build_app(
    config: Config,
    store: Store,
    transport: Sender | None,
    clock: Clock,
    files_dir: str | Path | None = None,
    bulletin_renderer: BulletinRenderer | None = None,
) -> App:
    office = Office(config, store, clock, Path(files_dir) if files_dir else Path("data/attachments"))
    return App(office, transport=transport, bulletin_renderer=bulletin_renderer)


BUSY_RETRY_SECONDS = (0.05, 0.1, 0.2, 0.5, 1.0)


async def retry_busy(step, what: str):
    """Run a write that another process may be holding the database lock against (an import, a backup):
    on 'database is locked' wait without blocking the event loop and try again. The message is never
    dropped: it is retried until the lock is released (each attempt already waits busy_timeout)."""
    attempt = 0
    while True:
        try:
            return step()
        except Exception as exc:
            if not is_busy(exc):
                raise
            pause = BUSY_RETRY_SECONDS[min(attempt, len(BUSY_RETRY_SECONDS) - 1)]
            attempt += 1
            log.warning("%s: the database is busy (%s); retry %d in %.2f s", what, exc, attempt, pause)
            await asyncio.sleep(pause)
