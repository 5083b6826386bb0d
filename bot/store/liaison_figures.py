"""Queries for the per-liaison figures: a year's bindings, items sent, 约稿 answers and 紧急信息 reports."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.common.clock import TZ
from bot.model.liaisons import EmergencyReport, LiaisonBinding, SentItem, SolicitationAnswer


def _at(text: str) -> datetime:
    """A stored moment; one written without a zone (an old or imported row) is Beijing time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _maybe_at(text: str | None) -> datetime | None:
    """A moment from a column that may be empty."""
    return _at(text) if text else None


def _span(year: int) -> list[str]:
    return [f"{year}-01-01", f"{year + 1}-01-01"]


class LiaisonFigureQueries:
    db: Database

    def year_bindings(self, year: int) -> list[LiaisonBinding]:
        """Confirmed bindings that were in force at some time in `year`."""
        start, end = _span(year)
        return [
            LiaisonBinding(
                r["contact_id"],
                r["contact_name"] or r["contact_id"],
                r["unit"],
                _at(r["confirmed_at"]),
                _maybe_at(r["ended_at"]),
            )
            for r in self.db.query(
                "SELECT * FROM bindings WHERE confirmed_at IS NOT NULL AND confirmed_at < ? "
                "AND (ended_at IS NULL OR ended_at >= ?) ORDER BY confirmed_at, id",
                [end, start],
            )
        ]

    def year_items(self, year: int) -> list[SentItem]:
        return [
            SentItem(r["id"], r["unit"], r["sender_id"], r["title"], _at(r["at"]), r["channel"])
            for r in self.db.query(
                "SELECT id, unit, sender_id, title, at, channel FROM submissions WHERE at >= ? AND at < ? ORDER BY id",
                _span(year),
            )
        ]

    def year_answers(self, year: int) -> list[SolicitationAnswer]:
        return [
            SolicitationAnswer(
                r["solicitation_id"], r["unit"], r["answered_by"], _at(r["answered_at"]), _at(r["deadline"])
            )
            for r in self.db.query(
                "SELECT u.solicitation_id, u.unit, u.answered_by, u.answered_at, s.deadline "
                "FROM solicitation_units u JOIN solicitations s ON s.id = u.solicitation_id "
                "WHERE u.answered_at >= ? AND u.answered_at < ? AND u.answered_by IS NOT NULL "
                "ORDER BY u.answered_at",
                _span(year),
            )
        ]

    def year_emergencies(self, year: int) -> list[EmergencyReport]:
        return [
            EmergencyReport(r["id"], r["unit"], r["sender_id"], _at(r["at"]), _maybe_at(r["event_at"]))
            for r in self.db.query(
                "SELECT id, unit, sender_id, at, event_at FROM emergencies WHERE at >= ? AND at < ? ORDER BY id",
                _span(year),
            )
        ]
