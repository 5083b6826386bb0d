"""A fake 企业微信 smart-bot server for the e2e tests, written from the frame format (issue #11), on 127.0.0.1.

One WebSocket endpoint speaks the long-connection protocol: it answers `aibot_subscribe` (errcode 0 for the
right bot id and secret, 40058 otherwise), `ping`, `aibot_respond_msg`, `aibot_send_msg` and the three
`aibot_upload_media_*` steps, each with the frame's own `headers.req_id` and an `errcode`. It pushes
`aibot_msg_callback` frames for members' messages, and `aibot_event_callback` frames for clicks on template
cards' buttons (`template_card_event`). It takes `aibot_respond_update_msg` (update_template_card) only on a
click's req_id, once, for that card's task_id, and within UPDATE_WINDOW seconds of the click, as the long-connection
document says; anything else gets a non-zero errcode. Template cards (pushed or updated) must have the
documented form: a task_id of letters, digits and _-@ (≤128), a main title, 1–6 buttons with text and unique keys.
A small HTTP server serves files AES-256-CBC encrypted
with a per-file key (IV = the key's first 16 bytes, PKCS#7 padding to 32 bytes), as 企业微信 does.

It enforces what 「智能机器人长连接」 (document 101463) states: each conversation takes at most 30 messages a minute
and 1000 an hour, replies and pushes together (errcode 45009 beyond); a push (`aibot_send_msg`) goes only into a
chat (a group, or a person's one-to-one chat) that has written to the bot (a made-up errcode otherwise: the
document names none); markdown content at most 4096 bytes (45002); uploads at most 30 a minute and 1000 an
hour (45009), files up to 20 MB and images up to 10 MB (40006). `refuse_rate_for(seconds)` answers 45009 to
every send for a while, as the operator's misbehaving server did; `send_raw()` pushes any frame, bad ones too.

Beside it, the HTTP server plays the group's 群机器人 webhook (`/cgi-bin/webhook/send` and `/upload_media`,
key WEBHOOK_KEY): text at most 2048 bytes with `mentioned_list`, images (base64 + md5) at most 2 MB, files
uploaded first (more than 5 bytes, at most 20 MB), 20 messages a minute (45009).

It runs on its own event loop in a thread; the tests call it synchronously and wait on conditions.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, quote, urlsplit

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from websockets.asyncio.server import ServerConnection, serve
from websockets.protocol import State

BOT_ID = "aibfake0001"
SECRET = "right-secret"
CHAT_HOME = "wrkSFfCgAAhome"  # the group 「上街信息员之家」 (a chatid; the bot is never told its name)
CHAT_OTHER = "wrkSFfCgAAother"  # another group the bot is in
ADMIN = "GaoGe"  # userids, as 企业微信 shows them
LIAISON = "WangXiaoHong"
STRANGER = "ZhangSan"
AUTH_REFUSED = 40058
UPDATE_WINDOW = 5.0  # update_template_card is accepted this long after the template_card_event
UPDATE_REFUSED = 600039  # a made-up code: 企业微信 answers a late or wrong update with a non-zero errcode
FREQ_LIMIT = 45009  # 接口调用超过限制 (api freq out of limit)
TOO_BIG = 45002  # 消息内容大小超过限制
BAD_MEDIA_SIZE = 40006  # 不合法的文件大小
NEVER_WROTE = 600041  # a made-up code: a push into a chat that never wrote to the bot
PER_MINUTE, PER_HOUR = 30, 1000  # per conversation, replies and pushes together
UPLOADS_PER_MINUTE, UPLOADS_PER_HOUR = 30, 1000
MARKDOWN_BYTES = 4096
UPLOAD_BYTES = {"file": 20 * 1024 * 1024, "image": 10 * 1024 * 1024}
WEBHOOK_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
WEBHOOK_PER_MINUTE, WEBHOOK_TEXT_BYTES, WEBHOOK_IMAGE_BYTES = 20, 2048, 2 * 1024 * 1024
CARD_INVALID = 600040  # a made-up code for a template card the documents do not allow
MAX_BUTTONS = 6  # button_interaction: button_list holds at most 6 buttons
TASK_ID = re.compile(r"[0-9A-Za-z_\-@]{1,128}")  # task_id: digits, letters and _-@, at most 128 bytes


def card_problem(card: dict) -> str | None:
    """What the template card documents forbid in a button_interaction card (None: nothing)."""
    if card.get("card_type") != "button_interaction":
        return None
    buttons = card.get("button_list") or []
    keys = [b.get("key") for b in buttons]
    return (
        "task_id"
        if not TASK_ID.fullmatch(str(card.get("task_id") or ""))
        else "main_title"
        if not (card.get("main_title") or {}).get("title")
        else "button_list"
        if not 1 <= len(buttons) <= MAX_BUTTONS
        else "button without text or key"
        if not all(b.get("text") and b.get("key") for b in buttons)
        else "button keys repeat"
        if len(set(keys)) != len(keys)
        else None
    )


def encrypt(data: bytes, key: bytes) -> bytes:
    pad = 32 - len(data) % 32
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return encryptor.update(data + bytes([pad]) * pad) + encryptor.finalize()


class WecomServer:
    def __init__(
        self,
        bot_id: str = BOT_ID,
        secret: str = SECRET,
        known: tuple[str, ...] = (),
        clock: Callable[[], float] = time.monotonic,
    ):
        """`known`: chats that wrote to the bot before the test (a push into them is allowed)."""
        self.bot_id, self.secret = bot_id, secret
        self.clock = clock
        self.known: set[str] = set(known)  # chats that have written to the bot
        self.refused: list[dict] = []  # every refused send: {cmd, to, errcode}
        self.webhook_sent: list[dict] = []  # what the webhook posted: {kind, text, mentioned, media}
        self._spent: dict[str, list[float]] = {}  # conversation (or 'upload', 'webhook') → times
        self._refuse_until = 0.0
        self.refuse_uploads = False
        self.drop_on_next_send = False  # close the connection instead of taking the next message
        self.frames: list[dict] = []  # every frame the bot sent, in order
        self.sent: list[dict] = []  # what members see: {seq, to, passive, req_id, kind, text, media, card}
        self.pushed: list[dict] = []  # every callback frame pushed to the bot, in order
        self.updates: list[dict] = []  # accepted card updates: {task_id, card, by_event}
        self.update_window = UPDATE_WINDOW
        self._clicks: dict[str, dict] = {}  # click req_id → {at (monotonic), task_id, used}
        self.subscriptions = 0
        self.uploads: dict[str, dict] = {}  # upload_id → {filename, type, chunks}
        self.media: dict[str, dict] = {}  # media_id → {filename, type, data}
        self._origin: dict[str, str] = {}  # callback req_id → the chat it came from
        self._files: dict[str, tuple[str, bytes]] = {}
        self._cond = threading.Condition()
        self._conns: set[ServerConnection] = set()
        self._subscribed: list[ServerConnection] = []  # in the order they subscribed; WeCom pushes to the newest
        self._mute: set[ServerConnection] = set()  # connections whose pings go unanswered
        self._dead: set[ServerConnection] = set()  # half-open: frames are read, nothing is answered or pushed
        self._half_open = False  # new connections are half-open too (the network is down)
        self._half_open_next = False  # go half-open right after pushing the next message
        self.fault_at: float | None = None  # when the link went half-open (time.monotonic())
        self.lost: list[dict] = []  # frames the bot sent into a half-open connection
        self.opened: list[float] = []  # when each connection opened (time.monotonic())
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    # ------------------------------------------------------------------ life cycle

    def start(self) -> "WecomServer":
        self._thread.start()

        async def listen():
            return await serve(self._handle, "127.0.0.1", 0)

        self._ws = asyncio.run_coroutine_threadsafe(listen(), self._loop).result(10)
        self.ws_url = f"ws://127.0.0.1:{self._ws.sockets[0].getsockname()[1]}"
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._http_handler())
        threading.Thread(target=self._http.serve_forever, daemon=True).start()
        self.http_url = f"http://127.0.0.1:{self._http.server_address[1]}"
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

        async def close():
            self._ws.close()
            await self._ws.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def client_env(self, **overrides: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHATY_", "WECOM_"))}
        env.update(WECOM_BOT_ID=self.bot_id, WECOM_BOT_SECRET=self.secret, WECOM_WS_URL=self.ws_url)
        env.update(overrides)
        return env

    # ------------------------------------------------------------------ the members' side

    def say(self, userid: str, text: str, chat: str | None = CHAT_HOME, then_half_open: bool = False) -> str:
        """A text message: in a group (it must @-mention the bot to arrive at all) or one-to-one. Its req_id.
        `then_half_open`: the link goes half-open the moment the message has reached the bot."""
        self._half_open_next = then_half_open
        return self._push(userid, chat, {"msgtype": "text", "text": {"content": text}})

    def say_with_picture(self, userid: str, text: str, chat: str | None = CHAT_HOME) -> str:
        """Text and a picture in one message (msgtype mixed), as a 报送 with a photo is sent."""
        picture = {"msgtype": "image", "image": {"url": f"{self.http_url}/file/none", "aeskey": "unused"}}
        return self._push(
            userid,
            chat,
            {"msgtype": "mixed", "mixed": {"msg_item": [{"msgtype": "text", "text": {"content": text}}, picture]}},
        )

    def send_file(self, userid: str, name: str, data: bytes, chat: str | None = None, sent_ago: float = 0) -> str:
        """A file (one-to-one); `sent_ago`: its create_time that many seconds back (as a backlog carries)."""
        key = os.urandom(32)
        token = uuid.uuid4().hex
        self._files[token] = (name, encrypt(data, key))
        return self._push(
            userid,
            chat,
            {
                "msgtype": "file",
                "file": {"url": f"{self.http_url}/file/{token}", "aeskey": base64.b64encode(key).decode()},
            },
            sent_ago,
        )

    def _push(self, userid: str, chat: str | None, content: dict, sent_ago: float = 0) -> str:
        req_id = f"aibot_msg_callback_{uuid.uuid4().hex}"
        body = {
            "msgid": uuid.uuid4().hex,
            "aibotid": self.bot_id,
            "from": {"userid": userid},
            "create_time": int(time.time() - sent_ago),
            "chattype": "group" if chat else "single",
            **content,
        }
        if chat:
            body["chatid"] = chat
        self._origin[req_id] = chat or userid
        self.known.add(chat or userid)
        frame = {"cmd": "aibot_msg_callback", "headers": {"req_id": req_id}, "body": body}
        self._broadcast(frame)
        self.pushed.append(frame)
        return req_id

    def click(self, userid: str, task_id: str, key: str, chat: str | None = None, msgid: str | None = None) -> str:
        """A member clicks a card's button (one-to-one unless `chat`); the same msgid again is a redelivery.
        Returns the event's req_id."""
        req_id = f"aibot_event_callback_{uuid.uuid4().hex}"
        body = {
            "msgid": msgid or uuid.uuid4().hex,
            "create_time": int(time.time()),
            "aibotid": self.bot_id,
            "chattype": "group" if chat else "single",
            "from": {"userid": userid},
            "msgtype": "event",
            "event": {
                "eventtype": "template_card_event",
                "template_card_event": {"card_type": "button_interaction", "event_key": key, "task_id": task_id},
            },
        }
        if chat:
            body["chatid"] = chat
        with self._cond:
            self._clicks[req_id] = {"at": time.monotonic(), "task_id": task_id, "used": False}
            self.known.add(chat or userid)  # a click is the member talking to the bot
        self._broadcast({"cmd": "aibot_event_callback", "headers": {"req_id": req_id}, "body": body})
        return req_id

    def cards(self, to: str | None = None) -> list[dict]:
        """The template cards the bot pushed (to one chat), oldest first."""
        with self._cond:
            return [m["card"] for m in self.sent if m["card"] and (to is None or m["to"] == to)]

    def wait_update(self, task_id: str, timeout: float = 20.0) -> dict:
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((u for u in self.updates if u["task_id"] == task_id), None), timeout
            )
        if found is None:
            raise TimeoutError(f"no update of card {task_id} within {timeout}s")
        return found["card"]

    def drop(self, code: int = 1012) -> None:
        """Close every connection from the server's side: 1012 as a restarting service does, 1001 (going
        away) or 1000 as a server shutting down cleanly does."""

        async def close_all():
            for conn in list(self._conns):
                await conn.close(code, "service restart")

        asyncio.run_coroutine_threadsafe(close_all(), self._loop).result(10)

    def stop_answering_pings(self) -> None:
        """The current connections go quiet (a half-open TCP connection): pings are no longer answered."""
        self._mute |= self._conns

    def half_open(self) -> None:
        """The network goes down the way mobile and office networks do: every connection still looks open to
        the bot, but nothing gets through either way. Frames are read and dropped, none is answered (pings
        included), nothing is pushed; new connections open but are just as dead, until recover()."""

        async def go():
            self._go_half_open()

        asyncio.run_coroutine_threadsafe(go(), self._loop).result(10)

    def _go_half_open(self) -> None:
        self._half_open = True
        self._dead |= self._conns
        self.fault_at = time.monotonic()

    def recover(self) -> None:
        """The network is back: new connections work. The half-open ones stay dead (the bot left them)."""

        async def go():
            self._half_open = False

        asyncio.run_coroutine_threadsafe(go(), self._loop).result(10)

    def _broadcast(self, frame: dict) -> None:
        async def push():
            # WeCom delivers a bot's messages to its newest subscribed connection (a new one replaces the
            # old, which the bot then closes): never to one already closing.
            live = [
                c
                for c in reversed(self._subscribed)
                if c in self._conns and c not in self._dead and c.state is State.OPEN
            ]
            if not live:
                raise AssertionError("the bot is not connected")
            await live[0].send(json.dumps(frame, ensure_ascii=False))
            if self._half_open_next:
                self._half_open_next = False
                self._go_half_open()

        asyncio.run_coroutine_threadsafe(push(), self._loop).result(10)

    # ------------------------------------------------------------------ waiting

    def last_seq(self) -> int:
        with self._cond:
            return len(self.sent)

    def wait_sent(self, match: Callable[[dict], bool], timeout: float = 20.0, since: int = 0) -> dict:
        with self._cond:
            found = self._cond.wait_for(lambda: next((m for m in self.sent[since:] if match(m)), None), timeout)
        if found is None:
            shown = [
                {**m, "text": (m["text"] or "")[:80], "media": m["media"] and m["media"]["filename"]}
                for m in self.sent[since:]
            ]
            raise TimeoutError(f"nothing matching within {timeout}s; sent since #{since}: {shown}")
        return found

    def wait_subscriptions(self, count: int, timeout: float = 20.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self.subscriptions >= count, timeout):
                raise TimeoutError(f"{self.subscriptions} subscription(s), not {count}, within {timeout}s")

    def connected(self) -> int:
        return len(self._conns)

    # ------------------------------------------------------------------ the protocol

    async def _handle(self, conn: ServerConnection) -> None:
        self._conns.add(conn)
        self.opened.append(time.monotonic())
        if self._half_open:
            self._dead.add(conn)
        try:
            async for raw in conn:
                frame = json.loads(raw)
                if conn in self._dead:
                    self.lost.append(frame)  # half-open: it never arrives, nothing answers
                    continue
                with self._cond:
                    self.frames.append(frame)
                if frame.get("cmd") == "ping" and conn in self._mute:
                    continue  # a half-open connection: the bot's pings get no answer
                if self.drop_on_next_send and frame.get("cmd") in ("aibot_respond_msg", "aibot_send_msg"):
                    self.drop_on_next_send = False
                    await conn.close(1012, "service restart")  # the message is lost, never acknowledged
                    return
                answer = self._answer(frame)
                if frame.get("cmd") == "aibot_subscribe" and not answer["errcode"]:
                    self._subscribed.append(conn)
                await conn.send(json.dumps(answer, ensure_ascii=False))
                if frame.get("cmd") == "aibot_subscribe" and answer["errcode"]:
                    await conn.close(1008, "auth failed")
        except Exception:  # noqa: BLE001 - a dropped client is part of the tests
            pass
        finally:
            self._conns.discard(conn)
            if conn in self._subscribed:
                self._subscribed.remove(conn)

    def _answer(self, frame: dict) -> dict:
        cmd, body = frame.get("cmd"), frame.get("body") or {}
        req_id = (frame.get("headers") or {}).get("req_id", "")
        ok: dict[str, Any] = {"headers": {"req_id": req_id}, "errcode": 0, "errmsg": "ok"}
        if cmd == "aibot_subscribe":
            if (body.get("bot_id"), body.get("secret")) != (self.bot_id, self.secret):
                return {**ok, "errcode": AUTH_REFUSED, "errmsg": "invalid bot_id or secret"}
            with self._cond:
                self.subscriptions += 1
                self._cond.notify_all()
            return ok
        if cmd == "ping":
            return ok
        if cmd in ("aibot_respond_msg", "aibot_send_msg"):
            problem = card_problem(body.get("template_card") or {}) if body.get("msgtype") == "template_card" else None
            if problem:
                return {**ok, "errcode": CARD_INVALID, "errmsg": f"invalid template_card: {problem}"}
            to = self._origin.get(req_id) if cmd == "aibot_respond_msg" else body.get("chatid")
            refusal = self._refusal(cmd, to, body)
            if refusal:
                with self._cond:
                    self.refused.append({"cmd": cmd, "to": to, "errcode": refusal[0]})
                    self._cond.notify_all()
                return {**ok, "errcode": refusal[0], "errmsg": refusal[1]}
            self._record(cmd, req_id, body)
            return ok
        if cmd == "aibot_respond_update_msg":
            return self._update(req_id, body, ok)
        if cmd and cmd.startswith("aibot_upload_media"):
            return self._upload(cmd, body, ok)
        return {**ok, "errcode": 40008, "errmsg": f"unknown cmd {cmd}"}

    def refuse_rate_for(self, seconds: float) -> None:
        """Answer 45009 to every send and upload for `seconds` from now."""
        self._refuse_until = self.clock() + seconds

    def _over(self, name: str, windows: tuple[tuple[int, float], ...]) -> bool:
        """Spend one against `name` if every window has room; True (and nothing spent) when one is full."""
        now = self.clock()
        times = [t for t in self._spent.get(name, []) if now - t < max(w for _, w in windows)]
        if now < self._refuse_until or any(sum(1 for t in times if now - t < w) >= n for n, w in windows):
            self._spent[name] = times
            return True
        self._spent[name] = times + [now]
        return False

    def _refusal(self, cmd: str, to: str | None, body: dict) -> tuple[int, str] | None:
        if cmd == "aibot_send_msg" and to not in self.known:
            return NEVER_WROTE, f"chat {to} has not talked to the bot: proactive push not allowed"
        kind = body.get("msgtype")
        content = (
            (body.get("markdown") or {}).get("content")
            if kind == "markdown"
            else (body.get("stream") or {}).get("content")
            if kind == "stream"
            else None
        )
        if content is not None and len(content.encode()) > MARKDOWN_BYTES:
            return TOO_BIG, f"content size {len(content.encode())} out of limit {MARKDOWN_BYTES}"
        if self._over(f"chat:{to}", ((PER_MINUTE, 60.0), (PER_HOUR, 3600.0))):
            return FREQ_LIMIT, "api freq out of limit"
        return None

    def send_raw(self, raw: str) -> None:
        """Any text as one frame on every connection (a frame that is JSON but not an object, say)."""

        async def push():
            for conn in list(self._conns):
                await conn.send(raw)

        asyncio.run_coroutine_threadsafe(push(), self._loop).result(10)

    def _update(self, req_id: str, body: dict, ok: dict) -> dict:
        card = body.get("template_card") or {}
        with self._cond:
            click = self._clicks.get(req_id)
            why = (
                "not a click's req_id"
                if click is None
                else "already answered"
                if click["used"]
                else "too late"
                if time.monotonic() - click["at"] > self.update_window
                else "not an update_template_card"
                if body.get("response_type") != "update_template_card"
                else "another card's task_id"
                if card.get("task_id") != click["task_id"]
                else card_problem(card)
            )
            if why:
                return {**ok, "errcode": UPDATE_REFUSED, "errmsg": f"update refused: {why}"}
            click["used"] = True
            self.updates.append({"task_id": card["task_id"], "card": card})
            self._cond.notify_all()
        return ok

    def _upload(self, cmd: str, body: dict, ok: dict) -> dict:
        if self.refuse_uploads:
            return {**ok, "errcode": 48002, "errmsg": "api forbidden"}
        if cmd == "aibot_upload_media_init":
            limit = UPLOAD_BYTES.get(body.get("type"), 0)
            if not 5 < int(body.get("total_size") or 0) <= limit:
                return {**ok, "errcode": BAD_MEDIA_SIZE, "errmsg": f"invalid media size {body.get('total_size')}"}
            if self._over("upload", ((UPLOADS_PER_MINUTE, 60.0), (UPLOADS_PER_HOUR, 3600.0))):
                self.refused.append({"cmd": cmd, "to": None, "errcode": FREQ_LIMIT})
                return {**ok, "errcode": FREQ_LIMIT, "errmsg": "api freq out of limit"}
            upload_id = uuid.uuid4().hex
            self.uploads[upload_id] = {"filename": body["filename"], "type": body["type"], "chunks": {}}
            return {**ok, "body": {"upload_id": upload_id}}
        upload = self.uploads[body["upload_id"]]
        if cmd == "aibot_upload_media_chunk":
            upload["chunks"][body["chunk_index"]] = base64.b64decode(body["base64_data"])
            return ok
        media_id = f"media-{uuid.uuid4().hex[:8]}"
        data = b"".join(upload["chunks"][i] for i in sorted(upload["chunks"]))
        self.media[media_id] = {"filename": upload["filename"], "type": upload["type"], "data": data}
        return {**ok, "body": {"type": upload["type"], "media_id": media_id, "created_at": str(int(time.time()))}}

    def _record(self, cmd: str, req_id: str, body: dict) -> None:
        passive = cmd == "aibot_respond_msg"
        kind = body.get("msgtype")
        text, media, card = None, None, None
        if kind == "template_card":
            card = body["template_card"]
        elif kind == "stream":
            text = body["stream"]["content"]
        elif kind == "markdown":
            text = body["markdown"]["content"]
        elif kind in ("file", "image"):
            media = self.media.get(body[kind]["media_id"])
        with self._cond:
            self.sent.append(
                {
                    "seq": len(self.sent) + 1,
                    "to": self._origin.get(req_id) if passive else body.get("chatid"),
                    "passive": passive,
                    "req_id": req_id if passive else None,
                    "kind": kind,
                    "text": text,
                    "media": media,
                    "card": card,
                }
            )
            self._cond.notify_all()

    # ------------------------------------------------------------------ the group's webhook (群机器人)

    def webhook_env(self) -> dict[str, str]:
        return {
            "WECOM_WEBHOOK_KEY": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WEBHOOK_KEY}",
            "WECOM_WEBHOOK_URL": f"{self.http_url}/cgi-bin/webhook",
        }

    def _webhook(self, verb: str, query: dict, body: bytes, content_type: str) -> dict:
        if query.get("key") != [WEBHOOK_KEY]:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}
        if verb == "upload_media":
            data = multipart_file(body, content_type)
            if data is None or not 5 < len(data[1]) <= UPLOAD_BYTES["file"]:
                return {"errcode": BAD_MEDIA_SIZE, "errmsg": "invalid media size"}
            media_id = f"whmedia-{uuid.uuid4().hex[:8]}"
            with self._cond:
                self.media[media_id] = {"filename": data[0], "type": "file", "data": data[1]}
            return {
                "errcode": 0,
                "errmsg": "ok",
                "type": "file",
                "media_id": media_id,
                "created_at": str(int(time.time())),
            }
        message = json.loads(body)
        kind = message.get("msgtype")
        with self._cond:
            if self._over("webhook", ((WEBHOOK_PER_MINUTE, 60.0),)):
                self.refused.append({"cmd": "webhook", "to": CHAT_HOME, "errcode": FREQ_LIMIT})
                return {"errcode": FREQ_LIMIT, "errmsg": "api freq out of limit"}
            entry = {"kind": kind, "text": None, "mentioned": [], "media": None}
            if kind == "text":
                content = message["text"]["content"]
                if len(content.encode()) > WEBHOOK_TEXT_BYTES:
                    return {"errcode": TOO_BIG, "errmsg": "content exceed max length 2048"}
                entry.update(text=content, mentioned=list(message["text"].get("mentioned_list") or []))
            elif kind == "image":
                data = base64.b64decode(message["image"]["base64"])
                if len(data) > WEBHOOK_IMAGE_BYTES or hashlib.md5(data).hexdigest() != message["image"]["md5"]:  # noqa: S324
                    return {"errcode": 40009, "errmsg": "invalid image size or md5"}
                entry["media"] = {"filename": "image", "type": "image", "data": data}
            elif kind == "file":
                entry["media"] = self.media.get(message["file"]["media_id"])
                if entry["media"] is None:
                    return {"errcode": 40007, "errmsg": "invalid media_id"}
            else:
                return {"errcode": 40008, "errmsg": f"invalid message type {kind}"}
            self.webhook_sent.append(entry)
            self.sent.append(
                {
                    "seq": len(self.sent) + 1,
                    "to": CHAT_HOME,
                    "passive": False,
                    "kind": f"webhook_{kind}",
                    "text": entry["text"],
                    "media": entry["media"],
                    "card": None,
                    "mentioned": entry["mentioned"],
                }
            )
            self._cond.notify_all()
        return {"errcode": 0, "errmsg": "ok"}

    def _http_handler(self):
        files = self._files
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                answer = server._webhook(
                    parts.path.rsplit("/", 1)[-1], parse_qs(parts.query), body, self.headers.get("Content-Type", "")
                )
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's name
                token = self.path.rsplit("/", 1)[-1]
                if token not in files:
                    self.send_error(404)
                    return
                name, data = files[token]
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


def multipart_file(body: bytes, content_type: str) -> tuple[str, bytes] | None:
    """The `media` part of a multipart/form-data upload: (filename, bytes)."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "media":
            return part.get_filename() or "file", part.get_payload(decode=True)
    return None
