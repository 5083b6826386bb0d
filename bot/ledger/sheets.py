"""Reading the office's CSV or Excel sheet into header-keyed rows with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from bot.common.errors import EntryError
from bot.common.text import clean_cell, name_key


def read_rows(path: Path, required: list[str], optional: list[str]) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield (line number, {column: cell}) for each non-blank data row.

    The header may sit below a title row; columns are matched ignoring spaces and width.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        raise EntryError(f"不支持的文件类型「{path.suffix or '无扩展名'}」。可用：.csv、.xlsx")
    wanted = {name_key(c): c for c in required + optional}
    header: dict[int, str] | None = None
    for line, cells in rows:
        texts = [clean_cell(c) for c in cells]
        if header is None:
            keys = [name_key(t) for t in texts]
            if name_key(required[0]) in keys and name_key(required[1]) in keys:
                header = _header(keys, texts, wanted, required)
            elif line >= 5:
                break
            continue
        if not any(texts):
            continue
        yield line, {name: cells[i] if i < len(cells) else None for i, name in header.items()}
    if header is None:
        raise EntryError(f"前 5 行中找不到表头。表头应为：{','.join(required)}（可另加：{'、'.join(optional)}）")


def _header(keys: list[str], texts: list[str], wanted: dict[str, str], required: list[str]) -> dict[int, str]:
    header: dict[int, str] = {}
    unknown = []
    for i, (key, text) in enumerate(zip(keys, texts)):
        if not key:
            continue
        if key in wanted:
            header[i] = wanted[key]
        else:
            unknown.append(text)
    missing = [c for c in required if c not in header.values()]
    problems = []
    if missing:
        problems.append(f"缺少列：{'、'.join(missing)}")
    if unknown:
        problems.append(f"未知列：{'、'.join(unknown)}")
    if problems:
        raise EntryError(
            f"表头有误（{'；'.join(problems)}）。应为：{','.join(required)}"
            f"，可另加：{'、'.join(c for c in wanted.values() if c not in required)}"
        )
    return header


def _csv_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    raw = path.read_bytes()
    # Excel and WPS on Chinese Windows save CSV as GBK unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise EntryError("无法识别文件编码，请另存为 UTF-8 的 CSV。")
    reader = csv.reader(io.StringIO(text, newline=""))
    for cells in reader:
        yield reader.line_num, list(cells)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise EntryError(f"无法打开 Excel 文件：{exc}") from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()
