"""Bring a scoreboard up to date by recomputing only the rows whose facts changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.model.facts import Entry
from bot.scoring.board import Scoreboard
from bot.scoring.engine import rank, score
from bot.settings.rules import RuleBook
from bot.settings.units import UnitDirectory


def rescore(
    board: Scoreboard, unit_names: set[str], entries: Iterable[Entry], units: UnitDirectory, rules: RuleBook
) -> Scoreboard:
    """`board` with the rows of `unit_names` rebuilt from `entries`, then ranked again; `board` is left as it was.

    `entries` must hold all of those units' facts that `score` would see for the board's period, and no
    other unit's. A row depends only on its own unit's facts (dedupe compares a unit's own adoptions), so
    each rebuilt row is the one `score` gives over the whole ledger: `score` stays the only definition
    of a row, and the ranking is the same `rank` it uses.
    """
    fresh = score(entries, units, rules, board.period)
    rows = [fresh.row(r.unit.name) if r.unit.name in unit_names else replace(r) for r in board.rows]
    return replace(board, rows=rank(rows), orphans=list(board.orphans))
