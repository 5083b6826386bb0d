"""Realistic synthetic ledgers: 53 units, weekly submissions at quota, adoptions at realistic rates.

About 10k ledger rows make one year. Larger sizes add earlier years at the same density
(the database grows year by year), or, with `one_year=True`, pack every row into one year
(the worst case for a year-to-date query).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from bot.settings import Config
from bot.store import Store

ROWS_PER_YEAR = 10_000
# (publication, grade, weight): most adoptions are district single items and briefs.
ADOPTIONS = [
    ("上街信息", "单条", 40),
    ("上街信息", "简讯", 20),
    ("上街信息", "综合", 5),
    ("上街信息", "专期", 2),
    ("上街信息微信公众号", "单条", 15),
    ("上街信息微信公众号", "简讯", 5),
    ("郑州信息", "单条", 6),
    ("郑州信息", "简讯", 3),
    ("郑州信息", "专期", 1),
    ("信息调研", "单条", 1),
    ("工作交流", "单条", 1),
    ("上街政研", "采用", 1),
]
KINDS = [("adoption", 85), ("instruction", 5), ("training", 3), ("award", 4), ("deduction", 3)]


def entry_rows(config: Config, rows: int, last_year: int, one_year: bool = False, seed: int = 7):
    rng = random.Random(seed)
    units = [u.name for u in config.units.assessed(2019)]
    pubs = [(p, g) for p, g, w in ADOPTIONS for _ in range(w)]
    kinds = [k for k, w in KINDS for _ in range(w)]
    deductions = ["约稿迟报", "约稿应付", "联系人变动未报"]
    recorded = datetime(last_year, 1, 1, 9, 0).isoformat() + "+08:00"
    for i in range(rows):
        year = last_year if one_year else last_year - i // ROWS_PER_YEAR
        day = date(year, 1, 1) + timedelta(days=rng.randrange(0, 330))
        kind = rng.choice(kinds)
        row = {
            "kind": kind,
            "unit": rng.choice(units),
            "date": day.isoformat(),
            "quantity": 1,
            "recorded_by": "bench",
            "recorded_at": recorded,
            "source": "synth",
        }
        if kind == "adoption":
            pub, grade = rng.choice(pubs)
            title = f"信息{rng.randrange(rows // 3 + 1)}"
            row.update(publication=pub, grade=grade, title=title, item_key=title)
        elif kind == "instruction":
            row["level"] = rng.choice(["区", "区", "市", "省"])
        elif kind == "training":
            row["quantity"] = rng.randint(1, 3)
        elif kind == "award":
            row["award_kind"] = "优质信息"
        else:
            row["deduction_kind"] = rng.choice(deductions)
        yield row


def fill(store: Store, config: Config, rows: int, last_year: int, one_year: bool = False) -> None:
    columns = [
        "kind",
        "unit",
        "date",
        "quantity",
        "publication",
        "grade",
        "level",
        "award_kind",
        "deduction_kind",
        "title",
        "item_key",
        "recorded_by",
        "recorded_at",
        "source",
    ]
    sql = f"INSERT INTO entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    batch = []
    with store.atomic():
        for row in entry_rows(config, rows, last_year, one_year):
            batch.append([row.get(c) for c in columns])
            if len(batch) == 10_000:
                store.db.conn.executemany(sql, batch)
                batch = []
        if batch:
            store.db.conn.executemany(sql, batch)
