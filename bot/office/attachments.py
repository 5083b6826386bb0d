"""Attachments as kept on disk: a name the filesystem accepts, and content that is what its extension says."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from bot.common.text import strip_controls

NAME_BYTES = 200  # a file name may have 255 bytes; room for the digest prefix and '.part'
EXTENSION_BYTES = 16  # a longer "extension" is part of the name
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # doc, wps, xls, et (Compound File Binary)


def _zip_with(part: str) -> Callable[[bytes], bool]:
    def check(data: bytes) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return part in z.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False

    return check


# What a real file of each type holds; a type not listed here is not checked.
SIGNATURES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "docx": ("Word 文档", _zip_with("word/document.xml")),
    "xlsx": ("Excel 表格", _zip_with("xl/workbook.xml")),
    "pdf": ("PDF 文件", lambda data: b"%PDF-" in data[:1024]),  # readers allow junk before the header
    "doc": ("Word 97-2003 文档", lambda data: data.startswith(OLE2)),
    "wps": ("WPS 文字文档", lambda data: data.startswith(OLE2)),
    "xls": ("Excel 97-2003 表格", lambda data: data.startswith(OLE2)),
}


def extension(name: str) -> str:
    suffix = Path(name).suffix
    return suffix.lower().lstrip(".") if len(suffix.encode("utf-8")) <= EXTENSION_BYTES else ""


def content_problem(name: str, data: bytes) -> str | None:
    """None when the content matches the extension; else a reply saying what is wrong and what to do."""
    ext = extension(name)
    known = SIGNATURES.get(ext)
    if known is None or known[1](data):
        return None
    shown = strip_controls(Path(name).name)[:60]
    return (
        f"附件「{shown}」的内容不是{known[0]}（.{ext}），可能已损坏或只是改了扩展名，没有保存。"
        f"请用 WPS 或 Word 重新保存为 .{ext} 后再发送。"
    )


def disk_name(name: str, max_bytes: int = NAME_BYTES) -> str:
    """A safe file name of at most `max_bytes` UTF-8 bytes, cut in the stem so the extension stays."""
    name = strip_controls(re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).name)).strip()
    ext = extension(name)
    suffix = f".{ext}" if ext else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = max_bytes - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore")  # never half a character
    return f"{stem}{suffix}" if stem else f"附件{suffix}"
