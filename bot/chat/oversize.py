"""Messages too long to handle: refused with a reply, and only a short prefix kept in the database."""

from __future__ import annotations

STORED_PREFIX = 1000  # characters of a refused message kept, enough to see what it was
FIELD_CHARS = 200  # a sender's name, a group's name, a file's name as stored with the message


def too_long(text: str, limit: int) -> bool:
    return len(text) > limit


def stored_text(text: str, limit: int) -> str:
    """The text as stored: whole when it may be handled, else its first STORED_PREFIX characters and a note."""
    if not too_long(text, limit):
        return text
    return f"{text[:STORED_PREFIX]}…【共 {len(text)} 字，超过 {limit} 字的上限，未处理，只存开头 {STORED_PREFIX} 字】"


def field(value: str | None) -> str | None:
    return value if value is None or len(value) <= FIELD_CHARS else value[:FIELD_CHARS] + "…"


def refusal(length: int, limit: int) -> str:
    return (
        f"这条消息有 {length} 字，超过了 {limit} 字的上限，机器人没有处理。"
        "请分成几条发送，长文请作为 docx 或 pdf 附件发送。"
    )
