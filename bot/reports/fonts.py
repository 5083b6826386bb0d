"""Finding a font that really draws Chinese, so an image never shows boxes instead of characters.

A font only counts if it has glyphs for the characters: fontconfig happily "matches" DejaVu for
`:lang=zh` on a machine without CJK fonts, and a glyph-less character renders as the font's
.notdef box. So every candidate is checked by rendering, not trusted by name.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

# Characters every candidate must draw before it is chosen.
PROBE = "上街区各单位信息采用情况通报表序号累计得分目标任务占比"

INSTALL_HINT = "请管理员安装中文字体：apt-get install fonts-noto-cjk fontconfig（或在项目目录运行 make fonts）。"

# Where Debian and other systems put common CJK fonts, for machines without fontconfig's tools.
# (path, face index): Noto Sans CJK collections hold JP, KR, SC, TC, HK; index 2 is SC.
KNOWN_REGULAR = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
]
KNOWN_BOLD = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
]


class NoCjkFont(RuntimeError):
    """No usable Chinese font: callers fall back to text rather than post boxes."""

    def __init__(self, detail: str = ""):
        self.detail = detail or "未找到能显示中文的字体"
        super().__init__(f"{self.detail}，无法生成图片（否则汉字会显示成方框）。{INSTALL_HINT}")


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.path), size, index=self.index)

    @property
    def name(self) -> str:
        try:
            family, style = self.load(12).getname()
        except OSError:
            return self.path.name
        return f"{family} {style}".strip()


@dataclass(frozen=True)
class CjkFont:
    regular: FontFace
    bold: FontFace | None = None  # None: draw bold text with a thin stroke instead

    @property
    def name(self) -> str:
        return self.regular.name


def find_cjk_font() -> CjkFont | None:
    """The first installed font that draws every character of PROBE; with its bold face if any."""
    regular = _first_covering(_candidates(bold=False))
    if regular is None:
        return None
    bold = _first_covering(_candidates(bold=True))
    return CjkFont(regular, bold if bold != regular else None)


def missing_glyphs(face: FontFace, text: str, size: int = 32) -> list[str]:
    """Characters of `text` the face would draw as its .notdef box (whitespace is ignored)."""
    font = face.load(size)
    notdef = _bitmap(font, "\U0010fffd")  # a private-use code point no font maps
    return sorted(ch for ch in set(text) if not ch.isspace() and _bitmap(font, ch) == notdef)


def require_glyphs(font: CjkFont, text: str) -> None:
    """Raise NoCjkFont if any character of `text` would come out as a box."""
    faces = [font.regular] + ([font.bold] if font.bold else [])
    for face in faces:
        missing = missing_glyphs(face, text)
        if missing:
            raise NoCjkFont(f"字体「{face.name}」缺少这些字的字形：{''.join(missing)}")


def _bitmap(font: ImageFont.FreeTypeFont, ch: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(ch)
    return mask.size, bytes(mask)


def _first_covering(faces: Iterable[FontFace]) -> FontFace | None:
    seen = set()
    for face in faces:
        if face in seen or not face.path.is_file():
            continue
        seen.add(face)
        try:
            if not missing_glyphs(face, PROBE):
                return face
        except OSError:  # unreadable or not a font FreeType knows
            continue
    return None


def _candidates(bold: bool) -> Iterator[FontFace]:
    weight = ":weight=bold" if bold else ""
    yield from _fc("fc-match", "-f", "%{file}\t%{index}\n", f"sans-serif:lang=zh-cn{weight}")
    if not bold:
        listed = list(_fc("fc-list", "-f", "%{file}\t%{index}\t%{family}\t%{style}\n", ":lang=zh", with_names=True))
        yield from (face for face, _ in sorted(listed, key=lambda item: _preference(item[1])))
    for path, index in KNOWN_BOLD if bold else KNOWN_REGULAR:
        yield FontFace(Path(path), index)


def _preference(names: str) -> tuple[int, int, int]:
    """Simplified-Chinese sans regular faces first; monospace and serif last."""
    low = names.lower()
    return (
        0 if any(k in low for k in ("sc", "cn", "hans", "wenquanyi", "hei")) else 1,
        1 if ("mono" in low or "serif" in low or "ming" in low) else 0,
        0 if ("regular" in low or "book" in low or "normal" in low) else 1,
    )


def _fc(*argv: str, with_names: bool = False) -> Iterator:
    if shutil.which(argv[0]) is None:
        return
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return
    for line in out.splitlines():
        parts = line.split("\t")
        if not parts[0]:
            continue
        index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        face = FontFace(Path(parts[0]), index)
        yield (face, "\t".join(parts[2:])) if with_names else face
