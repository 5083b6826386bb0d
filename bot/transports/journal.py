"""The arrival journal, one for every network: a message event is noted (committed) the moment it comes
off the wire, before its payload is fetched or its file downloaded; it is cleared once the message is
stored (or known to need nothing). What a crash or a stop leaves journaled is taken up at the next
connection: puppets can load a message again by its id; 企业微信 never sends one twice, so its transport
journals the whole frame as the payload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

log = logging.getLogger(__name__)

# The transport's: load a journaled message (by its id, or from its payload) and hand it to the bot.
Take = Callable[[str, "str | None", bool], Awaitable[None]]


class JournalStore(Protocol):
    def note_arrival(self, message_id: str, at: datetime, payload: str | None = None) -> None: ...

    def arrival_done(self, message_id: str) -> None: ...

    def arrival_payloads(self) -> list[tuple[str, str | None]]: ...


class ArrivalJournal:
    """`fatal(exc)` is True (and the bot stops) for a database that cannot store anything; `stopped()` is
    True once it has. With `ordered`, messages are taken one at a time in arrival order, replayed ones first."""

    def __init__(
        self,
        store: JournalStore,
        take: Take,
        now: Callable[[], datetime],
        fatal: Callable[[BaseException], bool],
        stopped: Callable[[], bool],
        ordered: bool,
    ):
        self.store = store
        self.take = take
        self.now = now
        self.fatal = fatal
        self.stopped = stopped
        self._order: asyncio.Lock | None = asyncio.Lock() if ordered else None
        self._inflight: dict[str, asyncio.Task] = {}  # message id → its take

    def arrived(self, message_id: str, payload: str | None = None) -> asyncio.Future | None:
        if self.stopped():
            return None
        journaled = True
        try:
            self.store.note_arrival(message_id, self.now(), payload)
        except Exception as exc:  # noqa: BLE001 - busy: still take the message; storage failed: stop reading
            if self.fatal(exc):
                return None  # never taken, so never acknowledged (a puppet's payload is not even fetched)
            journaled = False
            log.warning(
                "message %s: its arrival could not be journaled (%r); taken without a journal entry", message_id, exc
            )
        return self._spawn(message_id, payload, replay=False, journaled=journaled)

    async def replay(self) -> int:
        """Take up what an earlier run (killed, or stopped before it had them) or an earlier connection left
        journaled, before anything that arrives from now on. Ordered, it returns once they are taken."""
        waiting = [(m, p) for m, p in self.store.arrival_payloads() if m not in self._inflight]
        if waiting:
            log.info("taking up %d message(s) journaled before", len(waiting))
        tasks = [self._spawn(message_id, payload, replay=True) for message_id, payload in waiting]
        if tasks and self._order is not None:
            await asyncio.wait(tasks)
        return len(waiting)

    async def finish(self, timeout: float) -> None:
        """Let the messages being taken finish (on stop); what does not in `timeout` stays journaled."""
        if not self._inflight:
            return
        log.info("stopping: finishing %d message(s) already received", len(self._inflight))
        _, late = await asyncio.wait(set(self._inflight.values()), timeout=timeout)
        if late:
            where = "".join(traceback.format_stack(next(iter(late)).get_stack(limit=8)[-1]))[-600:]
            log.warning(
                "stopping: %d message(s) not finished in %.0f s; they stay journaled (one waits at: %s)",
                len(late),
                timeout,
                where,
            )

    def _spawn(self, message_id: str, payload: str | None, replay: bool, journaled: bool = True) -> asyncio.Task:
        task = asyncio.ensure_future(self._take(message_id, payload, replay, journaled))
        self._inflight[message_id] = task
        task.add_done_callback(lambda _: self._inflight.pop(message_id, None))
        return task

    async def _take(self, message_id: str, payload: str | None, replay: bool, journaled: bool) -> None:
        """The transport loads the message and hands it to the bot (which stores it before anything else);
        then the journal entry is cleared."""
        async with self._order or contextlib.nullcontext():
            if self.stopped():
                return
            try:
                await self.take(message_id, payload, replay)
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
                if self._stays(message_id, exc, replay, journaled):
                    return
            if not journaled:
                return
            try:
                self.store.arrival_done(message_id)
            except Exception as exc:  # noqa: BLE001 - stored already; the entry is taken up again later
                if not self.fatal(exc):
                    log.exception("message %s: could not clear its journal entry", message_id)

    def _stays(self, message_id: str, exc: BaseException, replay: bool, journaled: bool = True) -> bool:
        """True: it stays journaled (the database failed, or it is taken up again later); False: it failed
        again when taken up, and is given up, or was never journaled (nothing to take up)."""
        if self.fatal(exc):
            return True
        if not journaled:
            log.exception("message %s: not taken, and its arrival could not be journaled; it is lost", message_id)
            return False
        if not replay:
            log.exception("message %s: not taken now; it stays journaled and is taken up after a restart", message_id)
            return True
        log.exception("message %s: taken up after a restart and failed again; given up", message_id)
        return False
