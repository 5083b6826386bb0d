"""The 企业微信 / 政务微信 transport: a smart bot (智能机器人, API mode) over its WebSocket long connection,
through wecom-aibot-sdk (the only importer of the SDK, with wecom_connection.py).

Incoming: every `aibot_msg_callback` frame is first journaled whole (store.note_arrival), then its file is
downloaded; frames (text, mixed, voice text, file) become `Incoming` and go to `app.receive`, and the journal
entry is cleared. 企业微信 never sends a message again, so what was journaled but not stored (a crash, a
stop) is taken up from the journal at the next start. A click on a card's button (`aibot_event_callback`,
template_card_event) is journaled and taken the same way, as the command the button runs (wecom_cards.py).
In groups the bot only sees messages that @-mention it; files come only in one-to-one chats and are downloaded and AES-256-CBC decrypted by the SDK (a file that
cannot be is stored without its bytes, and the sender is asked to send it again). A corrupt, read-only or
full database stops the bot (running.StopsOnDatabaseFailure: `infobot run` exits 4).

Outgoing: every message comes from the paced outbox (bot/outbox/delivery.py). A reply to a message goes
out passively on that message's `req_id` while it is fresh (`aibot_respond_msg`, a finished stream);
anything else, or a refused reply, is pushed with `aibot_send_msg` as markdown to the group's chatid or the
member's userid. Files are uploaded in chunks (`aibot_upload_media_*`) and sent as image/file messages; if
the upload is refused the xlsx goes out as markdown tables and the admins are told.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from pathlib import Path

from bot.app import App
from bot.common.clock import sent_time
from bot.model.message import FileBlob, Incoming, Outgoing
from bot.outbox.queue import NotConnected
from bot.schedule.scheduler import BotScheduler
from bot.transports.running import StopsOnDatabaseFailure, run_paced
from bot.transports.wecom_cards import Cards
from bot.transports.wecom_connection import Connection, LoginFailed
from bot.transports.wecom_env import WecomEnv
from bot.transports.caption import caption_only
from bot.transports.wecom_text import markdown_chunks, xlsx_tables

__all__ = ["LoginFailed", "WecomTransport", "run_wecom"]

log = logging.getLogger(__name__)

SEND_TIMEOUT = 60.0     # one message, uploads included; on timeout it stays queued (it may go out twice)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}


class WecomTransport(StopsOnDatabaseFailure):
    def __init__(self, app: App, env: WecomEnv):
        self.app = app
        self.settings = app.config.bot.wecom
        self.connection = Connection(env.bot_id, env.secret, env.ws_url, self.settings, self._subscribed)
        self.connection.on("message", self._on_frame)
        self.connection.on("event.template_card_event", self._on_frame)  # a click is taken like a message
        self.cards = Cards(app, lambda: self.connection.client)
        self._order = asyncio.Lock()  # handle messages in the order they arrived
        self._reply_to: dict[int, tuple[str, float]] = {}  # outbox id → (req_id, when the message came)
        self.scheduler = BotScheduler(app)
        self.failure: BaseException | None = None  # the database failure that stopped the bot
        self._replayed = False  # the journal of an earlier run is taken up at the first subscription
        self._live: set[str] = set()  # ids of the frames of this run not yet taken

    @property
    def client(self):
        """The SDK client of the moment (the watchdog may replace it)."""
        return self.connection.client

    async def _subscribed(self) -> None:
        if not self._replayed:
            self._replayed = True
            await self._replay_arrivals()
        if not self.scheduler.scheduler.running:
            await self.scheduler.start()
        await self.app.flush()  # what waited while we were away goes out now

    # ------------------------------------------------------------------ incoming

    async def _on_frame(self, frame: dict) -> None:
        """A callback frame, straight off the connection: journaled whole (committed) before its file is
        downloaded or anything else happens, so a crash or a stop from here on loses nothing: the frame is
        taken up again after the restart. 企业微信 never sends a message twice, so the journal is the only copy."""
        self.cards.arrived(frame)
        body = frame.get("body") or {}
        if not body.get("msgid") or self.failure is not None:
            return
        message_id = str(body["msgid"])
        self._live.add(message_id)
        journaled = True
        try:
            self.app.store.note_arrival(message_id, self.app.clock.now(), json.dumps(frame, ensure_ascii=False))
        except Exception as exc:  # noqa: BLE001 - busy: still take the message; storage failed: stop
            if self._fatal(exc):
                self._live.discard(message_id)
                return
            journaled = False
            log.warning("message %s: its arrival could not be journaled (%r); taken without a journal entry",
                        message_id, exc)
        try:
            async with self._order:
                if self.failure is None:  # storage failed while it waited its turn: it stays journaled
                    await self._take(message_id, frame, replay=False, journaled=journaled)
        finally:
            self._live.discard(message_id)

    async def _take(self, message_id: str, frame: dict, replay: bool, journaled: bool = True) -> None:
        """Download, hand it to the bot (which stores it before anything else), clear the journal."""
        click = None
        try:
            click = self.cards.begin(frame)  # a card's button: replies to its chat wait for the card update
            incoming = await self.incoming(frame.get("body") or {})
            queued = await self.app.receive(incoming) if incoming is not None else []
            if click is not None:
                await self.cards.answer(click, frame, queued, replay)
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
            if self._stays_journaled(message_id, exc, replay, journaled):
                return
        else:
            req_id = (frame.get("headers") or {}).get("req_id")
            if req_id and not replay and click is None:  # after a restart the req_id is stale: replies are pushed
                self._remember_reply(incoming, queued, req_id)
        finally:
            if click is not None:
                self.cards.end(click)
        if journaled:
            self._journal_done(message_id)

    async def _replay_arrivals(self) -> None:
        """Frames journaled by an earlier run (killed, or stopped before it had them) are taken up now,
        before anything that arrives meanwhile (which waits, journaled, for its turn)."""
        waiting = [(m, p) for m, p in self.app.store.arrival_payloads() if m not in self._live]
        if waiting:
            log.info("taking up %d message(s) journaled before the restart", len(waiting))
        async with self._order:
            for message_id, payload in waiting:
                if self.failure is not None:
                    return
                if payload is not None:
                    await self._take(message_id, json.loads(payload), replay=True)
                    continue
                log.warning("message %s: journaled without its content (by another transport); dropped", message_id)
                await self._take(message_id, {}, replay=True)  # nothing to take: clears the entry

    async def incoming(self, body: dict) -> Incoming | None:
        """The router's view of a callback body, or None for what the bot ignores (images, video…)."""
        sender = (body.get("from") or {}).get("userid")
        kind = body.get("msgtype")
        if not sender or not body.get("msgid"):
            return None
        text, file = "", None
        if kind == "text":
            text = (body.get("text") or {}).get("content", "")
        elif kind == "voice":
            text = (body.get("voice") or {}).get("content", "")  # 企业微信 sends the transcription
        elif kind == "mixed":
            items = (body.get("mixed") or {}).get("msg_item") or []
            text = "\n".join((i.get("text") or {}).get("content", "") for i in items if i.get("msgtype") == "text")
        elif kind == "file":
            file = await self._download(body)
        elif kind == "event":
            return self.cards.incoming(body)  # a card's button: the command it runs
        else:
            return None
        room = body.get("chatid") if body.get("chattype") == "group" else None
        at = sent_time(body.get("create_time"), self.app.clock.now())  # a backlog keeps its real time
        # 企业微信 gives no display name: the userid stands in (permissions go by it anyway)
        return Incoming(message_id=str(body["msgid"]), sender_id=sender, sender_name=sender, text=text, at=at,
                        room_id=room, room_topic=None, file=file)

    async def _download(self, body: dict) -> FileBlob:
        """The file's bytes; a file that cannot be downloaded or decrypted (the link expires after a while)
        comes without them: the message is still stored, and the sender is told to send it again."""
        info = body.get("file") or {}
        name = info.get("filename") or info.get("name") or "附件"
        try:
            result = await self.client.download_file(info.get("url", ""), info.get("aeskey"))
        except Exception as exc:  # noqa: BLE001
            log.warning("message %s: cannot download or decrypt the file: %r", body.get("msgid"), exc)
            return FileBlob.lost(Path(name).name)
        return FileBlob(Path(result.get("filename") or name).name, result["buffer"])

    def _remember_reply(self, msg: Incoming, queued: list[Outgoing], req_id: str) -> None:
        """The replies to this message, by outbox id, may go out on its req_id while it is fresh."""
        now = time.monotonic()
        window = self.settings.reply_window_seconds
        for outbox_id in [k for k, (_, at) in self._reply_to.items() if now - at > window]:
            del self._reply_to[outbox_id]
        for out in queued:
            same_chat = out.room_id == msg.room_id if msg.room_id else out.contact_id == msg.sender_id
            if out.id is not None and same_chat:
                self._reply_to[out.id] = (req_id, now)

    # ------------------------------------------------------------------ outgoing

    async def send(self, out: Outgoing) -> None:
        if not self.connection.ready:
            raise NotConnected("企业微信未连接")
        try:
            await asyncio.wait_for(self._send(out), timeout=SEND_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise NotConnected(repr(exc)) from exc
        except Exception as exc:
            if refused(exc):
                raise  # a real failure: the delivery counts it and gives up after a few
            if not self.client.is_connected or "cancelled" in str(exc) or "not connected" in str(exc):
                raise NotConnected(repr(exc)) from exc  # the connection went mid-send: it stays queued
            raise

    async def _send(self, out: Outgoing) -> None:
        target = out.room_id or out.contact_id
        if not target:
            raise ValueError(f"outbox #{out.id} has neither a room nor a contact")
        if await self.cards.shown(out):
            return  # a reply to a click, said by the card it updated
        texts = []
        if out.file_path:
            texts = await self._send_file(target, Path(out.file_path))
            if caption_only(out.text, out.file_path):
                out = Outgoing("", out.room_id, out.contact_id, out.mentions, None, out.id, out.prompts)
        text = out.text
        if out.room_id and out.mentions:
            text = "".join(f"<@{m}>" for m in out.mentions) + " " + text
        for chunk in texts + (markdown_chunks(text) if text.strip() else []):
            await self._send_text(out, target, chunk)
        if out.prompts:
            await self.cards.send(target, out)
        self._reply_to.pop(out.id, None)

    async def _send_text(self, out: Outgoing, target: str, text: str) -> None:
        req_id = self._fresh_req_id(out.id)
        if req_id:
            try:
                await self.client.reply_stream({"headers": {"req_id": req_id}}, uuid.uuid4().hex, text, finish=True)
                return
            except Exception as exc:  # noqa: BLE001 - expired or refused: push it instead
                if not refused(exc):
                    raise
                log.info("passive reply on %s refused (%s); pushing instead", req_id, exc)
                self._reply_to.pop(out.id, None)
        await self.client.send_message(target, {"msgtype": "markdown", "markdown": {"content": text}})

    def _fresh_req_id(self, outbox_id: int | None) -> str | None:
        found = self._reply_to.get(outbox_id) if outbox_id is not None else None
        if found and time.monotonic() - found[1] <= self.settings.reply_window_seconds:
            return found[0]
        return None

    async def _send_file(self, target: str, path: Path) -> list[str]:
        """Upload and send the file; if 企业微信 refuses the upload, markdown to send instead (and admins told)."""
        kind = "image" if path.suffix.lower() in IMAGE_SUFFIXES else "file"
        try:
            media = await self.client.upload_media(path.read_bytes(), type=kind, filename=path.name)
        except Exception as exc:  # noqa: BLE001
            if not refused(exc) and "no upload_id" not in str(exc) and "no media_id" not in str(exc):
                raise
            return self._upload_refused(path, kind, exc)
        await self.client.send_media_message(target, kind, media["media_id"])
        return []

    def _upload_refused(self, path: Path, kind: str, exc: Exception) -> list[str]:
        log.warning("uploading %s was refused: %s; sending text instead", path.name, exc)
        now = self.app.clock.now()
        self.app.notices.post_to_admins(
            f"企业微信拒绝了文件上传（{path.name}：{str(exc)[:80]}），群里改发了文字版。"
            f"请在管理后台确认智能机器人可以发送文件；原文件在服务器上：{path}。",
            key=f"wecom:upload-refused:{now:%Y-%m-%d}")
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            return xlsx_tables(path)
        if suffix == ".txt":
            return markdown_chunks(path.read_text(encoding="utf-8"))
        what = "排名图" if kind == "image" else "文件"
        return [f"（{what}「{path.name}」未能上传，已告知管理员。）"]


def refused(exc: BaseException) -> bool:
    """企业微信 answered a frame with a non-zero errcode (the SDK says so only in the message text)."""
    return "errcode=" in str(exc)


async def run_wecom(app: App, env: WecomEnv) -> None:
    """Run until SIGTERM/SIGINT (returns) or a refused login (raises LoginFailed)."""
    await run_paced(app, WecomTransport(app, env), app.config.bot.outbox.for_transport("wecom"))
