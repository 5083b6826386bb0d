"""Normalise a message once, so commands match however they were typed.

Only the command head is folded (NFKC, ＃→#, ／→/); a submission's body keeps its
full-width punctuation, which is part of the text the office will publish.
"""

from __future__ import annotations

import re

from bot.common.text import nfkc

MENTION_SPACE = "\u2005"  # WeChat puts this after @name
# A WeChat reply: 「name：quoted text」, a line of dashes, then what the sender actually wrote.
_QUOTE = re.compile(r"^「[^」]*」\s*\n\s*(?:-\s*){5,}\n", re.S)
_LEADING_MENTIONS = re.compile(r"^(?:@[^\u2005\s]+[\u2005\s]+)+")
_TITLE = re.compile(r"《([^《》]+)》|【([^【】]+)】")


def clean(text: str) -> str:
    """Drop a quoted reply, leading @mentions and WeChat's U+2005; fold the command prefix; trim."""
    text = (text or "").replace("\r\n", "\n").replace(MENTION_SPACE, " ").strip()
    text = _QUOTE.sub("", text, count=1).strip()
    text = _LEADING_MENTIONS.sub("", text).lstrip()
    if text[:1] in ("＃", "／"):
        text = {"＃": "#", "／": "/"}[text[0]] + text[1:]
    return text


def head_key(text: str) -> str:
    """The form command names are compared in: NFKC, no spaces inside."""
    return re.sub(r"\s+", "", nfkc(text))


def split_args(text: str) -> list[str]:
    """Arguments split on spaces; 《…》 and 【…】 stay whole, even with spaces inside."""
    tokens: list[str] = []
    pos = 0
    for m in _TITLE.finditer(text):
        tokens += nfkc(text[pos : m.start()]).split()
        tokens.append(m.group(0))
        pos = m.end()
    tokens += nfkc(text[pos:]).split()
    return tokens


def title_and_body(text: str) -> tuple[str, str]:
    """Title from the first 《…》 or 【…】, else the first line; the body is the rest."""
    text = text.strip()
    m = _TITLE.search(text)
    if m:
        title = (m.group(1) or m.group(2)).strip()
        body = (text[: m.start()] + text[m.end() :]).strip()
        return title, body
    first, _, rest = text.partition("\n")
    return first.strip(), rest.strip()


def is_bracketed(token: str) -> bool:
    return bool(_TITLE.fullmatch(token))


def unbracket(token: str) -> str:
    m = _TITLE.fullmatch(token)
    return (m.group(1) or m.group(2)).strip() if m else token


# The 公众号 tag in its long or short form, anywhere in a message (the rules only say 「注明」 it).
PUBLIC_TAG = re.compile(r"[#＃]\s*(?:上街信息)?\s*(?:微信)?\s*公众号\s*[#＃]?")
# A liaison's tags; a message that mentions one but cannot be read as it gets told the right form.
ITEM_TAG = re.compile(r"[#＃]\s*(报\s*送|约\s*稿|紧\s*急)")
# 「科长好，#报送 …」: a short greeting may come before the tag on the first line.
_GREETING = re.compile(
    r"^[^\n#＃/／《》【】]{1,20}?[\s,，.。!！:：;；~～]*"
    r"(?=[#＃]\s*(?:报\s*送|约\s*稿|紧\s*急|(?:上街信息)?\s*(?:微信)?\s*公众号))"
)


def lift_tag(text: str) -> str | None:
    """Another reading of a message that did not start with a command, or None.

    A short greeting before a tag on the first line is dropped; a message carrying the 公众号 tag
    anywhere is a submission (the handler reads the tag again from the raw text)."""
    m = _GREETING.match(text)
    lifted = text[m.end() :] if m else text
    if not ITEM_TAG.match(lifted) and PUBLIC_TAG.search(lifted):
        rest = PUBLIC_TAG.sub(" ", lifted).strip()
        if ITEM_TAG.match(rest):  # 「#公众号# #报送 【…】」: the tag that follows is the command
            return rest
        if not _looks_like_item(rest):  # 「请关注 #公众号# 推送」 is chat; the router shows the right form
            return None
        lifted = "#报送 " + rest
    return lifted if lifted != text else None


def _looks_like_item(text: str) -> bool:
    """An item has a 【标题】 or 《标题》, or a title line and a body."""
    return bool(_TITLE.search(text)) or ("\n" in text.strip() and len(text) >= 20)


# The first word of a message, as a tag would stand: 「#报道」, 「＃ 報送」, 「报送」.
_HEAD_WORD = re.compile(r"^([#＃]?)\s*([\u3400-\u9fff]{2})(?![\u3400-\u9fff])")


def misspelt_tags(text: str, tags: list[str]) -> list[str]:
    """The item tags (#报送, #约稿, …) a message that is none of them seems meant to start with.

    「#报道」, 「#報送」, 「#约搞」: a # and a two-character word sharing one character, in place, with a tag.
    Without the #, only the tag's own word (「报送 【标题】正文」) and only when the message looks like an item."""
    m = _HEAD_WORD.match(text)
    if m is None:
        return []
    hashed, word = bool(m.group(1)), m.group(2)
    if not hashed:
        exact = [t for t in tags if t[1:] == word]
        return exact if exact and _TITLE.search(text) else []
    return [t for t in tags if len(t) == 3 and t[1:] != word and (t[1] == word[0] or t[2] == word[1])]
