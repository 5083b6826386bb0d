"""Small real documents for tests: the bot refuses a file whose content does not match its extension."""

from __future__ import annotations

import io
import zipfile

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def docx_bytes(text: str = "正文") -> bytes:
    """A minimal Word package: a zip holding word/document.xml (what the bot checks for); the same bytes every time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, body in (
            ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
            ("word/document.xml", f'<?xml version="1.0"?><w:document><w:t>{text}</w:t></w:document>'),
        ):
            z.writestr(zipfile.ZipInfo(name, date_time=(2019, 6, 28, 10, 0, 0)), body)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
DOC = OLE2 + b"\x00" * 504
