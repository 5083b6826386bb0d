"""A simulated month on 企业微信 at 2019 volumes for the 53 assessed units, in process over a model of the
documented rules (tests/wecom_model.py) and the real outbox delivery: every working day liaisons' #报送 (busy
mornings), each answered in the group; weekly quota reminders naming the lagging units' liaisons; 约稿 and 刊发
announcements with mentions; the monthly bulletin; quarterly letters to the leaders of 10 units, half of whom never
wrote to the bot. Counts: sent, refused for rate, lost, mentions via the webhook, letters handed to the admins."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.common.clock import TZ
from bot.model.message import Outgoing
from bot.outbox.queue import CHAT, OFFICE
from tests.chatkit import GROUP_ID
from tests.test_wecom_budget import Budgeted
from tests.wecom_model import FREQ_LIMIT

UNITS = 53
SUBMISSIONS = 420  # about 2019's monthly #报送 volume: 53 units, a weekly task of one or two each
LIAISONS = [f"liaison{i:02d}" for i in range(UNITS)]


def month_events(start: datetime, rng: random.Random) -> list[tuple[datetime, Outgoing, int]]:
    events = []
    days = [start + timedelta(days=d) for d in range(30) if (start + timedelta(days=d)).weekday() < 5]
    for i in range(SUBMISSIONS):
        day = rng.choice(days)
        minute = rng.choice([rng.randint(0, 30), rng.randint(0, 480)])  # half in the first half hour
        at = day.replace(hour=8, minute=30) + timedelta(minutes=minute, seconds=rng.randint(0, 59))
        events.append((at, Outgoing(f"已收到 报送 #{i + 1}。本周第 1 条", room_id=GROUP_ID), CHAT))
    for week, day in enumerate(d for d in days if d.weekday() == 4):
        lagging = rng.sample(LIAISONS, 30)
        events.append(
            (
                day.replace(hour=15),
                Outgoing(f"第{week + 1}周未完成报送任务的单位……", room_id=GROUP_ID, mentions=tuple(lagging)),
                OFFICE,
            )
        )
    for n in range(6):  # 约稿 and 刊发 announcements
        at = rng.choice(days).replace(hour=10)
        events.append((at, Outgoing(f"公告{n}", room_id=GROUP_ID, mentions=tuple(rng.sample(LIAISONS, 8))), OFFICE))
    events.append((days[0].replace(hour=9), Outgoing("【信息工作通报】……", room_id=GROUP_ID), OFFICE))
    for unit in range(10):  # quarterly letters, two leaders each
        for leader in ("a", "b"):
            events.append(
                (
                    days[0].replace(hour=9, minute=5),
                    Outgoing(f"季度提醒 单位{unit}", contact_id=f"leader{unit}{leader}"),
                    OFFICE,
                )
            )
    return sorted(events, key=lambda e: e[0])


def simulate(config, tmp_path) -> dict[str, int]:
    start = datetime(2019, 7, 1, tzinfo=TZ)
    bot = Budgeted(config, tmp_path, when=start)
    bot.model.known |= {a.contact_id for a in config.bot.admins}
    for unit in range(10):
        bot.store.note_wrote(f"leader{unit}a", "contact", start)  # one leader of each wrote to the bot once
    events = month_events(start, random.Random(2019))
    for at, out, priority in events:
        while bot.clock.now() < at:  # deliver what is due until the next event
            wait = bot.run_once()
            if wait is None or bot.clock.now() + timedelta(seconds=wait) >= at:
                bot.clock.set(at)
                break
            bot.clock.set(bot.clock.now() + timedelta(seconds=wait))
        bot.app.office.outbox.queue(out, priority=priority)
    bot.run_until_idle(limit=5000)
    rows = bot.harness.rows("outbox")
    statuses = [r["status"] for r in rows]
    return {
        "queued": len(events),
        "sent": statuses.count("sent"),
        "handed": statuses.count("handed"),
        "lost": statuses.count("failed") + statuses.count("pending"),
        "refused_rate": bot.model.refused[FREQ_LIMIT],
        "messages": len(bot.sent),
        "webhook_posts": bot.model.webhook_posts,
        "mentions": bot.model.mentioned,
    }


def test_a_month_at_2019_volumes_stays_within_the_limits(config, tmp_path):
    counts = simulate(config, tmp_path)
    print("\nsimulated month:", counts)
    assert counts["refused_rate"] == 0 and counts["lost"] == 0
    assert counts["handed"] == 10  # the ten leaders who never wrote
    assert counts["webhook_posts"] == 10 and counts["mentions"] == 4 * 30 + 6 * 8
    assert counts["sent"] + counts["handed"] == counts["queued"] + 10 * len(config.bot.admins)  # + hand-over notes
