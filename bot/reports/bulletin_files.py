"""The files the monthly bulletin post attaches: the ranking image and the Excel table."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from bot.reports.fonts import NoCjkFont
from bot.reports.image import render_png
from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_xlsx
from bot.scoring import Scoreboard
from bot.settings.rules import RuleBook

log = logging.getLogger(__name__)


def bulletin_files(directory: Path, rules: RuleBook) -> Callable[[Scoreboard], list[Path]]:
    """A renderer for App.bulletin_renderer: writes 排名_*.png (when a CJK font exists) and 通报表_*.xlsx."""

    def render(board: Scoreboard) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = f"{board.period.start:%Y%m%d}-{board.period.end:%Y%m%d}"
        made = []
        try:
            png = directory / f"排名_{stamp}.png"
            png.write_bytes(render_png(board, rules))
            made.append(png)
        except NoCjkFont as exc:  # never post boxes: the text summary goes out alone
            log.warning("monthly bulletin without image: %s", exc)
        xlsx = directory / f"通报表_{stamp}.xlsx"
        xlsx.write_bytes(render_xlsx(bulletin_table(board, rules)))
        made.append(xlsx)
        return made

    return render
