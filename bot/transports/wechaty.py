"""The WeChat transport: python-wechaty 0.10.7 against a puppet service (the only wechaty importer,
with its helpers wechaty_setup.py and wechaty_connection.py).

Incoming: text and file messages of any room and private messages become `Incoming` and go to
`app.receive`, which knows the group by its room id (files are fetched only from the group); the bot's own
messages (puppets echo them back) are skipped. Room-leave events become `app.member_left`. Outgoing: `send()` talks to the puppet directly, by room or
contact id, so a reply never waits for python-wechaty to reload the message it just sent. Everything the
bot sends goes through the paced outbox delivery (bot/outbox/delivery.py), never straight from a handler.
"""
from __future__ import annotations

import asyncio
import logging
import traceback
from datetime import datetime

from bot.transports import wechaty_setup  # noqa: F401  (must precede any wechaty import)
from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError
from quart import Quart, jsonify
from wechaty import Contact, Message, Room, Wechaty, WechatyOptions, WechatyPlugin
from wechaty_puppet import FileBox, MessageType, PuppetOptions

from bot.app import App
from bot.model.message import FileBlob, Incoming, Outgoing
from bot.common.clock import sent_time
from bot.outbox.queue import NotConnected
from bot.schedule.scheduler import BotScheduler
from bot.transports.caption import caption_only
from bot.transports.running import StopsOnDatabaseFailure, run_paced
from bot.transports.wechaty_connection import Connection, LoginFailed
from bot.transports.wechaty_files import AttachmentError, fetch_file

__all__ = ["LoginFailed", "WechatyTransport", "run_wechaty"]

log = logging.getLogger(__name__)

AT_SPACE = "\u2005"     # WeChat puts U+2005 after @name
SEND_TIMEOUT = 30.0     # one RPC; on timeout the message stays queued (it may then go out twice)
INFLIGHT_TIMEOUT = 20.0  # on SIGTERM, how long received messages may take to be fetched and stored
TRANSIENT = {Status.UNAVAILABLE, Status.CANCELLED, Status.DEADLINE_EXCEEDED, Status.UNAUTHENTICATED}


class HealthPlugin(WechatyPlugin):
    """One route, so python-wechaty really starts its web server on 127.0.0.1:<wechaty.web_port>
    (it starts none without a blueprint, plugin.py:856-861): an operator's liveness check."""

    def __init__(self, transport: "WechatyTransport"):
        super().__init__()
        self.transport = transport

    async def blueprint(self, app: Quart) -> None:
        @app.route("/infobot/health")
        async def infobot_health():
            return jsonify(self.transport.health())


class WechatyTransport(StopsOnDatabaseFailure):
    def __init__(self, app: App, endpoint: str, token: str):
        self.app = app
        settings = app.config.bot.wechaty
        # Explicit options beat the environment (wechaty_puppet_service/puppet.py:195-196). A fresh
        # PuppetOptions each time: the dataclass default is one shared instance that Wechaty mutates.
        self.bot = Wechaty(WechatyOptions(puppet_options=PuppetOptions(token=token, end_point=endpoint),
                                          host="127.0.0.1", port=settings.web_port))
        self.bot.use(HealthPlugin(self))
        self.bot.on("room-leave", self._on_room_leave)
        self.connection = Connection(self.bot, settings, endpoint, self._logged_in,
                                     on_message=self._arrived, before_close=self._finish_inflight)
        self._inflight: set[asyncio.Future] = set()
        self._taking: set[str] = set()  # ids of the in-flight messages
        self._closing = False
        self.failure: BaseException | None = None  # the database failure that stopped the bot
        self._send_lock = asyncio.Lock()
        self.scheduler = BotScheduler(app)

    def health(self) -> dict:
        return {"logged_in": self.connection.logged_in.is_set(), "user": self.connection.user_id,
                "pending": len(self.app.outbox.pending())}

    # ------------------------------------------------------------------ incoming

    async def _logged_in(self, user_id: str) -> None:
        await self._replay_arrivals()
        await self._find_group()
        if not self.scheduler.scheduler.running:
            await self.scheduler.start()  # after the first login: catch-up posts need the group's id
        await self.app.flush()  # what waited while we were away goes out now

    async def _find_group(self) -> None:
        """The group is known by its id only; a room merely named like it is suggested to the admins."""
        try:
            rooms = await asyncio.wait_for(self.bot.Room.find_all(), timeout=60)
        except Exception as exc:  # noqa: BLE001 - suggestions also come from a room's first message
            log.warning("could not list rooms: %r", exc)
            return
        if self.app.notices.group_room() is None:
            log.warning("no group registered yet: an admin can send /设为本群 in it (or set group.ids)")
        elif not any(self.app.is_group(r.room_id) for r in rooms):
            log.warning("the group %s is not among the bot's %d rooms", self.app.notices.group_room(), len(rooms))
        for room in rooms:
            await self.app.seen_room(room.room_id, room.payload.topic if room.payload else None)

    def _arrived(self, message_id: str) -> None:
        """A message event, straight off the stream: its id is journaled (committed) before its payload is
        even fetched, so a crash from here on loses nothing: the id is taken up again after the restart.
        When storage has failed nothing more is fetched: the puppet service keeps what the bot never took."""
        if self.failure is not None:
            return
        journaled = True
        try:
            self.app.store.note_arrival(message_id, self.app.clock.now())
        except Exception as exc:  # noqa: BLE001 - busy: still take the message; storage failed: stop
            if self._fatal(exc):
                return
            journaled = False
            log.warning("message %s: its arrival could not be journaled (%r); taken without a journal entry",
                        message_id, exc)
        self._spawn(message_id, replay=False, journaled=journaled)

    def _spawn(self, message_id: str, replay: bool, journaled: bool = True) -> None:
        self._taking.add(message_id)
        task = asyncio.ensure_future(self._take(message_id, replay, journaled))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        task.add_done_callback(lambda _: self._taking.discard(message_id))

    async def _take(self, message_id: str, replay: bool, journaled: bool = True) -> None:
        """Fetch the message, hand it to the bot (which stores it before anything else), clear the journal."""
        if self.failure is not None:
            return  # storage failed meanwhile: it stays journaled, taken up after the restart
        try:
            msg = self.bot.Message.load(message_id)
            await msg.ready()
            incoming = await self.incoming(msg)
            if incoming is not None:
                await self.app.receive(incoming)
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
            if self._stays_journaled(message_id, exc, replay, journaled):
                return
        if journaled:
            self._journal_done(message_id)

    async def _replay_arrivals(self) -> None:
        """Messages journaled by an earlier run (killed, or stopped before it had them) are taken up now."""
        waiting = [m for m in self.app.store.arrivals() if m not in self._taking]
        if waiting:
            log.info("taking up %d message(s) journaled before the restart", len(waiting))
        for message_id in waiting:
            self._spawn(message_id, replay=True)

    async def _finish_inflight(self, timeout: float = INFLIGHT_TIMEOUT) -> None:
        """On stop: the stream no longer delivers; let what was received be fetched and stored, and let a
        send under way end (cut off, it would be sent again after the restart), sending nothing new."""
        if self.connection.stopping.is_set():
            self._closing = True
            async with self._send_lock:
                pass
        if self._inflight:
            log.info("stopping: finishing %d message(s) already received", len(self._inflight))
            _, late = await asyncio.wait(set(self._inflight), timeout=timeout)
            if late:
                where = "".join(traceback.format_stack(next(iter(late)).get_stack(limit=8)[-1]))[-600:]
                log.warning("stopping: %d message(s) not finished in %.0f s; they stay journaled (one waits at: %s)",
                            len(late), timeout, where)

    async def incoming(self, msg: Message) -> Incoming | None:
        """The router's view of a message, or None for what the bot ignores."""
        talker: Contact = msg.talker()
        if talker.contact_id == self.connection.user_id:  # puppets echo the bot's own messages back
            return None  # (msg.is_self() raises while the account is logged out)
        kind = msg.type()
        if kind not in (MessageType.MESSAGE_TYPE_TEXT, MessageType.MESSAGE_TYPE_ATTACHMENT):
            return None
        room: Room | None = msg.room()
        topic = name = None
        if room is not None:
            topic = await room.topic()
            if kind != MessageType.MESSAGE_TYPE_TEXT and not self.app.is_group(room.room_id):
                return None  # files count only in the group; text may be /设为本群 (the router decides)
            name = await room.alias(talker)
        file = await self._file(msg) if kind == MessageType.MESSAGE_TYPE_ATTACHMENT else None
        if kind == MessageType.MESSAGE_TYPE_ATTACHMENT and file is None:
            return None
        return Incoming(
            message_id=msg.message_id, sender_id=talker.contact_id, sender_name=name or talker.name,
            text=msg.text() if kind == MessageType.MESSAGE_TYPE_TEXT else "",  # U+2005 kept: the router strips it
            at=self._sent_at(msg), room_id=room.room_id if room else None, room_topic=topic, file=file)

    def _sent_at(self, msg: Message) -> datetime:
        """When the member sent it, not when we got it (the puppet service delivers a backlog after an outage)."""
        return sent_time(getattr(msg.payload, "timestamp", 0) or 0, self.app.clock.now())

    async def _file(self, msg: Message) -> FileBlob | None:
        """An attachment's bytes: inline, or a UUID FileBox fetched with the Download RPC (wechaty_files.py)."""
        try:
            return await fetch_file(self.bot.puppet.puppet_stub, msg.message_id)
        except GRPCError as exc:
            if exc.status in TRANSIENT:
                raise  # the connection is down: the message stays journaled and is fetched again later
            log.warning("message %s: cannot fetch the attachment: %r", msg.message_id, exc)
        except (AttachmentError, ValueError, KeyError) as exc:
            log.warning("message %s: cannot fetch the attachment: %r", msg.message_id, exc)
        return None

    async def _on_room_leave(self, room: Room, leavers: list[Contact], remover: Contact, date) -> None:
        if not self.app.is_group(room.room_id):
            return  # only the group counts, by id: a same-named room changes nothing
        for contact in leavers:
            try:
                await self.app.member_left(contact.contact_id, room.room_id)
            except Exception as exc:  # noqa: BLE001
                if self._fatal(exc):
                    return
                log.exception("handling %s leaving the group failed", contact.contact_id)

    # ------------------------------------------------------------------ outgoing

    async def send(self, out: Outgoing) -> None:
        if self._closing:
            raise NotConnected("正在停止")
        if not self.connection.logged_in.is_set():
            raise NotConnected("微信未登录")
        async with self._send_lock:  # on stop, the channel closes only after a send under way has ended
            await self._send_now(out)

    async def _send_now(self, out: Outgoing) -> None:
        try:
            await asyncio.wait_for(self._send(out), timeout=SEND_TIMEOUT)
        except (OSError, StreamTerminatedError, TimeoutError) as exc:
            raise NotConnected(repr(exc)) from exc
        except GRPCError as exc:
            if exc.status in TRANSIENT:
                raise NotConnected(f"gRPC {exc.status.name}") from exc
            raise

    async def _send(self, out: Outgoing) -> None:
        puppet = self.bot.puppet
        target = out.room_id or out.contact_id
        if not target:
            raise ValueError(f"outbox #{out.id} has neither a room nor a contact")
        if out.file_path:
            # The file speaks for itself; a caption that only repeats its name is not sent.
            await puppet.message_send_file(conversation_id=target, file=FileBox.from_file(out.file_path))
            if caption_only(out.text, out.file_path):
                return
        text = out.text
        if out.room_id and out.mentions:
            text = await self._mention_prefix(out.room_id, out.mentions) + text
        await puppet.message_send_text(conversation_id=target, message=text,
                                       mention_ids=list(out.mentions) or None)

    async def _mention_prefix(self, room_id: str, contact_ids: tuple[str, ...]) -> str:
        """'@群昵称\u2005' per mentioned member, as WeChat types it (the contact's name if no alias)."""
        room = self.bot.Room.load(room_id)
        await room.ready()
        names = []
        for contact_id in contact_ids:
            contact = self.bot.Contact.load(contact_id)
            try:
                await contact.ready()
                names.append(await room.alias(contact) or contact.name or contact_id)
            except Exception:  # noqa: BLE001 - a mention without a name still notifies via mention_ids
                names.append(contact_id)
        return "".join(f"@{n}{AT_SPACE}" for n in names)


async def run_wechaty(app: App, endpoint: str, token: str) -> None:
    """Run until SIGTERM/SIGINT (returns) or a failed login (raises LoginFailed)."""

    async def stop_web_server() -> None:
        wechaty_setup.stop_web_server()
        await asyncio.sleep(0.1)  # let hypercorn's serve task see the trigger

    await run_paced(app, WechatyTransport(app, endpoint, token), app.config.bot.outbox.for_transport("wechaty"),
                    after=stop_web_server)
