"""Looking up a unit, publication or grade by what a person typed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.common.text import name_key


LONG_LIST = 15  # more valid names than this are not all listed in a reply


class UnknownName(ValueError):
    """A name that matches nothing, or more than one thing; says what is valid."""

    def __init__(self, kind: str, given: str, valid: list[str], near: list[str], ambiguous: bool = False):
        self.kind = kind
        self.given = given
        self.valid = valid
        self.near = near
        self.ambiguous = ambiguous
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.ambiguous:
            return f"{self.kind}「{self.given}」不止一个，请写明：{'、'.join(self.near)}。"
        if not self.given:
            return f"缺少{self.kind}。可用：{'、'.join(self.valid)}。"
        text = f"未知{self.kind}「{self.given}」。"
        if self.near:
            text += f"您是不是要找：{'、'.join(self.near)}？"
        if len(self.valid) > LONG_LIST:  # 53 unit names would flood the group
            return (
                text
                + f"请写{self.kind}的全称、简称或常用别名（共 {len(self.valid)} 个，如：{'、'.join(self.valid[:3])}）。"
            )
        return text + f"可用：{'、'.join(self.valid)}。"


class NameIndex:
    """Canonical names plus aliases, compared by `name_key` (spacing, width, 《》 ignored)."""

    def __init__(self, kind: str, entries: Iterable[tuple[str, Iterable[str]]]):
        self.kind = kind
        self.canonical: list[str] = []
        self._keys: dict[str, list[str]] = {}
        for name, aliases in entries:
            self.canonical.append(name)
            for spelling in (name, *aliases):
                targets = self._keys.setdefault(name_key(spelling), [])
                if name not in targets:
                    targets.append(name)

    def conflicts(self) -> dict[str, list[str]]:
        """Spellings that point to more than one name (a config mistake unless intended)."""
        return {k: v for k, v in self._keys.items() if len(v) > 1}

    def resolve(self, given: str) -> str:
        key = name_key(given or "")
        targets = self._keys.get(key, [])
        if len(targets) == 1:
            return targets[0]
        shown = (given or "").strip().removeprefix("《").removesuffix("》")
        if len(targets) > 1:
            raise UnknownName(self.kind, shown, self.canonical, targets, ambiguous=True)
        if self.kind == "单位" and len(key) >= 2:
            # 「环保」 is 环保局 when no other unit's name contains it.
            inside = {t for spelling, ts in self._keys.items() if key in spelling for t in ts}
            if len(inside) == 1:
                return inside.pop()
        raise UnknownName(self.kind, shown, self.canonical, self.near(key))

    def near(self, key: str, limit: int = 3) -> list[str]:
        if not key:
            return []
        found: list[str] = []
        # A longer official name often contains the alias: 济源路街道办事处 ⊃ 济源路街道.
        for spelling, targets in self._keys.items():
            if len(spelling) >= 2 and (spelling in key or key in spelling):
                found += [t for t in targets if t not in found]
        for spelling in difflib.get_close_matches(key, list(self._keys), n=limit, cutoff=0.5):
            found += [t for t in self._keys[spelling] if t not in found]
        return found[:limit]
