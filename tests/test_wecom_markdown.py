"""What the bot sends to 企业微信 renders as intended: rendered with markdown-it-py the way 企业微信 shows
markdown (every line end starts a new block, as /帮助's indented descriptions turning into code blocks
showed), no reply has an accidental code block, rule, heading or quote, and lists stay lists."""

from __future__ import annotations

from markdown_it import MarkdownIt

from bot.transports.wecom_text import FULL_WIDTH_SPACE, for_markdown
from tests.chatkit import ADMIN

ACCIDENTS = {"code_block", "fence", "hr", "heading_open", "blockquote_open"}


def blocks(markdown: str) -> set[str]:
    """The block tokens of `markdown` as 企业微信 lays it out: each line a block of its own."""
    return {t.type for t in MarkdownIt("commonmark").parse(markdown.replace("\n", "\n\n"))}


def test_the_rendering_sees_what_went_wrong():
    raw = "可用命令：\n/帮助\n    显示可用命令"
    assert "code_block" in blocks(raw)  # /帮助 as it was sent before


def test_help_for_an_admin_and_for_a_member_has_no_code_block(bot):
    for sender in (ADMIN, "wxid_someone"):
        text = bot.say(sender, "/帮助", private=True)
        assert "\n    " in text  # the descriptions are indented
        shown = for_markdown(text)
        assert not blocks(shown) & ACCIDENTS, sender
        assert f"\n{FULL_WIDTH_SPACE * 2}显示可用命令" in shown  # still indented, by full-width spaces


def test_lines_that_look_like_markup_are_shown_as_written():
    text = "```\n> 引用\n-----\n标题\n===\n~~~ 波浪\n***\n# 不是标题\n#报送 照旧"
    rendered = MarkdownIt("commonmark").render(for_markdown(text).replace("\n", "\n\n"))
    assert not blocks(for_markdown(text)) & ACCIDENTS
    for line in ("```", "&gt; 引用", "-----", "===", "~~~ 波浪", "***", "# 不是标题", "#报送 照旧"):
        assert line in rendered


def test_lists_stay_lists_and_bold_and_mentions_stay():
    text = "本周未完成：\n1. 济办\n2. 环保局\n- 备注\n**注意**：<@WangXiaoHong> 请补报"
    shown = for_markdown(text)
    assert shown == text
    kinds = blocks(shown)
    assert {"ordered_list_open", "bullet_list_open"} <= kinds and not kinds & ACCIDENTS
    assert "<strong>注意</strong>" in MarkdownIt("commonmark").render(shown)
