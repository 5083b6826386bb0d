"""The text of a submission as it goes into an issue: its attached docx when there is one, else the message."""

from __future__ import annotations

import logging
from pathlib import Path

from docx import Document

from bot.common.text import name_key

log = logging.getLogger(__name__)


def paragraphs(title: str, body: str | None, attachment_paths: list[str]) -> tuple[str, ...]:
    """Non-empty paragraphs; a docx attachment wins over the message text, and its title line is dropped."""
    for path in attachment_paths:
        if Path(path).suffix.lower() == ".docx" and Path(path).is_file():
            found = docx_paragraphs(Path(path))
            if found:
                return _without_title(found, title)
    lines = [line.strip() for line in (body or "").splitlines()]
    return _without_title([line for line in lines if line], title)


def docx_paragraphs(path: Path) -> list[str]:
    """The text paragraphs of a Word document; an unreadable file gives none (the message text is used)."""
    try:
        document = Document(str(path))
    except Exception:  # noqa: BLE001 - a corrupt or mislabelled file must not stop the issue
        log.warning("cannot read the docx attachment %s", path, exc_info=True)
        return []
    return [p.text.strip() for p in document.paragraphs if p.text.strip()]


def _without_title(found: list[str], title: str) -> tuple[str, ...]:
    if found and name_key(found[0]) == name_key(title):
        found = found[1:]
    return tuple(found)
