"""The files the monthly bulletin post attaches: the ranking image and the Excel table."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from bot.reports.image import ranking_post
from bot.reports.table import bulletin_table
from bot.reports.xlsx import render_xlsx
from bot.scoring import Scoreboard
from bot.settings.rules import RuleBook

log = logging.getLogger(__name__)


def bulletin_files(directory: Path, rules: RuleBook) -> Callable[[Scoreboard], list[Path]]:
    """A renderer for App.bulletin_renderer: 排名_*.png and 通报表_*.xlsx.

    Without a CJK font the ranking goes out as 排名_*.txt, whose first line says why: the group
    never sees boxes instead of characters, and is told the image is missing.
    """

    def render(board: Scoreboard) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = f"{board.period.start:%Y%m%d}-{board.period.end:%Y%m%d}"
        post = ranking_post(board, rules)
        if post.image is not None:
            ranking = directory / f"排名_{stamp}.png"
            ranking.write_bytes(post.image)
        else:
            log.warning("monthly bulletin without image: no CJK font")
            ranking = directory / f"排名_{stamp}.txt"
            ranking.write_text(post.text, encoding="utf-8")
        xlsx = directory / f"通报表_{stamp}.xlsx"
        xlsx.write_bytes(render_xlsx(bulletin_table(board, rules)))
        return [ranking, xlsx]

    return render
