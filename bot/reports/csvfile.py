"""The bulletin as CSV in UTF-8 with BOM, which Excel and WPS open with the right encoding."""
from __future__ import annotations

import csv
import io

from bot.reports.table import BulletinTable


def render_csv(table: BulletinTable) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")
