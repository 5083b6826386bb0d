"""Text normalisation shared by the chat router, the importer and name lookup."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# C0/C1 controls except tab and newline, and the bidi controls (LRM, RLM, ALM, embeddings, overrides,
# isolates) that can make echoed text read backwards. WeChat's U+2005 after @name is a space, not these.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_BRACKETS = str.maketrans("", "", "《》〈〉<>「」『』【】")


def nfkc(text: str) -> str:
    """Full-width letters, digits and punctuation become their ASCII forms; Ⅳ becomes IV."""
    return unicodedata.normalize("NFKC", text)


def name_key(text: str) -> str:
    """The form names are compared in: NFKC, no spaces, no title brackets.

    「济  办」, 「《上街信息》」 and 「纪委（监委）」 all reduce to one key each.
    """
    return _SPACES.sub("", nfkc(text)).translate(_BRACKETS)


def clean_cell(value: object) -> str:
    """A spreadsheet cell as trimmed text, as typed (titles keep their punctuation)."""
    if value is None:
        return ""
    return str(value).strip()


def strip_controls(text: str) -> str:
    """Text safe to echo into a chat: no control or bidi-override characters."""
    return _CONTROLS.sub("", text)


def text_key(title: str, body: str) -> str:
    """A submission's text regardless of spacing and full/half width (repeats are spotted by it)."""
    folded = _SPACES.sub("", nfkc(f"{title}\n{body}"))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def person(name: str | None, contact_id: str) -> str:
    """「张三（zhangsan）」 for a named contact; just the id when the network gave no name (企业微信 gives userids,
    so 「gaoge（gaoge）」 is never written)."""
    return f"{name}（{contact_id}）" if name and name != contact_id else contact_id
