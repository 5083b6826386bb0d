"""bot.yaml's `cards:` what the office's one-tap decisions offer (企业微信 button cards)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.settings.reader import YamlFile

MAX_REASONS = 4  # a card holds 6 buttons: 确认扣分, these reasons, and 其他
MAX_REASON_CHARS = 8  # 企业微信 advises button texts of at most about 10 characters (with 不扣分：)


@dataclass(frozen=True)
class CardSettings:
    dismiss_reasons: tuple[str, ...] = ("已电话报送", "已说明情况", "经同意延期")


def parse_cards(f: YamlFile, data: Any) -> CardSettings:
    m = f.mapping(data if data is not None else {}, "cards")
    f.unknown_keys(m, {"dismiss_reasons"}, "cards")
    if m.get("dismiss_reasons") is None:
        return CardSettings()
    reasons = tuple(dict.fromkeys(f.texts(m["dismiss_reasons"], "cards.dismiss_reasons")))
    if len(reasons) > MAX_REASONS:
        f.problem(
            "cards.dismiss_reasons",
            f"最多 {MAX_REASONS} 个原因（卡片上还要放「确认扣分」和「其他」），实际 {len(reasons)} 个",
        )
    for i, reason in enumerate(reasons):
        if len(reason) > MAX_REASON_CHARS or " " in reason:
            f.problem(f"cards.dismiss_reasons[{i}]", f"「{reason}」应为不超过 {MAX_REASON_CHARS} 个字、不含空格的短语")
    return CardSettings(reasons[:MAX_REASONS])
