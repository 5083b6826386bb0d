"""Who stays at the top or the bottom across several rankings (the quarter's three month-end boards)."""

from __future__ import annotations

from bot.scoring.board import Scoreboard


def persistent(boards: list[Scoreboard], size: int) -> tuple[list[str], list[str]]:
    """Units in the top `size` of every board, and units in the bottom `size` of every board.

    Units tied with the one at the edge count in, since the tie-break (config order) says nothing
    about their work; a tie that spans both edges (e.g. a month where most units have 0) marks nobody.
    Both lists follow the last board's order.
    """
    if not boards:
        return [], []
    tops, bottoms = zip(*(_ends(b, size) for b in boards))
    leading, lagging = set.intersection(*tops), set.intersection(*bottoms)
    order = [r.unit.name for r in boards[-1].rows]
    return [u for u in order if u in leading], [u for u in order if u in lagging]


def _ends(board: Scoreboard, size: int) -> tuple[set[str], set[str]]:
    rows = board.rows
    if not rows or size < 1:
        return set(), set()
    k = min(size, len(rows))
    top_cut, bottom_cut = rows[k - 1].ratio, rows[-k].ratio
    top = {r.unit.name for r in rows if r.ratio >= top_cut and r.ratio > bottom_cut}
    bottom = {r.unit.name for r in rows if r.ratio <= bottom_cut and r.ratio < top_cut}
    return top, bottom
