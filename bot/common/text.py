"""Text normalisation shared by the chat router, the importer and name lookup."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")
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


def text_key(title: str, body: str) -> str:
    """A submission's text regardless of spacing and full/half width (repeats are spotted by it)."""
    folded = _SPACES.sub("", nfkc(f"{title}\n{body}"))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
