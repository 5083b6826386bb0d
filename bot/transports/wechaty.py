"""The WeChat transport: python-wechaty 0.10.7 against a puppet service (the only wechaty importer,
with its helpers wechaty_setup.py and wechaty_connection.py).

Incoming: each message event's id goes to the runner's arrival journal as it comes off the stream; text and
file messages of any room and private messages become `Incoming` and go to the bot, which knows the group by
its room id (files are fetched only from the group); the bot's own messages (puppets echo them back) are
skipped. Room-leave events are reported to the bot. Outgoing: `send()` talks to the puppet directly, by room or
contact id, so a reply never waits for python-wechaty to reload the message it just sent. Everything the
bot sends goes through the paced outbox delivery (bot/outbox/delivery.py), never straight from a handler.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.transports import wechaty_setup  # noqa: F401  (must precede any wechaty import)
from grpclib.const import Status
from grpclib.exceptions import GRPCError, StreamTerminatedError
from quart import Quart, jsonify
from wechaty import Contact, Message, Room, Wechaty, WechatyOptions, WechatyPlugin
from wechaty_puppet import FileBox, MessageType, PuppetOptions

from bot.model.message import FileBlob, Incoming, Outgoing
from bot.common.clock import sent_time
from bot.outbox.queue import NotConnected
from bot.settings.delivery import WechatySettings
from bot.transports.caption import caption_only
from bot.transports.running import Inbox
from bot.transports.wechaty_connection import Connection, LoginFailed
from bot.transports.wechaty_files import AttachmentError, fetch_file

__all__ = ["LoginFailed", "WechatyTransport"]

log = logging.getLogger(__name__)

AT_SPACE = "\u2005"  # WeChat puts U+2005 after @name
SEND_TIMEOUT = 30.0  # one RPC; on timeout the message stays queued (it may then go out twice)
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


class WechatyTransport:
    name = "wechaty"
    ordered = False  # each message is fetched by its own RPC: a slow download holds up no other

    def __init__(self, settings: WechatySettings, endpoint: str, token: str):
        # Explicit options beat the environment (wechaty_puppet_service/puppet.py:195-196). A fresh
        # PuppetOptions each time: the dataclass default is one shared instance that Wechaty mutates.
        self.bot = Wechaty(
            WechatyOptions(
                puppet_options=PuppetOptions(token=token, end_point=endpoint), host="127.0.0.1", port=settings.web_port
            )
        )
        self.bot.use(HealthPlugin(self))
        self.bot.on("room-leave", self._on_room_leave)
        self.connection = Connection(
            self.bot, settings, endpoint, self._logged_in, on_message=self._arrived, before_close=self._finish_inflight
        )
        self.inbox: Inbox | None = None
        self._closing = False
        self._send_lock = asyncio.Lock()

    def _inbox(self) -> Inbox:
        if self.inbox is None:
            raise RuntimeError("the transport is not running")
        return self.inbox

    async def run(self, inbox: Inbox) -> None:
        """Until stop(); raises LoginFailed when the first login does not come in time or the token is refused."""
        self.inbox = inbox
        try:
            await self.connection.run()
        finally:
            wechaty_setup.stop_web_server()
            await asyncio.sleep(0.1)  # let hypercorn's serve task see the trigger

    def stop(self) -> None:
        self.connection.stop()

    def health(self) -> dict:
        return {
            "logged_in": self.connection.logged_in.is_set(),
            "user": self.connection.user_id,
            "pending": self._inbox().pending(),
        }

    # ------------------------------------------------------------------ incoming

    async def _logged_in(self, user_id: str) -> None:
        await self._inbox().connected()  # journaled messages taken up, the scheduler started, the outbox sent
        await self._find_group()

    async def _find_group(self) -> None:
        """The group is known by its id only; a room merely named like it is suggested to the admins."""
        inbox = self._inbox()
        try:
            rooms = await asyncio.wait_for(self.bot.Room.find_all(), timeout=60)
        except Exception as exc:  # noqa: BLE001 - suggestions also come from a room's first message
            log.warning("could not list rooms: %r", exc)
            return
        if inbox.group_room() is None:
            log.warning("no group registered yet: an admin can send /设为本群 in it (or set group.ids)")
        elif not any(inbox.is_group(r.room_id) for r in rooms):
            log.warning("the group %s is not among the bot's %d rooms", inbox.group_room(), len(rooms))
        for room in rooms:
            await inbox.seen_room(room.room_id, room.payload.topic if room.payload else None)

    def _arrived(self, message_id: str) -> None:
        """A message event, straight off the stream: its id is journaled (committed) before its payload is
        even fetched, so a crash from here on loses nothing: the id is taken up again after the restart."""
        self._inbox().arrived(message_id)

    async def take(self, message_id: str, payload: str | None, replay: bool) -> None:
        """Fetch the message and hand it to the bot (which stores it before anything else)."""
        msg = self.bot.Message.load(message_id)
        await msg.ready()
        incoming = await self.incoming(msg)
        if incoming is not None:
            await self._inbox().receive(incoming)

    async def _finish_inflight(self, timeout: float = INFLIGHT_TIMEOUT) -> None:
        """On stop: the stream no longer delivers; let what was received be fetched and stored, and let a
        send under way end (cut off, it would be sent again after the restart), sending nothing new."""
        if self.connection.stopping.is_set():
            self._closing = True
            async with self._send_lock:
                pass
        await self._inbox().finish_arrivals(timeout)

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
            if kind != MessageType.MESSAGE_TYPE_TEXT and not self._inbox().is_group(room.room_id):
                return None  # files count only in the group; text may be /设为本群 (the router decides)
            name = await room.alias(talker)
        file = await self._file(msg) if kind == MessageType.MESSAGE_TYPE_ATTACHMENT else None
        if kind == MessageType.MESSAGE_TYPE_ATTACHMENT and file is None:
            return None
        return Incoming(
            message_id=msg.message_id,
            sender_id=talker.contact_id,
            sender_name=name or talker.name,
            text=msg.text() if kind == MessageType.MESSAGE_TYPE_TEXT else "",  # U+2005 kept: the router strips it
            at=self._sent_at(msg),
            room_id=room.room_id if room else None,
            room_topic=topic,
            file=file,
        )

    def _sent_at(self, msg: Message) -> datetime:
        """When the member sent it, not when we got it (the puppet service delivers a backlog after an outage)."""
        return sent_time(getattr(msg.payload, "timestamp", 0) or 0, self._inbox().now())

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
        if not self._inbox().is_group(room.room_id):
            return  # only the group counts, by id: a same-named room changes nothing
        for contact in leavers:
            try:
                await self._inbox().member_left(contact.contact_id, room.room_id)
            except Exception:  # noqa: BLE001
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
        await puppet.message_send_text(conversation_id=target, message=text, mention_ids=list(out.mentions) or None)

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
