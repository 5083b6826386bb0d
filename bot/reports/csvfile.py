"""Tables as CSV in UTF-8 with BOM, which Excel and WPS open with the right encoding; no field runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.reports.cells import csv_value
from bot.reports.table import BulletinTable


def render_csv(table: BulletinTable) -> bytes:
    return rows_csv(table.header, table.rows)


def rows_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_value(v) for v in header])
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
