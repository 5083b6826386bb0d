"""One path for every message: store raw (step 1), then handle once (step 2): dedupe, parse, check
permission, dispatch, queue replies."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.chat import oversize
from bot.chat.commands import Registry, Role, Where
from bot.chat.context import Context
from bot.model.message import FileBlob, Incoming, Outgoing
from bot.chat.normalize import ITEM_TAG, PUBLIC_TAG, clean, lift_tag, misspelt_tags
from bot.common.clock import as_local
from bot.chat.hints import hint, worded
from bot.common.errors import Step, UserError
from bot.store.failures import storage_failure

if TYPE_CHECKING:
    from bot.services import Office

log = logging.getLogger(__name__)

APOLOGY = "抱歉，处理这条消息时出错了，已记录，未做任何登记。请稍后重试，或联系区委办信息科。"


class Router:
    def __init__(self, office: "Office", registry: Registry):
        self.office = office
        self.registry = registry

    def accept(self, msg: Incoming) -> tuple[bool, list[Outgoing]]:
        """Step 1: store the raw message (and its file) as 'received', in a commit of its own, before
        anything else happens to it. (False, suggestions) when the bot ignores it (another room): nothing
        is stored, but a room named like the group is suggested to the admins."""
        if not msg.private and not self.office.notices.is_group(msg.room_id) and not self._heard_anywhere(msg):
            return False, self.suggest_group(msg.room_id or "", msg.room_topic)
        msg = replace(msg, at=as_local(msg.at))  # every stored time is Beijing time
        store = self.office.store
        limit = self.office.config.bot.limits.message_chars
        with store.writing():
            fresh = store.claim_message(_raw(msg, limit))
            if fresh and msg.file is not None:
                store.keep_incoming_file(msg.message_id, msg.file.name, msg.file.data)
            if fresh and oversize.too_long(msg.text, limit):
                # Only a prefix is stored, so the refusal is decided now, while the whole text is at hand.
                return True, self._handle(msg)
        return True, []

    def suggest_group(self, room_id: str, topic: str | None) -> list[Outgoing]:
        """A room named like the group that is not the group: the admins are told how to register it, once."""
        return self.office.notices.suggest_group(room_id, topic, hint(Step("register_this_group")))

    def handle_stored(self, row: dict) -> list[Outgoing]:
        """Step 2: handle a stored message once (see _handle)."""
        msg = _incoming(row, self.office.store.incoming_file(row["message_id"]))
        with self.office.store.writing():
            if self.office.store.message_status(msg.message_id) != "received":
                return []  # handled meanwhile
            return self._handle(msg)

    def _handle(self, msg: Incoming) -> list[Outgoing]:
        """In the caller's transaction: everything the handler writes, the replies it queues and the
        message's new status commit together; a crash before the commit leaves it 'received', to be
        handled after the restart. A handler that fails is rolled back on its own savepoint; the message
        is marked failed and the sender gets an apology."""
        store = self.office.store
        store.drop_incoming_file(msg.message_id)
        admin = self.office.members.is_admin(msg.sender_id)
        try:
            with store.atomic():
                queued = self.office.replies.queue(msg, self.dispatch(msg), admin)
        except Exception as exc:  # noqa: BLE001 - one bad message must never stop the bot
            if storage_failure(exc):
                raise  # the disk, not the message: it stays 'received' and is handled at the next start
            log.exception("message %s from %s failed: %r", msg.message_id, msg.sender_id, msg.text[:200])
            store.finish_message(msg.message_id, "failed", repr(exc)[:500])
            ctx = self._context(msg, "", "")
            ctx.reply(APOLOGY)
            return self.office.replies.queue(msg, ctx.out, admin)
        store.finish_message(msg.message_id, "handled")
        return queued

    def _heard_anywhere(self, msg: Incoming) -> bool:
        """A command (/设为本群) that must reach the bot from a room that is not (yet) the group: heard only
        from an admin (by contact id). Anyone else there is ignored: nothing stored, no reply in that room."""
        if msg.file is not None or not self.office.members.is_admin(msg.sender_id):
            return False
        found = self.registry.match(clean(msg.text))
        return found is not None and found[0].any_room

    def dispatch(self, msg: Incoming) -> list[Outgoing]:
        limit = self.office.config.bot.limits.message_chars
        if oversize.too_long(msg.text, limit):
            return self._too_long(msg, limit)
        text = clean(msg.text)
        if msg.file is not None:
            ctx = self._context(msg, text, "")
            if msg.file.missing:
                ctx.reply(
                    f"没能收下文件「{msg.file.name}」（下载或解密失败，或文件是空的），未做任何登记。请重新发送一次。"
                )
                return ctx.out
            if self.registry.on_file:  # in the group, or one-to-one (企业微信 takes files only there)
                self.registry.on_file(ctx)
            return ctx.out
        found = self.registry.match(text)
        lifted = lift_tag(text) if found is None else None
        if lifted is not None and self.registry.match(lifted) is not None:
            text, found = lifted, self.registry.match(lifted)
        if found is None:
            return self._private_text(msg, text) or self._not_a_command(msg, text)
        command, args = found
        ctx = self._context(msg, text, args)
        refusal = self._refusal(ctx, command)
        if refusal:
            ctx.reply(refusal)
            return ctx.out
        try:
            with self.office.store.atomic():  # a handler's writes all land, or none do
                answer = command.handler(ctx)
        except UserError as exc:
            ctx.out.clear()
            ctx.reply(f"{worded(exc)}\n用法：{command.usage}" if exc.show_usage else worded(exc))
            return ctx.out
        if answer:
            ctx.reply(answer)
        return ctx.out

    def _private_text(self, msg: Incoming, text: str) -> list[Outgoing]:
        """A private message that is not a command, offered to the handlers that wait for one."""
        if not msg.private:
            return []
        ctx = self._context(msg, text, "")
        for taker in self.registry.on_private_text:
            try:
                with self.office.store.atomic():
                    answer = taker(ctx)
            except UserError as exc:
                ctx.out.clear()
                answer = worded(exc)
            if answer is not None:
                ctx.reply(answer)
                return ctx.out
        return []

    def _context(self, msg: Incoming, text: str, args: str) -> Context:
        members = self.office.members
        if msg.sender_name in ("", msg.sender_id):  # a network without display names (企业微信): a known name
            msg = replace(msg, sender_name=members.name_of(msg.sender_id) or msg.sender_id)
        return Context(
            self.office, self.registry, msg, text, args, members.unit_of(msg.sender_id), members.is_admin(msg.sender_id)
        )

    def _refusal(self, ctx: Context, command) -> str | None:
        """Permissions live here and only here, by contact id."""
        if command.where is Where.GROUP and ctx.msg.private and not ctx.is_admin:  # the office acts anywhere
            return f"「{command.name}」请在「{self.office.config.bot.group_label}」群内发送。"
        if command.where is Where.PRIVATE and not ctx.msg.private:
            return f"「{command.name}」请私聊机器人发送。"
        if command.role is Role.ADMIN and not ctx.is_admin:
            return f"「{command.name}」仅限区委办信息科管理员使用。"
        if command.role is Role.LIAISON and ctx.unit is None and not ctx.is_admin:
            pending = self.office.members.pending(ctx.msg.sender_id)
            if pending and command.holds_pending:
                return None  # the handler keeps it until the binding is confirmed
            if pending:
                return f"您的绑定申请 #{pending.id}（{pending.unit}）正在等待区委办信息科确认，确认后即可使用。"
            return bind_hint()
        return None

    def _not_a_command(self, msg: Incoming, text: str) -> list[Outgoing]:
        ctx = self._context(msg, text, "")
        tagged = bool(ITEM_TAG.search(text) or PUBLIC_TAG.search(text))
        meant = [] if tagged else misspelt_tags(text, [c.name for c in self.registry.commands if c.name[:1] == "#"])
        if (text.startswith("/") or msg.private and text or tagged or meant) and not self._first_hint_today(ctx):
            return ctx.out
        if text.startswith("/"):
            near = self.registry.near(text, self.registry.visible_to(ctx.is_admin, ctx.unit is not None))
            hint = f"您是不是要用：{'、'.join(near)}？" if near else ""
            ctx.reply(f"未知命令「{text.split()[0][:20]}」。{hint}发送 /帮助 查看可用命令。")
        elif tagged:
            ctx.reply(self._tag_hint(text))
        elif meant:
            usage = "；".join(f"{c.usage}" for c in self.registry.commands if c.name in meant)
            ctx.reply(
                f"没有登记：「{text.split()[0][:10]}」不是可用的标签。您是不是要用：{'、'.join(meant)}？格式：{usage}"
            )
        elif msg.private and text:
            ctx.reply("发送 /帮助 查看可用命令；报送信息请在群内发送「#报送 【标题】正文」。")
        return ctx.out  # ordinary group chat gets no answer

    def _first_hint_today(self, ctx: Context) -> bool:
        """Someone who is neither a liaison nor an admin gets at most one hint a day (no flood can use the cap)."""
        if ctx.unit is not None or ctx.is_admin:
            return True
        key, today = f"hint:{ctx.msg.sender_id}", f"{ctx.msg.at:%Y-%m-%d}"
        if self.office.store.get_state(key) == today:
            return False
        self.office.store.set_state(key, today, ctx.msg.at)
        return True

    def _too_long(self, msg: Incoming, limit: int) -> list[Outgoing]:
        """Refused unhandled; answered where a command or a private message would be, not to group chatter."""
        ctx = self._context(msg, "", "")
        if msg.private or clean(msg.text[:200])[:1] in ("#", "/"):
            ctx.reply(oversize.refusal(len(msg.text), limit))
        return ctx.out

    def _tag_hint(self, text: str) -> str:
        """A tag the bot could not read as one: never silence, show the right form."""
        found_tag = ITEM_TAG.search(text)
        if found_tag is None:
            return (
                "这条消息带有公众号标签，但看不出要报送的信息，没有登记。"
                "格式：【标题】正文 #上街信息微信公众号#（短标签 #公众号# 也可以，放在开头或末尾都行）"
            )
        tag = "#" + "".join(found_tag.group(1).split())
        found = self.registry.match(tag)
        usage = found[0].usage if found else tag
        return f"这条消息含有「{tag}」，但没有登记：{tag} 要写在消息开头（前面最多一句简短的问候）。格式：{usage}"


def bind_hint() -> str:
    return "您还没有绑定单位。请发送「/绑定 单位名」，例如「/绑定 济办」；区委办信息科确认后即可报送和查询。"


def _incoming(row: dict, file: tuple[str, bytes] | None) -> Incoming:
    """The message as the transport handed it over, from its stored row."""
    return Incoming(
        message_id=row["message_id"],
        sender_id=row["sender_id"],
        sender_name=row["sender_name"] or row["sender_id"],
        text=row["text"] or "",
        at=datetime.fromisoformat(row["at"]),
        room_id=None if row["private"] else row["room_id"],
        room_topic=row["room_topic"],
        file=FileBlob(*file) if file else None,
        names_given=row["sender_name"] is not None,
    )  # stored as NULL when the network gave no name (企业微信)


def _raw(msg: Incoming, max_chars: int) -> dict:
    """The message as stored: whole, except that what is too long to handle keeps only a bounded prefix."""
    return {
        "message_id": msg.message_id,
        "room_id": msg.room_id,
        "room_topic": oversize.field(msg.room_topic),
        "sender_id": msg.sender_id,
        "private": int(msg.private),
        "sender_name": oversize.field(msg.sender_name) if msg.names_given else None,  # 企业微信: NULL, not the id
        "text": oversize.stored_text(msg.text, max_chars),
        "file_name": oversize.field(msg.file.name) if msg.file else None,
        "at": msg.at.isoformat(),
        "reply_token": msg.reply_token,
    }
