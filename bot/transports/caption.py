"""What every transport does with a file's caption (no chat SDK here: both transports use it)."""

from __future__ import annotations

from pathlib import Path


def caption_only(text: str, file_path: str) -> bool:
    """A caption that only repeats the file's name is not sent: the file speaks for itself."""
    return not text.strip() or text.strip() == f"附件：{Path(file_path).name}"
