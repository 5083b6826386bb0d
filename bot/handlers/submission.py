"""#报送 and documents posted with it."""
from __future__ import annotations

import re

from bot.chat.commands import Registry, Role, Where
from bot.chat.context import Context
from bot.chat.normalize import title_and_body
from bot.ledger.drafts import EntryError

PUBLIC_TAG = re.compile(r"[#＃]\s*上街信息微信公众号\s*[#＃]")


def register(reg: Registry) -> None:
    reg.command("#报送", usage="#报送 【标题】正文（供微信公众号的，加上 #上街信息微信公众号#）",
                summary="报送一条信息", role=Role.LIAISON, where=Where.GROUP,
                aliases=("#上街信息微信公众号#",))(submit)
    reg.on_file = on_file


def submit(ctx: Context) -> str:
    if ctx.unit is None:
        raise EntryError("您还没有绑定单位，无法报送。请先发送「/绑定 单位名」。")
    public = bool(PUBLIC_TAG.search(ctx.msg.text))
    title, body = item(PUBLIC_TAG.sub("", ctx.args), "报送")
    receipt = ctx.app.submissions.submit(ctx.unit, ctx.msg.sender_id, ctx.msg.sender_name, title, body,
                                         public, ctx.msg.message_id, ctx.msg.at)
    sub = receipt.submission
    if receipt.duplicate:
        return (f"这条信息已于 {sub.at:%-m月%-d日 %H:%M} 报送过（#{sub.id}《{sub.title}》），未重复登记。"
                f"{ctx.unit}本周已报送 {receipt.week_count} 条。")
    lines = [f"已收到 {ctx.unit} 报送 #{sub.id}《{sub.title}》" + ("（供微信公众号）" if public else "") + "。"]
    left = receipt.quota - receipt.week_count
    lines.append(f"本周第 {receipt.week_count} 条，每周任务 {receipt.quota} 条" +
                 (f"，还差 {left} 条。" if left > 0 else "，已完成。"))
    if receipt.attached:
        lines.append(f"附件：{'、'.join(receipt.attached)}")
    return "\n".join(lines)


def item(text: str, what: str) -> tuple[str, str]:
    """Title and body of an item a liaison sends (报送, 约稿, 紧急信息); an over-long title moves into the body."""
    title, body = title_and_body(text)
    if not title:
        raise EntryError(f"{what}内容是空的。")
    if len(title) > 80:
        title, body = title[:80] + "…", f"{title}\n{body}".strip()
    return title, body


def on_file(ctx: Context) -> None:
    """A document from a liaison goes with the submission sent just before or after it."""
    file = ctx.msg.file
    if file is None or ctx.unit is None or not ctx.app.submissions.accepts(file):
        return
    problem = ctx.app.submissions.content_problem(file)
    if problem:
        ctx.reply(problem)
        return
    sub = ctx.app.submissions.store_file(ctx.msg.sender_id, file, ctx.msg.message_id, ctx.msg.at)
    if sub is not None:
        ctx.reply(f"已将附件「{file.name}」附到报送 #{sub.id}《{sub.title}》。")
