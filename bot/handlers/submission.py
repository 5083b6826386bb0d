"""#报送 and documents posted with it; an admin's #报送 records an item that came by mail, QQ or phone."""

from __future__ import annotations

import re

from bot.chat.commands import Role, Where, command, on_file
from bot.chat.context import Context
from bot.chat.normalize import PUBLIC_TAG, title_and_body
from bot.common.text import name_key
from bot.common.errors import EntryError
from bot.model.submissions import CHANNELS  # 邮件, QQ, 电话: how an item reached the office
from bot.settings.names import UnknownName

ORDER = 0  # where /帮助 and the docs list this module's commands

PROXY_USAGE = "#报送 <单位> 【标题】正文 [渠道]（渠道：邮件、QQ、电话，默认邮件）"
# 「#报送：【…】」 and 「#报送，【…】」 are 「#报送【…】」.
_LEAD = re.compile(r"^[\s:：,，、.。\-—]+")
# 「#上街信息微信公众号# #报送 【…】」 arrives as the alias with the #报送 tag still in its text.
_SUBMIT_TAG = re.compile(r"^[#＃]\s*报\s*送\s*[#＃]?")


@command(
    "#报送",
    usage="#报送 【标题】正文（供微信公众号的，在任意位置加上 #上街信息微信公众号# 或 #公众号#）",
    summary="报送一条信息（管理员代登记邮件、QQ、电话报送：" + PROXY_USAGE + "）",
    role=Role.LIAISON,
    where=Where.GROUP,
    aliases=("#上街信息微信公众号#",),
    holds_pending=True,
    example="#报送 【标题】正文；#报送 济办 【标题】正文 QQ",
)
def submit(ctx: Context) -> str:
    public = bool(PUBLIC_TAG.search(ctx.msg.text))
    text = _LEAD.sub("", PUBLIC_TAG.sub(" ", ctx.args).strip())
    text = _LEAD.sub("", _SUBMIT_TAG.sub("", text))
    if ctx.is_admin:
        proxied = _proxy(ctx, text, public)
        if proxied is not None:
            return proxied
    if ctx.msg.private:
        raise EntryError(f"「#报送」请在「{ctx.office.config.bot.group_label}」群内发送。")
    if ctx.unit is None:
        pending = ctx.office.members.pending(ctx.msg.sender_id)
        if pending is None:
            raise EntryError("您还没有绑定单位，无法报送。请先发送「/绑定 单位名」。")
        title, body = item(text, "报送")
        ctx.office.submissions.hold(
            ctx.msg.sender_id, ctx.msg.sender_name, title, body, public, ctx.msg.message_id, ctx.msg.at
        )
        return (
            f"已收下《{title}》。您的绑定申请 #{pending.id}（{pending.unit}）正在等待区委办信息科确认，"
            f"确认后按原时间（{ctx.msg.at:%-m月%-d日 %H:%M}）登记为{pending.unit}的报送。"
        )
    title, body = item(text, "报送")
    receipt = ctx.office.submissions.submit(
        ctx.unit, ctx.msg.sender_id, ctx.msg.sender_name, title, body, public, ctx.msg.message_id, ctx.msg.at
    )
    return receipt_text(ctx.unit, receipt)


def receipt_text(unit: str, receipt, proxy: bool = False) -> str:
    sub = receipt.submission
    if receipt.duplicate:
        tag = "，现已标明供微信公众号" if receipt.now_public else ""
        return (
            f"这条信息已于 {sub.at:%-m月%-d日 %H:%M} 报送过（#{sub.id}《{sub.title}》），未重复登记{tag}。"
            f"{unit}本周已报送 {receipt.week_count} 条。"
        )
    head = f"已代 {unit} 登记报送" if proxy else f"已收到 {unit} 报送"
    how = f"（{sub.channel}报送）" if sub.channel else ""
    lines = [f"{head} #{sub.id}《{sub.title}》{how}" + ("（供微信公众号）" if sub.public_account else "") + "。"]
    left = receipt.quota - receipt.week_count
    lines.append(
        f"本周第 {receipt.week_count} 条，每周任务 {receipt.quota} 条"
        + (f"，还差 {left} 条。" if left > 0 else "，已完成。")
    )
    if receipt.attached:
        lines.append(f"附件：{'、'.join(receipt.attached)}")
    return "\n".join(lines)


def _proxy(ctx: Context, text: str, public: bool) -> str | None:
    """An admin's `#报送 <单位> 【标题】正文 [渠道]`; None when the admin reports for their own unit."""
    m = re.match(r"([^\s【《]*)\s*(.*)", text, re.S)
    assert m is not None  # both parts may be empty: every text matches
    head, rest = m.group(1), m.group(2).strip()
    try:
        unit = ctx.office.config.units.resolve(head, ctx.office.clock.now().year).name if head else None
    except UnknownName as exc:
        if ctx.unit is not None:
            return None
        raise EntryError(f"{exc}\n管理员代登记报送：{PROXY_USAGE}") from None
    if unit is None:
        if ctx.unit is not None:
            return None
        raise EntryError(f"请写明报送单位。管理员代登记报送：{PROXY_USAGE}")
    channel, rest = _channel(rest)
    title, body = item(rest, "报送")
    receipt = ctx.office.submissions.submit(
        unit,
        ctx.msg.sender_id,
        ctx.msg.sender_name,
        title,
        body,
        public,
        ctx.msg.message_id,
        ctx.msg.at,
        channel=channel,
    )
    return receipt_text(unit, receipt, proxy=True)


# Ways an item might reach the office that the ledger does not take as a channel: an admin who writes one
# means a channel, so it is refused rather than left in the body while the item is recorded as 邮件.
NOT_CHANNELS = ("微信", "微信群", "企业微信", "政务微信", "钉钉", "短信", "传真", "口头", "当面", "纸质", "OA")


def _channel(text: str) -> tuple[str, str]:
    """The channel named first or last (default 邮件), and the text without it."""
    words = text.split()
    for index in (0, -1):
        if len(words) > 1 and name_key(words[index]).upper() in NOT_CHANNELS:
            raise EntryError(
                f"未知报送渠道「{words[index]}」。可用：邮件、QQ、电话（不写为邮件）。"
                f"如「{words[index]}」是正文的一部分，请与正文连写、不用空格隔开。\n管理员代登记报送：{PROXY_USAGE}"
            )
        if words and name_key(words[index]).upper() in CHANNELS:
            channel = CHANNELS[name_key(words[index]).upper()]
            if index == 0:
                return channel, text.split(None, 1)[1] if len(words) > 1 else ""
            return channel, text[: text.rstrip().rfind(words[-1])].strip()
    return "邮件", text


def item(text: str, what: str) -> tuple[str, str]:
    """Title and body of an item a liaison sends (报送, 约稿, 紧急信息); an over-long title moves into the body."""
    title, body = title_and_body(text)
    if not title:
        raise EntryError(f"{what}内容是空的。")
    if len(title) > 80:
        title, body = title[:80] + "…", f"{title}\n{body}".strip()
    return title, body


def attach_hint(ctx: Context) -> str:
    """How a liaison sends a document with an item: which types, how soon, and where (on 企业微信 the bot
    receives files one-to-one only)."""
    bot = ctx.office.config.bot
    return (
        f"附件（{'、'.join(bot.attachment_types)}）请在报送前后 {bot.attach_minutes} 分钟内发来："
        "微信发到群里或私聊机器人，企业微信请私聊机器人发送"
    )


@on_file
def file_posted(ctx: Context) -> None:
    """A document from a liaison goes with the submission sent just before or after it."""
    file = ctx.msg.file
    if file is None or (ctx.unit is None and not ctx.is_admin):
        return  # not from anyone the office knows: stay quiet
    if ctx.unit is None:
        ctx.reply(
            f"未保存文件「{file.name}」：文件只作为信息员本单位报送的附件保存，您没有绑定单位。{attach_hint(ctx)}。"
        )
        return
    if not ctx.office.submissions.accepts(file):
        ctx.reply(
            f"未保存文件「{file.name}」：只收 {'、'.join(ctx.office.config.bot.attachment_types)} 附件。"
            f"{attach_hint(ctx)}。"
        )
        return
    problem = ctx.office.submissions.content_problem(file)
    if problem:
        ctx.reply(problem)
        return
    sub = ctx.office.submissions.store_file(ctx.msg.sender_id, file, ctx.msg.message_id, ctx.msg.at)
    if sub is not None:
        ctx.reply(f"已将附件「{file.name}」附到报送 #{sub.id}《{sub.title}》。")
    else:  # never silence: one-to-one, silence reads as "not received"
        ctx.reply(
            f"已收到文件「{file.name}」。请在 {ctx.office.config.bot.attach_minutes} 分钟内发送 #报送，它会作为附件。"
        )
