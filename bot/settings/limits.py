"""bot.yaml's `limits:` — what one member can make the bot store and say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.settings.reader import YamlFile

MIN_MESSAGE_CHARS = 500  # below this, ordinary submissions would be refused


@dataclass(frozen=True)
class LimitSettings:
    message_chars: int = 20000  # longer messages are refused; only a short prefix is stored
    replies_per_hour: int = 30  # replies to one sender per clock hour; admins are exempt


def parse_limits(f: YamlFile, data: Any) -> LimitSettings:
    m = f.mapping(data if data is not None else {}, "limits")
    f.unknown_keys(m, {"message_chars", "replies_per_hour"}, "limits")
    d = LimitSettings()
    chars = f.number(m.get("message_chars", d.message_chars), "limits.message_chars", minimum=MIN_MESSAGE_CHARS)
    per_hour = f.number(m.get("replies_per_hour", d.replies_per_hour), "limits.replies_per_hour", minimum=1)
    return LimitSettings(
        message_chars=d.message_chars if chars is None else chars,
        replies_per_hour=d.replies_per_hour if per_hour is None else per_hour,
    )
