"""Is a received file what its name says? A docx is a zip holding word/document.xml, a pdf starts with
%PDF, an old .doc/.wps is an OLE2 compound file. A renamed picture or archive is refused, not filed."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KIND = {"docx": "Word 文档（docx）", "pdf": "PDF 文件", "doc": "Word 文档（doc）", "wps": "WPS 文档"}


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def _is_wps(data: bytes) -> bool:
    return data.startswith(OLE2) or _is_docx(data)  # newer WPS saves .wps as OOXML


CHECKS = {"docx": _is_docx, "pdf": lambda d: d.lstrip()[:4] == b"%PDF", "doc": lambda d: d.startswith(OLE2),
          "wps": _is_wps}


def content_problem(name: str, data: bytes) -> str | None:
    """Why the file's content does not match its extension (Chinese, for the sender), or None."""
    ext = Path(name).suffix.lower().lstrip(".")
    check = CHECKS.get(ext)
    if check is None or check(data):
        return None
    return (f"文件「{name}」不是有效的 {ext} 文件（内容与扩展名不符），未保存。"
            f"请用 Office 或 WPS 另存为 {KIND[ext]} 后重新发送。")
