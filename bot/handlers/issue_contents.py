"""The grammar of /组刊's contents: `单条 12 15 综合 《标题》 20+21+22 简讯 30` → the articles asked for."""

from __future__ import annotations

import re

from bot.common.errors import EntryError
from bot.common.text import nfkc
from bot.model.issues import Spec
from bot.settings.names import UnknownName
from bot.settings.rules import Publication

EXAMPLE = "单条 12 15 综合 20+21+22 简讯 30 31"
_GROUP = re.compile(r"^#?\d{1,12}(?:\+#?\d{1,12})*$")


def parse_contents(tokens: list[str], pub: Publication) -> list[Spec]:
    """A grade, then its articles; + joins one 综合; a 《标题》 names the article after it.

    `tokens` are the words as the chat layer split them, 《…》 kept whole.
    """
    specs: list[Spec] = []
    grade: str | None = None
    title: str | None = None
    used = True
    for token in _words(tokens):
        if token[:1] in "《【" and token[-1:] in "》】":
            title = token[1:-1].strip()
        elif _GROUP.match(token):
            if grade is None:
                raise EntryError(
                    f"报送编号「{token}」前缺少类型。写法如：{EXAMPLE}；类型可用：{'、'.join(pub.grades)}。"
                )
            specs.append(Spec(grade, title, tuple(int(t.lstrip("#")) for t in token.split("+"))))
            title, used = None, True
        else:
            if not used:
                raise EntryError(f"「{grade}」后缺少报送编号。")
            try:
                grade = pub.resolve_grade(token)
            except UnknownName as exc:
                raise EntryError(f"{exc}写法如：{EXAMPLE}。") from None
            used = False
    if not specs:
        raise EntryError(f"缺少本期内容。写法如：/组刊 {pub.name} 第23期 {EXAMPLE}。")
    if not used:
        raise EntryError(f"「{grade}」后缺少报送编号。")
    if title:
        raise EntryError(f"《{title}》后缺少报送编号：标题写在它所属文章的编号前面，如 综合 《{title}》 20+21+22。")
    return specs


def _words(tokens: list[str]) -> list[str]:
    """Split 12、15 and 12,15 apart; join 20 + 21 and 20+ 21 into 20+21."""
    words: list[str] = []
    for token in tokens:
        parts = [token] if token[:1] in "《【" else [p for p in re.split(r"[、，,；;]", nfkc(token)) if p]
        for part in parts:
            if words and (part.startswith("+") or words[-1].endswith("+")):
                words[-1] += part
            else:
                words.append(part)
    return words
