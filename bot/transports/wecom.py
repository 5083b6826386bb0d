"""The 企业微信 / 政务微信 transport: a smart bot (智能机器人, API mode) over its WebSocket long connection,
through wecom-aibot-sdk (the only importer of the SDK, with wecom_connection.py).

Incoming: every `aibot_msg_callback` frame is first journaled whole (the runner's arrival journal,
bot/transports/journal.py), then its file is downloaded; frames (text, mixed, voice text, file) become
`Incoming` (with the frame's req_id) and go to the bot, and the journal entry is cleared. 企业微信 never
sends a message again, so what was journaled but not stored (a crash, a stop) is taken up from the journal
at the next connection. A click on a card's button (`aibot_event_callback`, template_card_event) is
journaled and taken the same way, as the command the button runs (wecom_cards.py). In groups the bot only
sees messages that @-mention it; files come only in one-to-one chats and are downloaded and AES-256-CBC
decrypted by the SDK (a file that cannot be is stored without its bytes, and the sender is asked to send it again). A corrupt, read-only or
full database stops the bot (the runner: `infobot run` exits 4).

Outgoing: every message comes from the paced outbox (bot/outbox/delivery.py). A reply to a message goes
out passively on that message's `req_id` while it is fresh (`aibot_respond_msg`, a finished stream): the
outbox row names the message it answers, and the message's row keeps its req_id, across restarts too;
anything else, or a refused reply, is pushed with `aibot_send_msg` as markdown to the group's chatid or the
member's userid. Files are uploaded in chunks (`aibot_upload_media_*`) and sent as image/file messages; if
the upload is refused the xlsx goes out as markdown tables and the admins are told.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bot.model.message import FileBlob, Incoming, Outgoing
from bot.outbox.budget import Budget, Window
from bot.outbox.people import describe, name_of
from bot.outbox.queue import HandOver, NotConnected, Refused
from bot.settings.delivery import OutboxSettings, WecomSettings
from bot.transports.running import Inbox
from bot.transports.wecom_cards import Cards
from bot.transports.wecom_connection import Connection, LoginFailed, incoming, refused
from bot.transports.wecom_env import WecomEnv
from bot.transports.caption import caption_only
from bot.transports.wecom_text import for_markdown, markdown_chunks, xlsx_tables
from bot.transports.wecom_webhook import DEFAULT_BASE, Webhook

__all__ = ["LoginFailed", "WecomTransport"]

log = logging.getLogger(__name__)

BUSY = {-1, 45009, 45033}  # 系统繁忙; 接口调用超过限制 (frequency); 接口并发调用超过限制: wait and retry
ERRCODE = re.compile(r"errcode=(-?\d+),?\s*(?:errmsg=(.*))?", re.S)
# 「智能机器人长连接」 上传临时素材: files up to 20 MB, images up to 10 MB (and more than 5 bytes)
UPLOAD_LIMITS = {"file": 20 * 1024 * 1024, "image": 10 * 1024 * 1024}
SEND_TIMEOUT = 60.0  # one message, uploads included; on timeout it stays queued (it may go out twice)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}


class WecomTransport:
    name = "wecom"
    ordered = True  # 企业微信 sends each message once, in order: they are taken in that order

    def __init__(self, settings: WecomSettings, env: WecomEnv):
        self.settings = settings
        self.connection = Connection(env.bot_id, env.secret, env.ws_url, self.settings, self._subscribed)
        self.connection.on("message", self._on_frame)
        self.connection.on("event.template_card_event", self._on_frame)  # a click is taken like a message
        self.inbox: Inbox | None = None
        self.cards: Cards | None = None
        self._refused: set[str] = set()  # messages whose req_id 企业微信 refused: their replies are pushed
        self.budget: Budget | None = None  # per conversation, uploads, the webhook (once running)
        self.limits: OutboxSettings | None = None
        self._spent: Counter = Counter()
        self.webhook = Webhook(env.webhook_key, env.webhook_url or DEFAULT_BASE) if env.webhook_key else None

    @property
    def client(self):
        """The SDK client of the moment (the watchdog may replace it)."""
        return self.connection.client

    async def run(self, inbox: Inbox) -> None:
        """Until stop(); raises LoginFailed for a refused secret, no subscription in time, or a takeover."""
        self.attach(inbox)
        try:
            await self.connection.run()
        finally:
            if self.webhook is not None:
                await self.webhook.close()

    def attach(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self.cards = Cards(inbox.services, lambda: self.connection.client)
        self.limits = inbox.services.config.bot.outbox.for_transport(self.name)
        self.budget = Budget(inbox.services.store, self._windows)

    def stop(self) -> None:
        self.connection.stop()

    async def _subscribed(self) -> None:
        await self._inbox().connected()

    def _inbox(self) -> Inbox:
        if self.inbox is None:
            raise RuntimeError("the transport is not running")
        return self.inbox

    # ------------------------------------------------------------------ incoming

    async def _on_frame(self, frame: dict) -> None:
        """A callback frame, straight off the connection: journaled whole (committed) before its file is
        downloaded or anything else happens, so a crash or a stop from here on loses nothing: the frame is
        taken up again after the restart. 企业微信 never sends a message twice, so the journal is the only copy."""
        self._cards().arrived(frame)
        body = frame.get("body") or {}
        if not body.get("msgid"):
            return
        taking = self._inbox().arrived(str(body["msgid"]), json.dumps(frame, ensure_ascii=False))
        if taking is not None:
            await taking

    async def take(self, message_id: str, payload: str | None, replay: bool) -> None:
        """Download, hand it to the bot (which stores it before anything else). A click on a card updates
        the card with what became of the matter."""
        if payload is None:
            log.warning("message %s: journaled without its content (by another transport); dropped", message_id)
            return
        frame = json.loads(payload)
        inbox, cards = self._inbox(), self._cards()
        click = cards.begin(frame)  # a card's button: replies to its chat wait for the card update
        try:
            incoming = await self.incoming(frame.get("body") or {})
            if incoming is not None:
                self._note_wrote(incoming)
                req_id = (frame.get("headers") or {}).get("req_id")
                if req_id and click is None:
                    incoming = replace(incoming, reply_token=str(req_id))
                await inbox.receive(incoming)
            if click is not None:
                await cards.answer(click, frame, inbox.answering(message_id), replay)
        finally:
            if click is not None:
                cards.end(click)

    def _note_wrote(self, msg: Incoming) -> None:
        """The push rule's memory: this group, or this person in his one-to-one chat, wrote to the bot."""
        store = self._inbox().services.store
        if msg.room_id:
            store.note_wrote(msg.room_id, "room", msg.at)
        else:
            store.note_wrote(msg.sender_id, "contact", msg.at)

    def _cards(self) -> Cards:
        if self.cards is None:
            raise RuntimeError("the transport is not running")
        return self.cards

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
            return self._cards().incoming(body)  # a card's button: the command it runs
        else:
            return None
        return incoming(body, sender, text, self._inbox().now(), file)

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

    # ------------------------------------------------------------------ outgoing

    async def send(self, out: Outgoing) -> None:
        if not self.connection.ready:
            raise NotConnected("企业微信未连接")
        try:
            await asyncio.wait_for(self._send(out), timeout=SEND_TIMEOUT)
        except (HandOver, NotConnected, Refused):
            raise
        except Exception as exc:
            if refused(exc):  # a refusal: rate or busy waits in order; any other is counted and given up after a few
                raise refusal(exc) from exc
            if not link_fault(exc):
                raise  # about the message or its target: the delivery counts it and gives up after a few
            # An ack timeout, a closed or cancelled send: the link's fault until a ping proves otherwise.
            # Either way it stays queued and no attempt is counted; a dead link is replaced at once.
            alive = await self.connection.alive()
            raise NotConnected(f"{exc!r}（连接{'仍通' if alive else '已断，正在重连'}）") from exc

    async def _send(self, out: Outgoing) -> None:
        target = out.room_id or out.contact_id
        if not target:
            raise ValueError(f"outbox #{out.id} has neither a room nor a contact")
        self._spent = Counter()
        if await self._cards().shown(out):
            self._spent[target] += 1
            return  # a reply to a click, said by the card it updated
        self._check_reachable(out)
        webhook = self._webhook_for(out)
        if webhook is not None:
            await webhook.send(
                out.text, list(out.mentions), out.file_path, on_frame=lambda: self._spent.update(["webhook"])
            )
            return
        texts = []
        if out.file_path:
            texts = await self._send_file(target, Path(out.file_path))
            if caption_only(out.text, out.file_path):
                out = replace(out, text="", file_path=None)
        for index, chunk in enumerate(texts + self._texts(out)):
            await self._send_text(out, target, chunk, passive=index == 0)
        if out.prompts:
            self._spent[target] += 1
            await self._cards().send(target, out)

    # ------------------------------------------------------------------ budgets, reach, mentions

    def _windows(self, name: str) -> tuple[Window, ...]:
        limits = self.limits
        if limits is None:
            raise RuntimeError("the transport is not running")
        if name == "upload":
            return Window(limits.uploads_per_minute, 60), Window(limits.uploads_per_hour, 3600)
        if name == "webhook":
            return (Window(limits.webhook_per_minute, 60),)
        return Window(limits.per_minute, 60), Window(limits.per_hour, 3600)

    def costs(self, out: Outgoing) -> dict[str, int]:
        """The frames a message takes, per budget (its conversation, uploads, the webhook)."""
        target = out.room_id or out.contact_id or ""
        webhook = self._webhook_for(out)
        if webhook is not None:
            return {"webhook": webhook.frames(out.text, out.file_path)}
        text = "" if out.file_path and caption_only(out.text, out.file_path) else out.text
        frames = len(self._texts(Outgoing(text, out.room_id, out.contact_id, out.mentions)))
        frames += (1 if out.file_path else 0) + (1 if out.prompts else 0)
        return {target: max(frames, 1), **({"upload": 1} if out.file_path else {})}

    def spent(self, out: Outgoing) -> dict[str, int]:
        """The frames the last send used (refused ones included)."""
        return dict(self._spent)

    def describe(self, out: Outgoing) -> str:
        app = self._inbox().services
        if out.room_id:
            return f"群「{app.config.bot.group_label}」" if app.is_group(out.room_id) else f"群 {out.room_id}"
        return describe(app.config, app.store, out.contact_id or "")

    def _webhook_for(self, out: Outgoing) -> Webhook | None:
        """Posts that name people go through the group's webhook, when there is one: real @-mentions."""
        via = (
            self.webhook is not None
            and bool(out.mentions)
            and out.room_id is not None
            and self._inbox().is_group(out.room_id)
        )
        return self.webhook if via else None

    def _texts(self, out: Outgoing) -> list[str]:
        """The markdown pieces of a message, its plain text made safe for markdown; mentions are written as
        names (a smart bot's <@userid> alerts nobody)."""
        text = for_markdown(out.text)
        if out.room_id and out.mentions:
            app = self._inbox().services
            names = dict.fromkeys(name_of(app.config, app.store, m) for m in out.mentions)
            text = " ".join(f"@{n}" for n in names) + " " + text
        return markdown_chunks(text) if text.strip() else []

    def _check_reachable(self, out: Outgoing) -> None:
        """企业微信 pushes into a one-to-one chat only when the person has written to the bot there. A letter to
        someone who never did goes to the admins to hand over (a reply on a fresh req_id is always allowed)."""
        contact, app = out.contact_id, self._inbox().services
        if out.room_id or not contact or self._fresh_req_id(out) or app.office.members.is_admin(contact):
            return
        if app.store.last_wrote(contact) is None:
            raise HandOver(describe(app.config, app.store, contact))

    async def _send_text(self, out: Outgoing, target: str, text: str, passive: bool) -> None:
        req_id = self._fresh_req_id(out) if passive else None
        self._spent[target] += 1
        if req_id:
            try:
                await self.client.reply_stream({"headers": {"req_id": req_id}}, uuid.uuid4().hex, text, finish=True)
                return
            except Exception as exc:  # noqa: BLE001 - expired or refused: push it instead
                if not refused(exc) or refusal(exc).retryable:
                    raise
                log.info("passive reply on %s refused (%s); pushing instead", req_id, exc)
                self._spent[target] += 1
                self._refused.add(out.answers or "")
        await self.client.send_message(target, {"msgtype": "markdown", "markdown": {"content": text}})

    def _fresh_req_id(self, out: Outgoing) -> str | None:
        """The req_id of the message `out` answers (stored with it), while 企业微信 still takes replies on it.
        A message gets one passive reply: the first piece of the first reply queued for it; the rest is
        pushed (the document allows one reply stream per message)."""
        if out.answers is None or out.answers in self._refused:
            return None
        replies = self._inbox().answering(out.answers)
        if not replies or replies[0].id != out.id:
            return None
        found = self._inbox().reply_token(out.answers)
        if found and (self._inbox().now() - found[1]).total_seconds() <= self.settings.reply_window_seconds:
            return found[0]
        return None

    async def _send_file(self, target: str, path: Path) -> list[str]:
        """Upload and send the file; if 企业微信 refuses the upload, markdown to send instead (and admins told)."""
        kind = "image" if path.suffix.lower() in IMAGE_SUFFIXES else "file"
        data = path.read_bytes()
        limit = UPLOAD_LIMITS[kind]
        if len(data) > limit:
            return self._upload_refused(path, kind, f"{len(data)} 字节，超过企业微信对{kind}的上限 {limit} 字节")
        self._spent["upload"] += 1
        try:
            media = await self.client.upload_media(data, type=kind, filename=path.name)
        except Exception as exc:  # noqa: BLE001
            if refused(exc) and refusal(exc).retryable:
                raise refusal(exc) from exc  # too many uploads for now: the message waits its turn
            if not refused(exc) and "no upload_id" not in str(exc) and "no media_id" not in str(exc):
                raise
            return self._upload_refused(path, kind, exc)
        self._spent[target] += 1
        await self.client.send_media_message(target, kind, media["media_id"])
        return []

    def _upload_refused(self, path: Path, kind: str, exc: Exception | str) -> list[str]:
        log.warning("uploading %s was refused: %s; sending text instead", path.name, exc)
        now = self._inbox().now()
        self._inbox().tell_admins(
            f"企业微信拒绝了文件上传（{path.name}：{str(exc)[:80]}），群里改发了文字版。"
            f"请在管理后台确认智能机器人可以发送文件；原文件在服务器上：{path}。",
            key=f"wecom:upload-refused:{now:%Y-%m-%d}",
        )
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            return xlsx_tables(path)
        if suffix == ".txt":
            return markdown_chunks(path.read_text(encoding="utf-8"))
        what = "排名图" if kind == "image" else "文件"
        return [f"（{what}「{path.name}」未能上传，已告知管理员。）"]


def link_fault(exc: BaseException) -> bool:
    """An error that says nothing about the message itself: a timeout, a socket error, or the SDK's plain
    Exception (ack timeout, connection closed, reply cancelled). Our own errors (ValueError…) are not."""
    return isinstance(exc, (OSError, TimeoutError)) or type(exc) is Exception


def refusal(exc: BaseException) -> Refused:
    """The SDK's refusal (「…errcode=45009, errmsg=…」) as errcode and errmsg; rate and busy codes are retryable."""
    found = ERRCODE.search(str(exc))
    errcode = int(found.group(1)) if found else None
    errmsg = (found.group(2) or "").strip() if found else str(exc)
    return Refused(errcode, errmsg, retryable=errcode in BUSY)
