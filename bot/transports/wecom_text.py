"""Text as 企业微信 takes it: markdown of at most 4096 bytes a message, plain text made safe for markdown,
and an xlsx as markdown tables when a file cannot be uploaded."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

MAX_BYTES = 4000  # 企业微信 caps markdown content at 4096 bytes (UTF-8); keep a margin


FULL_WIDTH_SPACE = "\u3000"
# A line that markdown would take for a fence, a quote, a heading, a thematic break or a setext underline.
MARKUP_LINE = re.compile(r"^(`{3,}|~{3,}|>|#{1,6}(\s|$)|(?:[-=_*]\s*){3,}$)")


def for_markdown(text: str) -> str:
    """The bot's plain text as markdown that shows it as written: 企业微信 starts a new block at every line
    end, so an indented line (/帮助's descriptions) would become a code block. Indentation becomes
    full-width spaces, and a line that would open a fence, a quote, a heading or a rule is escaped. Lists ("1. ", "- ") stay lists; bold, links and mentions stay as they are."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        if MARKUP_LINE.match(body):
            body = "\\" + body
        lines.append(FULL_WIDTH_SPACE * ((indent + 1) // 2) + body)
    return "\n".join(lines)


def markdown_chunks(text: str, limit: int = MAX_BYTES, header: list[str] | None = None) -> list[str]:
    """Split on line ends into pieces of at most `limit` bytes; a table's header starts every piece."""
    head = header or []
    chunks: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        while len(line.encode()) > limit:  # one overlong line: cut it by characters
            cut = len(line.encode()[:limit].decode(errors="ignore"))
            lines, chunks = _flush(lines, chunks, head)
            chunks.append(line[:cut])
            line = line[cut:]
        if lines and len("\n".join(lines + [line]).encode()) > limit:
            lines, chunks = _flush(lines, chunks, head)
            lines = list(head)
        lines.append(line)
    _flush(lines, chunks, head)
    return chunks


def _flush(lines: list[str], chunks: list[str], head: list[str]) -> tuple[list[str], list[str]]:
    if lines and lines != head:
        chunks.append("\n".join(lines))
    return [], chunks


def xlsx_tables(path: Path, limit: int = MAX_BYTES) -> list[str]:
    """The workbook's first sheet as markdown: one-cell rows as lines, the first wide row as the header."""
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    lines: list[str] = []
    header: list[str] = []
    for row in sheet.iter_rows(values_only=True):
        cells = [_cell(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if not any(cells):
            continue
        if sum(1 for c in cells if c) < 3 and not header:
            lines.append(f"**{' '.join(c for c in cells if c)}**")
        elif not header:
            header = [_row(cells), "|" + "---|" * len(cells)]
            lines += header
        else:
            lines.append(_row(cells))
    return markdown_chunks("\n".join(lines), limit, header)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("|", "｜").replace("\n", " ").strip()


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
