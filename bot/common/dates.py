"""A date as people and spreadsheets write it: 2019-05-03, 2019/5/3, 2019年5月3日, 20190503, or a cell's date."""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.common.errors import EntryError
from bot.common.text import clean_cell, nfkc

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = nfkc(clean_cell(value))
    if not text:
        raise EntryError("缺少日期。格式如：2019-05-03、2019/5/3 或 2019年5月3日。")
    m = _DATE.match(text)
    if m is None and re.fullmatch(r"\d{8}", text):
        m = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise EntryError(f"日期「{text}」无法识别。格式如：2019-05-03、2019/5/3 或 2019年5月3日。")
