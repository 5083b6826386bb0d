"""Where units stand: past their annual target, on schedule, or at the bottom of the ranking."""

from __future__ import annotations

from fractions import Fraction

from bot.scoring import Scoreboard, UnitScore
from bot.scoring.attainment import completed

LOWEST = 5  # how many of the last-ranked units the ranking image marks


def time_progress(board: Scoreboard) -> Fraction:
    """时间进度: the share of the year passed at the end of the period, exactly."""
    return Fraction(board.period.year_elapsed()).limit_denominator(366)


def progress_label(board: Scoreboard) -> str:
    """时间进度 as people write it: 49.6%, or 50% when whole."""
    text = f"{float(time_progress(board)) * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def exceeded(board: Scoreboard) -> list[UnitScore]:
    """Units that have completed the annual target, in rank order: 累计得分 ≥ the target (任务占比 ≥ 100%)
    and every configured 省/市 part met."""
    return [r for r in board.rows if completed(r)]


def on_schedule(board: Scoreboard) -> list[UnitScore]:
    """Units whose 任务占比 is at least the time progress; includes those past their target."""
    progress = time_progress(board)
    return [r for r in board.rows if r.ratio >= progress]


def behind(board: Scoreboard) -> list[UnitScore]:
    progress = time_progress(board)
    return [r for r in board.rows if r.ratio < progress]


def lowest(board: Scoreboard, n: int = LOWEST) -> list[UnitScore]:
    """The last `n` units by rank, plus any tied with the n-th from the bottom.

    Ties are kept together so that two units with the same figures are never told apart by
    config order alone. When every unit ties (e.g. nothing recorded yet) nobody is singled out.
    """
    rows = [r for r in board.rows if r.ratio < 1]
    if n <= 0 or not rows:
        return []
    cut = rows[-min(n, len(rows))]
    marked = [r for r in rows if (r.ratio, r.total) <= (cut.ratio, cut.total)]
    if len(marked) > 2 * n:  # early in the year most units tie at 0%: only those below the tie stand out
        marked = [r for r in rows if (r.ratio, r.total) < (cut.ratio, cut.total)]
    return [] if len(marked) == len(board.rows) else marked


def crowded_tie(board: Scoreboard, n: int = LOWEST) -> tuple[int, int] | None:
    """(how many units, their 任务占比) when a tie at the bottom is too big to mark, else None."""
    rows = [r for r in board.rows if r.ratio < 1]
    if n <= 0 or not rows:
        return None
    cut = rows[-min(n, len(rows))]
    tied = [r for r in rows if (r.ratio, r.total) == (cut.ratio, cut.total)]
    below = [r for r in rows if (r.ratio, r.total) < (cut.ratio, cut.total)]
    return (len(tied), cut.percent) if len(tied) + len(below) > 2 * n else None
