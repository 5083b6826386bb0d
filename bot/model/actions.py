"""What an outgoing message asks the reader to decide: the commands it offers, network-neutral.

A `Prompt` is one decision (a binding request, one unit's deduction proposal…): a title and the actions
that settle it. Each action is the very command an admin could type; its `choices` (such as the reasons
for 不扣分) complete that command, and `OTHER` stands for «something else: I will type it». Only a
transport decides how to show them (企业微信: a button card; WeChat and the console: the text as it is,
which already ends with the commands to type)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

OTHER = "其他"  # the choice that runs the command without a choice: the workflow asks for a typed reply


@dataclass(frozen=True)
class Action:
    label: str  # 确认扣分
    command: str  # /确认扣分 4
    choices: tuple[str, ...] = ()  # each click runs «command choice»; OTHER runs the command bare

    def runs(self) -> list[tuple[str, str]]:
        """(what a button shows, the command it runs), one per choice, or the action itself."""
        if not self.choices:
            return [(self.label, self.command)]
        return [
            (
                f"{self.label}：{c}" if c != OTHER else f"{self.label}：{OTHER}",
                self.command if c == OTHER else f"{self.command} {c}",
            )
            for c in self.choices
        ]


@dataclass(frozen=True)
class Prompt:
    title: str  # 扣分提议 #4 城管局 约稿迟报 −5
    subject: str  # what it decides, e.g. proposal:4 (the card shows its state once decided)
    actions: tuple[Action, ...] = field(default_factory=tuple)
    detail: str = ""

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "subject": self.subject,
            "detail": self.detail,
            "actions": [{"label": a.label, "command": a.command, "choices": list(a.choices)} for a in self.actions],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Prompt":
        return cls(
            data["title"],
            data["subject"],
            tuple(Action(a["label"], a["command"], tuple(a.get("choices") or ())) for a in data["actions"]),
            data.get("detail") or "",
        )


def dump_prompts(prompts: tuple[Prompt, ...]) -> str | None:
    return json.dumps([p.to_json() for p in prompts], ensure_ascii=False) if prompts else None


def load_prompts(text: str | None) -> tuple[Prompt, ...]:
    return tuple(Prompt.from_json(p) for p in json.loads(text)) if text else ()
