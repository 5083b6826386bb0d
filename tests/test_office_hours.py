"""No all-zero bulletin on a first start, and no group post outside office hours."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime, time

from bot.common.clock import FixedClock
from bot.jobs import catch_up, run_job
from bot.schedule.scheduler import BotScheduler
from bot.settings import load_config
from bot.store import open_store
from tests.chatkit import GROUP_ID, start_bot
from tests.test_schedule_config import problems

ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]


def _bot(config, tmp_path, when):
    bot = start_bot(config, open_store(None), FixedClock(when), tmp_path)
    bot.app.office.notices.register_group(GROUP_ID)
    return bot


def _adopt(bot, on="2019-06-03"):
    bot.app.office.ledger.record(
        [bot.app.office.drafts.adoption("济办", "上街信息", "单条", date.fromisoformat(on))], "wxid_x"
    )


def test_a_start_before_office_hours_posts_nothing_until_the_office_opens(config, tmp_path):
    bot = _bot(config, tmp_path, datetime(2019, 7, 2, 5, 14))  # Tuesday: July's bulletin fell due on Monday
    _adopt(bot)
    assert catch_up(bot.app, bot.clock.now()) == []
    assert bot.flush() == []
    bot.at(datetime(2019, 7, 2, 8, 0))
    asyncio.run(BotScheduler(bot.app).office_opens())
    group = [o for o in bot.transport.sent if o.room_id == GROUP_ID]
    assert [o.text.split("各单位")[0] for o in group] == ["【信息工作通报】2019年1月1日至6月30日"]


def test_an_empty_ledger_never_gives_an_all_zero_bulletin(config, tmp_path):
    bot = _bot(config, tmp_path, datetime(2019, 7, 1, 9, 0))
    posts = run_job(bot.app, "monthly_bulletin", bot.clock.now())
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS) and all(p.room_id is None for p in posts)
    assert posts[0].text.startswith("每月通报（2019年1月1日至6月30日）没有发到群里：账本里还没有这段时间的任何登记")
    assert run_job(bot.app, "monthly_bulletin", bot.clock.now()) == []  # told once
    _adopt(bot)  # the history is imported the same day
    bot.at(datetime(2019, 7, 2, 8, 0))
    posts = run_job(bot.app, "monthly_bulletin", bot.clock.now())
    assert [p.room_id for p in posts] == [GROUP_ID]


def test_no_weekly_reminder_naming_every_unit_when_nothing_was_recorded_this_week(config, tmp_path):
    bot = _bot(config, tmp_path, datetime(2019, 6, 28, 15, 0))
    posts = run_job(bot.app, "weekly_quota", bot.clock.now())
    assert [p.room_id for p in posts] == [None, None, None]
    assert "本周还没有任何单位的报送记录" in posts[0].text


def test_a_post_due_on_a_weekend_waits_for_monday_morning(config, tmp_path):
    early = replace(config.bot.schedule.job("monthly_bulletin"), days="all")
    jobs = {**config.bot.schedule.jobs, "monthly_bulletin": early}
    conf = replace(config, bot=replace(config.bot, schedule=replace(config.bot.schedule, jobs=jobs)))
    bot = _bot(conf, tmp_path, datetime(2019, 6, 1, 9, 0))  # Saturday 1 June
    _adopt(bot, "2019-05-06")
    assert run_job(bot.app, "monthly_bulletin", bot.clock.now()) == []
    bot.at(datetime(2019, 6, 3, 7, 59))  # Monday, before the office opens
    assert run_job(bot.app, "monthly_bulletin", bot.clock.now()) == []
    bot.at(datetime(2019, 6, 3, 8, 0))
    assert [p.room_id for p in run_job(bot.app, "monthly_bulletin", bot.clock.now())] == [GROUP_ID]


def set_hours(cfg, text: str) -> None:
    path = cfg / "bot.yaml"
    body = path.read_text(encoding="utf-8")
    start = body.index("\noffice_hours:") + 1
    end = body.index("\n\n", start)
    path.write_text(body[:start] + text + body[end:], encoding="utf-8")


def test_office_hours_are_a_setting_with_checked_values(cfg):  # noqa: F811
    set_hours(cfg, 'office_hours: {start: "09:00", end: "17:30", days: all}\n')
    hours = load_config(cfg).bot.office_hours
    assert (hours.start, hours.end, hours.days) == (time(9, 0), time(17, 30), "all")
    set_hours(cfg, 'office_hours: {start: "00:00", end: "24:00"}\n')
    config = load_config(cfg)
    assert config.bot.office_hours.contains(datetime(2019, 6, 28, 23, 59, 59), config.calendar)
    set_hours(cfg, 'office_hours: {start: "20:00", end: "08:00", days: 周一}\n')
    text = problems(cfg)
    assert "office_hours.days" in text and "未知取值「周一」" in text
    assert "开始时间 20:00 应早于结束时间 08:00" in text
