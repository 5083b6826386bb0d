"""Regenerate docs/ranking-example.png from made-up data: `.venv/bin/python docs/make_ranking_example.py`."""
from __future__ import annotations

import io
import random
import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

import bot.jobs  # noqa: E402, F401 - the `@job` declarations the config's schedule is checked against
from bot.common.clock import FixedClock  # noqa: E402
from bot.reports.image import render_png  # noqa: E402
from bot.services import Office  # noqa: E402
from bot.settings import load_config  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.office_data import seed_half_year  # noqa: E402


def main() -> None:
    svc = Office(load_config(ROOT / "config"), open_store(None), FixedClock(datetime(2019, 6, 30, 18)))
    seed_half_year(svc)
    rnd = random.Random(2019)
    drafts = []
    for unit in svc.config.units.assessed(2019)[:47]:
        for _ in range(rnd.choice([0, 1, 2, 3, 4, 6])):
            pub, grade = rnd.choice([("上街信息", "单条"), ("上街信息", "单条"), ("公众号", "综合"),
                                     ("郑州信息", "单条"), ("上街信息", "专期")])
            drafts.append(svc.drafts.adoption(unit.name, pub, grade, date(2019, rnd.randint(1, 6), 15)))
    svc.ledger.record(drafts, "example")
    png = Image.open(io.BytesIO(render_png(svc.scoreboard(), svc.config.rules)))
    small = png.resize((png.width * 6 // 10, png.height * 6 // 10), Image.LANCZOS)
    small.quantize(colors=64, dither=Image.Dither.NONE).save(ROOT / "docs" / "ranking-example.png", optimize=True)


if __name__ == "__main__":
    main()
