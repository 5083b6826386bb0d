"""The AsyncIOScheduler: jobs by stable id, cron in Asia/Shanghai, started in the loop, caught up, shut down."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime

from click.testing import CliRunner

from bot.cli import main
from bot.common.clock import TZ, FixedClock
from bot.schedule.scheduler import BotScheduler, with_scheduler
from bot.store import open_store
from tests.chatkit import GROUP_ID, start_bot
from tests.conftest import CONFIG_DIR


def test_jobs_are_added_by_id_with_explicit_timezone(bot):
    scheduler = BotScheduler(bot.app).scheduler
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert list(jobs)[:6] == [
        "monthly_bulletin",
        "weekly_quota",
        "quarterly",
        "solicitation_deadlines",
        "liaison_changes",
        "daily_backup",
    ]
    assert {"research_reminders", "research_proposals", "office_opens"} <= set(jobs)
    assert str(scheduler.timezone) == "Asia/Shanghai"
    assert all(str(job.trigger.timezone) == "Asia/Shanghai" for job in jobs.values())
    friday_morning = datetime(2019, 6, 28, 10, 0, tzinfo=TZ)
    assert jobs["weekly_quota"].trigger.get_next_fire_time(None, friday_morning) == datetime(
        2019, 6, 28, 15, 0, tzinfo=TZ
    )
    assert jobs["quarterly"].trigger.get_next_fire_time(None, friday_morning) == datetime(2019, 7, 1, 10, 0, tzinfo=TZ)
    assert jobs["solicitation_deadlines"].trigger.get_next_fire_time(None, friday_morning) == datetime(
        2019, 6, 28, 10, 0, tzinfo=TZ
    )
    assert jobs["office_opens"].trigger.get_next_fire_time(None, friday_morning) == datetime(
        2019, 6, 29, 8, 0, tzinfo=TZ
    )


def test_a_disabled_job_is_not_scheduled(config, tmp_path):
    jobs = dict(config.bot.schedule.jobs)
    jobs["weekly_quota"] = replace(jobs["weekly_quota"], enabled=False)
    quiet = replace(config, bot=replace(config.bot, schedule=replace(config.bot.schedule, jobs=jobs)))
    bot = start_bot(quiet, open_store(None), FixedClock(datetime(2019, 6, 28, 10)), tmp_path)
    assert "weekly_quota" not in {job.id for job in BotScheduler(bot.app).scheduler.get_jobs()}


def test_start_catches_up_inside_the_running_loop_and_shutdown_stops_it(config, tmp_path):
    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 7, 1, 9, 30)), tmp_path)
    bot.app.office.notices.register_group(GROUP_ID)
    bot.app.office.ledger.record(
        [bot.app.office.drafts.adoption("济办", "上街信息", "单条", date(2019, 6, 3))], "wxid_office_gaoge"
    )
    states = []

    async def transport_loop():
        states.append(asyncio.get_running_loop() is not None)

    async def scenario():
        scheduler = BotScheduler(bot.app)
        await scheduler.start()
        states.append(scheduler.scheduler.running)
        await scheduler.shutdown()
        states.append(scheduler.scheduler.running)
        await with_scheduler(bot.app, transport_loop)

    asyncio.run(scenario())
    assert states == [True, False, True]
    sent = [o for o in bot.transport.sent if o.room_id == GROUP_ID]
    assert [o.text.split("各单位")[0] for o in sent] == ["【信息工作通报】2019年1月1日至6月30日"]


def test_fire_runs_a_job_and_sends_its_posts(config, tmp_path):
    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 6, 28, 15, 0)), tmp_path)
    bot.app.office.notices.register_group(GROUP_ID)
    bot.admin("#报送 济办 【邮件来的】正文")
    before = len(bot.transport.sent)
    asyncio.run(BotScheduler(bot.app).fire("weekly_quota"))
    sent = bot.transport.sent[before:]
    assert sent and all(o.text.startswith("【每周报送提醒") for o in sent)  # one post per category


def test_infobot_run_posts_what_fell_due_once_and_exits_cleanly(tmp_path, monkeypatch):
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_TOKEN", raising=False)
    args = ["--config", str(CONFIG_DIR), "--db", str(tmp_path / "infobot.db"), "--now", "2019-07-01T09:30", "run"]
    sheet = tmp_path / "6月.csv"
    sheet.write_text("日期,单位,事项,刊物,类型,数量,标题\n2019-06-03,济办,采用,上街信息,单条,,标题\n", encoding="utf-8")
    assert CliRunner().invoke(main, [*args[:-1], "import", str(sheet)]).exit_code == 0
    first = CliRunner().invoke(main, args, input=":quit\n")
    assert first.exit_code == 0, first.output
    assert first.output.count("[群 上街信息员之家] 机器人：【信息工作通报】2019年1月1日至6月30日") == 1
    second = CliRunner().invoke(main, args, input="/帮助\n")
    assert second.exit_code == 0 and "信息工作通报" not in second.output and "可用命令" in second.output
