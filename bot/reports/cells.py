"""Spreadsheet cells that can never run: the OWASP CSV-injection rule for every xlsx and CSV the bot writes.

Text beginning with = + - @ tab or CR is what Excel and WPS read as a formula (or DDE command).
Such text is written as text: in CSV behind a single quote, in xlsx as a string cell with quotePrefix and
the text number format "@" (so editing the cell in Excel keeps it text too). Numbers, dates and percents
stay what they are.
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value: object) -> object:
    """A CSV field: risky text gets a leading single quote, anything else is left alone."""
    return f"'{value}" if risky(value) else value


def put(cell: Cell, value: object) -> Cell:
    """Set an xlsx cell; text is always a string cell, never a formula (and never a control character,
    which xlsx cannot hold and openpyxl refuses)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl itself turns text starting with '=' into a formula
        if risky(value):
            cell.quotePrefix = True
            cell.number_format = "@"  # Excel's 「文本」 format, as docs/office-guide.md promises
    return cell
