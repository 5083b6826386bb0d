"""Pure scoring: ledger facts + rules + targets → a ranked scoreboard. No I/O here."""

from bot.scoring.board import Scoreboard, ScoreLine, UnitScore
from bot.scoring.engine import score
from bot.scoring.period import Period, PeriodError
from bot.scoring.points import entry_points

__all__ = ["Period", "PeriodError", "ScoreLine", "Scoreboard", "UnitScore", "entry_points", "score"]
