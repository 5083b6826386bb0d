"""The command tables in README.md and docs/, generated from the registry (`python -m bot.handlers.docs`
rewrites them; tests/test_docs.py checks they match). A table sits between two markers:
<!-- 命令表:信息员 --> … <!-- /命令表 -->; its audience is 信息员 (members and liaisons), 管理员, or 全部."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.chat.commands import Command, Registry, Role
from bot.handlers import build_registry

AUDIENCES = {
    "信息员": (Role.MEMBER, Role.LIAISON),
    "管理员": (Role.ADMIN,),
    "全部": (Role.MEMBER, Role.LIAISON, Role.ADMIN),
}
BLOCK = re.compile(r"(<!-- 命令表:(\S+) -->\n)(.*?)(<!-- /命令表 -->)", re.S)
ROOT = Path(__file__).resolve().parents[2]
FILES = ("README.md", "docs/commands.md", "docs/liaison-guide.md", "docs/office-guide.md")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return " ".join(f"`{_cell(part)}`" for part in text.split("；")) if text else ""


def table(commands: list[Command], audience: str) -> str:
    roles = AUDIENCES[audience]
    rows = ["| 命令 | 做什么 | 谁、在哪 | 例子 |", "|---|---|---|---|"]
    for c in commands:
        if c.role not in roles:
            continue
        also = f"（也可写 {'、'.join(c.aliases)}）" if c.aliases else ""
        who = f"{c.role.value}，{c.where.value}"
        rows.append(f"| `{_cell(c.usage)}` | {_cell(c.summary)}{_cell(also)} | {who} | {_code(c.example)} |")
    return "\n".join(rows) + "\n"


def rendered(text: str, registry: Registry) -> str:
    """`text` with every command table regenerated."""

    def fill(m: re.Match) -> str:
        if m.group(2) not in AUDIENCES:
            raise ValueError(f"unknown command table audience: {m.group(2)} (known: {', '.join(AUDIENCES)})")
        return m.group(1) + table(registry.commands, m.group(2)) + m.group(4)

    return BLOCK.sub(fill, text)


def main(argv: list[str]) -> int:
    registry = build_registry()
    for name in FILES:
        path = ROOT / name
        if not path.exists():
            continue
        text = path.read_text("utf-8")
        new = rendered(text, registry)
        if new != text:
            path.write_text(new, "utf-8")
            print(f"rewrote the command tables in {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
