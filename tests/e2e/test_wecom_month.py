"""End to end: a month of 企业微信 delivery at 2019 volumes, over the real `infobot run` and the fake server
(tests/e2e/wecom_server.py) with the group's webhook set. 53 assessed units, each with a liaison; July 2019,
one `infobot run --now <day>` per working day (the bot's clock and the server's rate windows stand at that
moment): the liaisons' #报送 of the day and their replies, the monthly bulletin with its files on 1 July (and
June's stale one held back on 28 June), the quarterly letters to the leading units' leaders (half of whom never
wrote to the bot), and the weekly quota reminders on Fridays, per category, through the webhook.

Done when: 0 sends refused for rate, 0 messages lost or silent (every #报送 answered, every post sent or handed
over), every mention a real `mentioned_list` entry, every letter to a leader who never wrote in an admin's hands.
The counts are printed (pytest -s) and recorded in docs/wecom-delivery.md."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
import yaml

from bot.common.clock import TZ
from bot.common.workdays import package_calendar
from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import wait_until
from tests.e2e.test_infobot_wecom import BOT_AT, start_bot, wecom_config

LEADING = ["环保局", "济办", "中心办", "金融办", "团区委"]  # adopted every month: the quarter's leading units
PER_DAY = 19  # #报送 a working day: about 420 in July, as in 2019
FIRST_DAY = 10  # 1 July also carries the bulletin and its files into the group


def leaders(unit_index: int) -> tuple[str, str]:
    """(a leader who wrote to the bot, one who never did)."""
    return f"Lead{unit_index}Wrote", f"Lead{unit_index}Silent"


def month_config(directory):
    config = wecom_config(directory)
    path = config / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["limits"]["replies_per_hour"] = 500  # a liaison's own pace is another test's subject
    data["outbox"]["wecom"] = {"interval_seconds": 0, "jitter_seconds": 0, "daily_cap": 1000}  # default budgets
    for job in ("monthly_bulletin", "weekly_quota", "quarterly"):
        data["schedule"][job]["enabled"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    units = config / "units.yaml"
    lines, n, current = [], 0, None
    for line in units.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - name: "):
            current = line.split(": ", 1)[1].strip()
        if line == "    liaisons: []":
            n += 1
            line = f"    liaisons: [Liaison{n:02d}]"
        if line == "    leaders: []" and current in LEADING:
            wrote, silent = leaders(LEADING.index(current))
            line = (
                "    leaders:\n"
                f"      - {{role: 分管领导, name: 分管{current}, contact_id: {wrote}}}\n"
                f"      - {{role: 一把手, name: 一把手{current}, contact_id: {silent}}}"
            )
        lines.append(line)
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def first_half_year(directory, config) -> None:
    """Adoptions January to June 2019: the leading units every month, 20 others now and then."""
    import subprocess
    import sys

    rows = ["日期,单位,事项,刊物,类型,数量,标题"]
    others = [
        "宣传部",
        "组织部",
        "统战部",
        "政法委",
        "编办",
        "科协",
        "妇联",
        "总工会",
        "发改委",
        "教体局",
        "财政局",
        "民政局",
        "司法局",
        "人社局",
        "住建局",
        "城管局",
        "信访局",
        "农委",
        "商务局",
        "审计局",
    ]
    for month in range(1, 7):
        for i, unit in enumerate(LEADING):
            rows += [
                f"2019-{month:02d}-1{k},{unit},采用,上街信息,单条,,{unit}{month}月第{k}篇" for k in range(1, 4 + i)
            ]
        rows += [f"2019-{month:02d}-20,{unit},采用,上街信息,单条,,{unit}{month}月" for unit in others[month % 2 :: 2]]
    sheet = directory / "上半年.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(config),
            "--db",
            str(directory / "data" / "infobot.db"),
            "import",
            str(sheet),
        ],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def moments() -> list[datetime]:
    """28 June (before the month), then each working day of July 2019: 09:00, Fridays 15:00 (the reminder)."""
    calendar = package_calendar()
    days = [date(2019, 7, 1) + timedelta(days=i) for i in range(31)]
    return [datetime(2019, 6, 28, 10, 0, tzinfo=TZ)] + [
        datetime(d.year, d.month, d.day, 15 if d.weekday() == 4 else 9, 0, tzinfo=TZ)
        for d in days
        if calendar.is_workday(d)
    ]


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("wecom-month")
    sim = [0.0]
    server = wx.WecomServer(known=(wx.CHAT_HOME, wx.ADMIN), clock=lambda: sim[0]).start()
    config = month_config(workdir)
    first_half_year(workdir, config)
    submitted, liaison = 0, 0
    try:
        for when in moments():
            sim[0] = when.timestamp()  # the server's rate windows at the bot's moment
            bot = start_bot(workdir, server, config, now=when.isoformat(), **server.webhook_env())
            try:
                if when.month == 6:  # before the month: half of the leaders write to the bot once
                    for i in range(len(LEADING)):
                        server.say(leaders(i)[0], "你好", chat=None)
                    expected = len(LEADING)
                    wait_until(lambda: len(bot.rows("SELECT 1 FROM messages")) >= expected, 20, "the leaders' hello")
                else:
                    count = FIRST_DAY if when.day == 1 else PER_DAY
                    for _ in range(count):
                        liaison = liaison % 53 + 1
                        submitted += 1
                        server.say(
                            f"Liaison{liaison:02d}",
                            BOT_AT + f"#报送 【{when:%-m月%-d日}动态{submitted}】正文{submitted}",
                        )
                    wait_until(
                        lambda: len(bot.rows("SELECT 1 FROM submissions")) >= submitted,
                        30,
                        f"{submitted} submissions stored",
                    )
                wait_until(
                    lambda: not bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'"),
                    30,
                    f"everything queued on {when:%m-%d} sent",
                )
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n--- infobot stderr ---\n{bot.stderr()[-3000:]}") from None
            finally:
                assert bot.stop() == 0, bot.stderr()[-3000:]
        yield server, bot, submitted
    finally:
        server.stop()


def test_a_month_at_2019_volumes_is_delivered_within_the_limits(month):
    server, bot, submitted = month
    outbox = bot.rows("SELECT * FROM outbox")
    status = {s: sum(1 for r in outbox if r["status"] == s) for s in {r["status"] for r in outbox}}
    rate_refused = [r for r in server.refused if r["errcode"] == wx.FREQ_LIMIT]
    mentioned_rows = [r for r in outbox if json.loads(r["mentions"] or "[]")]
    hooked = [w for w in server.webhook_sent if w["mentioned"]]
    handed = [r for r in outbox if r["status"] == "handed"]
    counts = {
        "#报送": submitted,
        "queued": len(outbox),
        "status": status,
        "frames seen by members": len(server.sent),
        "refused for rate": len(rate_refused),
        "refused (any)": len(server.refused),
        "posts with mentions / mentioned_list entries": (len(hooked), sum(len(w["mentioned"]) for w in hooked)),
        "letters handed to the admins": len(handed),
    }
    print("\nwecom month:", json.dumps(counts, ensure_ascii=False))

    assert rate_refused == [] and server.refused == []
    assert set(status) <= {"sent", "handed"}  # nothing pending, nothing failed: none lost
    # every #报送 answered: each stored message of a submission has its reply sent
    unanswered = bot.rows(
        "SELECT s.id FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM outbox o "
        "WHERE o.answers = s.message_id AND o.status = 'sent')"
    )
    assert len(bot.rows("SELECT 1 FROM submissions")) == submitted and unanswered == []
    # every mention went out as a real mentioned_list entry, never as text
    assert sorted(sorted(json.loads(r["mentions"])) for r in mentioned_rows) == sorted(
        sorted(w["mentioned"]) for w in hooked
    )
    assert not [m for m in server.sent if "@Liaison" in (m["text"] or "") or "<@" in (m["text"] or "")]
    weekly = [w for w in hooked if w["text"].startswith("【每周报送提醒")]
    assert len(weekly) >= 4 * 4  # four Fridays, one post per category at least
    for post in weekly:  # only the liaisons of the units that post names
        named = post["text"].splitlines()[1]
        assert all(f"{unit} " in named for unit in _units_of(bot, post["mentioned"]))
    # every letter to a leader who never wrote is in an admin's hands; the others were pushed
    silent = {leaders(i)[1] for i in range(len(LEADING))}
    wrote = {leaders(i)[0] for i in range(len(LEADING))}
    assert {r["contact_id"] for r in handed} == silent
    assert all(r["handed_to"] for r in handed)
    hand_notes = [m for m in server.sent if m["to"] == wx.ADMIN and "请转交" in (m["text"] or "")]
    assert len(hand_notes) == len(handed)
    assert {m["to"] for m in server.sent if m["to"] in wrote | silent} == wrote
    # June's bulletin, due on 3 June, was not posted on 28 June: the admins were told
    assert not [m for m in server.sent if "1月1日至5月31日" in (m["text"] or "") and m["to"] == wx.CHAT_HOME]
    assert [
        m
        for m in server.sent
        if m["to"] == wx.ADMIN and "每月通报（2019年1月1日至5月31日）没有发到群里" in (m["text"] or "")
    ]
    assert [m for m in server.sent if (m["text"] or "").startswith("【信息工作通报】2019年1月1日至6月30日")]


def _units_of(bot, userids: list[str]) -> set[str]:
    """The units whose liaisons these are (units.yaml in the test's config)."""
    config = yaml.safe_load((bot.workdir / "config" / "units.yaml").read_text(encoding="utf-8"))
    return {u["name"] for u in config["units"] if set(u.get("liaisons") or []) & set(userids)}
