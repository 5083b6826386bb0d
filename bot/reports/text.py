"""The bulletin as aligned text for a terminal or a chat message."""

from __future__ import annotations

from collections.abc import Sequence

import tabulate

from bot.reports.table import BulletinTable

tabulate.WIDE_CHARS_MODE = True  # CJK characters take two columns (needs wcwidth)


def render_text(table: BulletinTable) -> str:
    # Two header lines (区委采用 over 单条) keep the table narrow enough for a terminal.
    headers = [f"{c.group}\n{c.label}" if c.group else c.label for c in table.columns]
    align = ["left" if c.label == "单位" else "right" for c in table.columns]
    body = tabulate.tabulate(table.rows, headers=headers, tablefmt="simple", colalign=align, disable_numparse=True)
    return "\n".join([table.title, "", body, "", *[f"注：{n}" for n in table.notes]]) + "\n"


def render_rows_text(title: str, header: list[str], rows: list[list[object]], notes: Sequence[str] = ()) -> str:
    """Any titled list (优质信息统计表, …) as aligned text."""
    body = tabulate.tabulate(rows, headers=header, tablefmt="simple", disable_numparse=True) if rows else "（无）"
    return "\n".join([title, "", body, "", *notes]).rstrip("\n") + "\n"
