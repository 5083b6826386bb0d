"""Stored rows → the model's dataclasses, so nothing above the store indexes a row by column name."""

from __future__ import annotations

from datetime import date, datetime

from bot.model.facts import Entry


def entry_of(row: dict) -> Entry:
    values = dict(row)
    values["date"] = date.fromisoformat(values["date"])
    values["recorded_at"] = datetime.fromisoformat(values["recorded_at"])
    return Entry(**values)
