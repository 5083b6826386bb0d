"""Monthly bulletin, weekly quota reminder and quarterly notices: right units, right text, right place, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs import catch_up, run_job
from bot.jobs.monthly import monthly_bulletin
from bot.jobs.quarterly import quarterly_notices
from bot.jobs.weekly import weekly_quota
from bot.settings.units import Leader, UnitDirectory
from bot.store import open_store
from tests.chatkit import GROUP_ID, start_bot

ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


def first_line(post) -> str:
    return post.text.splitlines()[0]


def adopt(bot, unit: str, publication: str, grade: str, on: str, quantity: int = 1) -> None:
    app = bot.app
    draft = app.office.drafts.adoption(unit, publication, grade, date.fromisoformat(on), quantity=quantity)
    app.office.ledger.record([draft], "wxid_office_gaoge")


@pytest.fixture
def group_bot(bot):
    bot.app.office.notices.register_group(GROUP_ID)
    return bot


# --- monthly bulletin -------------------------------------------------------------------------


@pytest.fixture
def june(group_bot):
    adopt(group_bot, "环保局", "郑州信息", "专期", "2019-05-10", quantity=4)  # 120/100 = 120%
    adopt(group_bot, "中心办", "工作交流", "专期", "2019-06-03")  # 60/120 = 50% ≥ 49.6% (time)
    adopt(group_bot, "金融办", "上街信息", "单条", "2019-06-20", quantity=5)  # 20/40 = 50%
    adopt(group_bot, "济办", "上街信息", "单条", "2019-06-30")  # 4/120 = 3%
    adopt(group_bot, "济办", "郑州信息", "专期", "2019-07-01")  # after the period
    return group_bot


def test_monthly_bulletin_names_who_finished_and_who_is_behind_time(june):
    posts = monthly_bulletin(june.app, at(2019, 7, 1, 9, 0))
    assert len(posts) == 1
    post = posts[0]
    assert (post.room_id, post.contact_id, post.file_path) == (GROUP_ID, None, None)
    lines = post.text.splitlines()
    assert lines[0] == "【信息工作通报】2019年1月1日至6月30日各单位信息采用情况（共 53 个被考核单位）"
    assert lines[1] == "全年时间进度 49.6%。"
    assert lines[2] == "已完成全年目标任务（1 个）：环保局 120%"
    assert lines[3].startswith("未达到时间进度（50 个）：济办 3%、产业集聚区管委会 0%")
    assert "中心办" not in lines[3] and "金融办" not in lines[3] and "环保局" not in lines[3]
    assert lines[4] == "环保局完成全年目标任务，特此给予表扬。"
    assert lines[5] == "请未按时间进度完成目标任务的单位向以上单位学习，抓紧赶超，确保按时完成全年任务。"
    assert lines[7:11] == [
        "1. 环保局 120%（120分）",
        "2. 中心办 50%（60分）",
        "3. 金融办 50%（20分）",
        "4. 济办 3%（4分）",
    ]
    assert len(lines) == 7 + 53


def test_monthly_bulletin_goes_out_once_and_only_from_the_first_working_day(june):
    app = june.app
    assert monthly_bulletin(app, at(2019, 7, 1, 8, 59)) == []
    assert len(monthly_bulletin(app, at(2019, 7, 1, 9, 0))) == 1
    assert monthly_bulletin(app, at(2019, 7, 1, 9, 0)) == []
    assert monthly_bulletin(app, at(2019, 7, 2, 9, 0)) == []
    assert [r["key"] for r in june.rows("outbox")] == ["monthly:2019-06"]
    assert [o.text[:12] for o in june.flush()] == ["【信息工作通报】2019"]


def test_down_over_the_national_day_month_boundary_posts_exactly_once_after_restart(config, tmp_path):
    db = tmp_path / "bot.db"
    clock = FixedClock(datetime(2019, 9, 2, 9, 0))  # September's first working day
    first = start_bot(config, open_store(db), clock, tmp_path)
    first.app.office.notices.register_group(GROUP_ID)
    adopt(first, "济办", "上街信息", "单条", "2019-08-01")
    assert [first_line(p) for p in monthly_bulletin(first.app, clock.now())] == [
        "【信息工作通报】2019年1月1日至8月31日各单位信息采用情况（共 53 个被考核单位）"
    ]
    first.app.store.close()  # down from 2 September …

    clock.set(datetime(2019, 10, 7, 9, 30))  # … up again on the last day of 国庆: October's bulletin is not due
    second = start_bot(config, open_store(db), clock, tmp_path)
    assert [p for p in catch_up(second.app, clock.now()) if p.room_id] == []
    second.app.store.close()

    clock.set(datetime(2019, 10, 9, 11, 0))  # … down on 8 October (the first working day), up on the 9th
    third = start_bot(config, open_store(db), clock, tmp_path)
    group_posts = [p for p in catch_up(third.app, clock.now()) if p.room_id]
    assert [first_line(p) for p in group_posts] == [
        "【信息工作通报】2019年1月1日至9月30日各单位信息采用情况（共 53 个被考核单位）"
    ]
    assert catch_up(third.app, clock.now()) == []
    third.app.store.close()

    fourth = start_bot(config, open_store(db), clock, tmp_path)  # and after yet another restart
    assert catch_up(fourth.app, clock.now()) == []
    assert [r["key"] for r in fourth.rows("outbox") if r["key"].startswith("monthly")] == [
        "monthly:2019-08",
        "monthly:2019-09",
    ]
    fourth.app.store.close()


def test_a_bulletin_missed_for_a_whole_month_is_not_posted_late(group_bot):
    assert monthly_bulletin(group_bot.app, at(2019, 7, 5, 23, 0)) != []  # July's, covering June, 4 days late
    assert monthly_bulletin(group_bot.app, at(2019, 9, 1, 10, 0)) == []  # a Sunday: September's not due yet;
    assert not any("2019-07" in (r["key"] or "") for r in group_bot.rows("outbox"))  # August's is stale


def test_january_bulletin_covers_the_whole_previous_year(group_bot):
    adopt(group_bot, "济办", "上街信息", "单条", "2018-12-03")
    posts = monthly_bulletin(group_bot.app, at(2019, 1, 2, 9, 0))
    assert posts[0].text.startswith("【信息工作通报】2018年全年各单位信息采用情况")
    assert "全年时间进度 100%" in posts[0].text


def test_bulletin_attaches_the_rendered_files_that_exist(config, tmp_path):
    png = tmp_path / "通报.png"
    png.write_bytes(b"\x89PNG")
    seen = []

    def renderer(board):
        seen.append(board.period.label)
        return [png, tmp_path / "missing.xlsx"]

    bot = start_bot(
        config, open_store(None), FixedClock(datetime(2019, 7, 1, 9, 0)), tmp_path, bulletin_renderer=renderer
    )
    bot.app.office.notices.register_group(GROUP_ID)
    adopt(bot, "济办", "上街信息", "单条", "2019-06-03")
    posts = monthly_bulletin(bot.app, bot.clock.now())
    assert seen == ["2019年1月1日至6月30日"]
    assert [(p.text, p.file_path) for p in posts[1:]] == [("附件：通报.png", str(png))]
    assert [r["key"] for r in bot.rows("outbox")] == ["monthly:2019-06", "monthly:2019-06:file:1"]


def test_a_failing_renderer_does_not_hold_back_the_bulletin(config, tmp_path):
    def broken(board):
        raise RuntimeError("font missing")

    bot = start_bot(
        config, open_store(None), FixedClock(datetime(2019, 7, 1, 9, 0)), tmp_path, bulletin_renderer=broken
    )
    bot.app.office.notices.register_group(GROUP_ID)
    adopt(bot, "济办", "上街信息", "单条", "2019-06-03")
    posts = monthly_bulletin(bot.app, bot.clock.now())
    assert len(posts) == 1 and posts[0].file_path is None


# --- the group's room id ------------------------------------------------------------------------


def test_without_a_known_group_the_admins_are_told_once_a_day_and_the_post_waits(config, tmp_path):
    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 7, 1, 9, 0)), tmp_path, group=None)
    assert bot.app.office.notices.group_room() is None
    adopt(bot, "济办", "上街信息", "单条", "2019-06-03")
    now = at(2019, 7, 1, 9, 0)
    posts = run_job(bot.app, "monthly_bulletin", now)
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS)
    assert "定时任务「每月通报」未能执行：机器人还不知道「上街信息员之家」的群 id" in posts[0].text
    assert "/设为本群" in posts[0].text
    assert run_job(bot.app, "monthly_bulletin", now) == []
    bot.say("wxid_someone", "大家好")  # a message under the group's name does not make a room the group
    assert bot.app.office.notices.group_room() is None
    assert "已将本群登记为信息员群" in bot.admin("/设为本群")
    assert bot.app.office.notices.group_room() == GROUP_ID
    assert [p.room_id for p in run_job(bot.app, "monthly_bulletin", at(2019, 7, 2, 9, 0))] == [GROUP_ID]


def test_the_registered_group_survives_a_restart_and_a_configured_id_wins(config, tmp_path):
    db = tmp_path / "bot.db"
    clock = FixedClock(datetime(2019, 7, 1, 9, 0))
    first = start_bot(config, open_store(db), clock, tmp_path, group=None)
    first.app.office.notices.register_group("room_learned@chatroom")
    adopt(first, "济办", "上街信息", "单条", "2019-06-03")
    first.app.store.close()
    second = start_bot(config, open_store(db), clock, tmp_path, group=None)
    assert second.app.office.notices.group_room() == "room_learned@chatroom"
    second.app.store.close()
    pinned = replace(config, bot=replace(config.bot, group_ids=("room_pinned@chatroom",)))
    third = start_bot(pinned, open_store(db), clock, tmp_path, group=None)
    assert [p.room_id for p in monthly_bulletin(third.app, clock.now())] == ["room_pinned@chatroom"]
    third.app.store.close()


# --- weekly quota --------------------------------------------------------------------------------


@pytest.fixture
def week(group_bot):
    group_bot.bind("wxid_jiban", "济办")
    group_bot.bind("wxid_hbj", "环保局")
    group_bot.bind("wxid_jrb", "金融办")
    group_bot.bind("wxid_jrb2", "金融办")
    for i in range(2):
        group_bot.say("wxid_jiban", f"#报送 【济办{i}】")
    for i in range(3):
        group_bot.say("wxid_hbj", f"#报送 【环保{i}】")
    return group_bot


def test_weekly_reminder_lists_units_below_quota_by_category_mentioning_only_their_liaisons(week):
    posts = weekly_quota(week.app, at(2019, 6, 28, 15, 0))
    assert [p.room_id for p in posts] == [GROUP_ID] * 4
    heads = [p.text.splitlines()[0] for p in posts]
    assert heads == [
        f"【每周报送提醒 {i}/4】本周（6月24日起，截至6月28日 15:00）{cat}尚未完成每周报送任务的单位（{n} 个，每周 {q} 条）："
        for i, (cat, n, q) in enumerate([("镇", 1, 5), ("街道办", 5, 5), ("管委会", 2, 5), ("部门", 44, 3)], 1)
    ]
    street = posts[1].text.splitlines()
    assert "济办 2/5" in street[1] and street[2] == "请以上单位的信息员抓紧报送。"
    departments = posts[3].text.splitlines()[1]
    assert departments.startswith("宣传部 0/3、") and "金融办 0/3" in departments and "环保局" not in departments
    assert [p.mentions for p in posts] == [(), ("wxid_jiban",), (), ("wxid_jrb", "wxid_jrb2")]
    assert sum(len(p.text.split("、")) for p in posts) == 52
    assert all(len(p.text.encode()) <= 1500 for p in posts)


def test_a_long_category_is_split_within_the_webhook_text_limit(week, monkeypatch):
    import bot.jobs.weekly as weekly

    monkeypatch.setattr(weekly, "POST_BYTES", 400)
    posts = weekly_quota(week.app, at(2019, 6, 28, 15, 0))
    assert len(posts) > 4 and all(len(p.text.encode()) <= 400 for p in posts)
    assert sum(len(p.text.splitlines()[1].split("、")) for p in posts) == 52  # every unit once
    assert [r["key"] for r in week.rows("outbox") if r["key"]][:2] == ["weekly:2019-W26", "weekly:2019-W26:2"]
    assert weekly_quota(week.app, at(2019, 6, 28, 16, 0)) == []


def test_weekly_reminder_is_idempotent_and_caught_up_only_within_its_week(week):
    app = week.app
    assert weekly_quota(app, at(2019, 6, 28, 14, 59)) == []
    assert weekly_quota(app, at(2019, 6, 29, 10, 0)) != []  # down at 15:00 Friday, up on Saturday
    assert weekly_quota(app, at(2019, 6, 30, 10, 0)) == []
    assert weekly_quota(app, at(2019, 7, 1, 10, 0)) == []  # a new week: last week's reminder is stale
    assert [r["key"] for r in week.rows("outbox") if r["key"]] == ["weekly:2019-W26"] + [
        f"weekly:2019-W26:{i}" for i in (2, 3, 4)
    ]


def test_no_weekly_reminder_on_a_holiday_friday(group_bot):
    assert weekly_quota(group_bot.app, at(2019, 10, 4, 15, 0)) == []  # 国庆
    assert weekly_quota(group_bot.app, at(2019, 2, 8, 15, 0)) == []  # 春节
    assert weekly_quota(group_bot.app, at(2019, 10, 11, 15, 0)) != []


def test_when_everyone_met_the_quota_the_group_is_thanked(group_bot, monkeypatch):
    app = group_bot.app
    monkeypatch.setattr(app.office.submissions, "week_progress", lambda now: [("济办", 5, 5)])
    posts = weekly_quota(app, at(2019, 6, 28, 15, 0))
    assert posts[0].text.endswith("各单位均已完成每周报送任务，谢谢大家！") and posts[0].mentions == ()


# --- quarterly -----------------------------------------------------------------------------------

QUARTER_UNITS = ["环保局", "中心办", "济办", "金融办", "编办", "科协"]


def quarter_config(config, leaders: dict[str, list[Leader]], top: int = 2):
    units = [replace(u, leaders=tuple(leaders.get(u.name, ()))) for u in config.units if u.name in QUARTER_UNITS]
    jobs = dict(config.bot.schedule.jobs)
    jobs["quarterly"] = replace(jobs["quarterly"], params={"top": top})
    bot = replace(config.bot, schedule=replace(config.bot.schedule, jobs=jobs))
    return replace(config, units=UnitDirectory(units), bot=bot)


@pytest.fixture
def quarter_data():
    def fill(bot):
        adopt(bot, "环保局", "郑州信息", "专期", "2019-04-10")  # 30, 60, 90 of 100: top every month
        adopt(bot, "环保局", "郑州信息", "专期", "2019-05-10")
        adopt(bot, "环保局", "郑州信息", "专期", "2019-06-10")
        adopt(bot, "金融办", "上街信息", "单条", "2019-04-11", 2)  # 20%: second in April and May only
        adopt(bot, "济办", "上街信息", "单条", "2019-04-12", 2)  # 7%, then 30% in June
        adopt(bot, "济办", "上街信息", "单条", "2019-06-12", 7)
        adopt(bot, "中心办", "上街信息", "单条", "2019-04-15")  # 3%
        adopt(bot, "编办", "上街信息", "单条", "2019-05-15")  # 0% in April, then 10%
        # 科协 stays at 0: bottom every month

    return fill


LEADERS = {
    "环保局": [Leader("分管领导", "张三", "wxid_hbj_fenguan"), Leader("一把手", "李四", "wxid_hbj_yibashou")],
    "科协": [Leader("一把手", "王五", "wxid_kx_yibashou")],
}


def test_quarterly_letters_go_to_the_leaders_of_persistently_leading_and_lagging_units(config, tmp_path, quarter_data):
    bot = start_bot(quarter_config(config, LEADERS), open_store(None), FixedClock(datetime(2019, 7, 1, 10)), tmp_path)
    quarter_data(bot)
    posts = quarterly_notices(bot.app, bot.clock.now())
    letters = {p.contact_id: p.text for p in reversed(posts)}  # an admin's first message: the summary
    assert sorted(letters) == sorted(["wxid_hbj_fenguan", "wxid_hbj_yibashou", "wxid_kx_yibashou", *ADMINS])
    assert all(p.room_id is None for p in posts)
    assert letters["wxid_hbj_fenguan"] == (
        "张三同志：您好！2019年第二季度，环保局信息工作在全区三次月度排名中均居前 2 名"
        "（4月底第 1 名、5月底第 1 名、6月底第 1 名）。截至6月30日，环保局累计得分 90 分，目标任务 100 分，"
        "任务占比 90%。特此表扬，感谢您对信息工作的重视和支持！——中共上街区委办公室信息调研科"
    )
    assert letters["wxid_hbj_yibashou"].startswith("李四同志：")
    assert letters["wxid_kx_yibashou"] == (
        "王五同志：您好！2019年第二季度，科协信息工作在全区三次月度排名中均居后 2 名"
        "（4月底第 5 名、5月底第 6 名、6月底第 6 名）。截至6月30日，科协累计得分 0 分，目标任务 40 分，"
        "任务占比 0%，全年时间进度 50%，距全年目标还差 40 分。请督促本单位加强信息报送，确保按时完成全年目标任务。"
        "——中共上街区委办公室信息调研科"
    )
    summary = letters["wxid_office_gaoge"].splitlines()
    assert summary[0] == (
        "【季度提醒】2019年第二季度三次月度排名均居前 2 名：环保局；均居后 2 名：科协。已私信各单位分管领导和一把手。"
    )
    assert summary[1] == (
        "请开展2019年第二季度优质信息和调研文章评选（优质信息每篇加 5 分、优秀调研文章每篇加 5 分），"
        "评出后用「/优质 报送编号或单位」登记。"
    )
    keys = {r["key"] for r in bot.rows("outbox")}
    assert {
        "quarter:2019Q2:leader:环保局:wxid_hbj_fenguan",
        "quarter:2019Q2:leader:科协:wxid_kx_yibashou",
        "quarter:2019Q2:admin:wxid_office_gaoge",
    } <= keys
    assert quarterly_notices(bot.app, bot.clock.now()) == []
    assert quarterly_notices(bot.app, at(2019, 7, 2, 10, 0)) == []


def test_quarterly_is_due_on_the_first_working_day_after_the_quarter(config, tmp_path, quarter_data):
    bot = start_bot(quarter_config(config, LEADERS), open_store(None), FixedClock(datetime(2019, 7, 1, 9)), tmp_path)
    quarter_data(bot)
    assert quarterly_notices(bot.app, at(2019, 7, 1, 9, 59)) == []
    assert quarterly_notices(bot.app, at(2019, 6, 30, 23, 0)) == []
    assert quarterly_notices(bot.app, at(2019, 10, 7, 12, 0)) == []  # 国庆: the third quarter's are due on 8 October
    assert "2019年第三季度" in quarterly_notices(bot.app, at(2019, 10, 8, 10, 0))[0].text


def test_units_without_leader_contacts_are_named_to_the_admins(config, tmp_path, quarter_data):
    bot = start_bot(quarter_config(config, {}), open_store(None), FixedClock(datetime(2019, 7, 1, 10)), tmp_path)
    quarter_data(bot)
    posts = quarterly_notices(bot.app, bot.clock.now())
    assert {p.contact_id for p in posts} == set(ADMINS)
    assert f"以下单位未在 {config.directory / 'units.yaml'} 配置领导联系方式，未能发送：环保局、科协。" in posts[0].text


def test_a_stale_bulletin_is_not_posted_and_the_admins_are_told(bot):
    bot.clock.set(datetime(2019, 6, 27, 10, 0))
    bot.app.office.notices.register_group(GROUP_ID)  # the group registered on 27 June …
    adopt(bot, "济办", "上街信息", "单条", "2019-05-06")
    posts = monthly_bulletin(bot.app, at(2019, 6, 28, 9, 0))  # … gets no 1月1日至5月31日 bulletin on the 28th
    assert [p.room_id for p in posts] == [None] * len(ADMINS) and sorted(p.contact_id for p in posts) == sorted(ADMINS)
    assert posts[0].text.startswith("每月通报（2019年1月1日至5月31日）没有发到群里：应于6月3日发出，")
    assert "infobot report --to 2019-05-31" in posts[0].text
    assert monthly_bulletin(bot.app, at(2019, 6, 28, 11, 0)) == []  # told once
    assert not any((r["key"] or "").startswith("monthly:2019-05") for r in bot.rows("outbox"))
    july = monthly_bulletin(bot.app, at(2019, 7, 1, 9, 0))  # the next one goes out on its day
    assert [p.room_id for p in july] == [GROUP_ID]


def test_a_bulletin_missed_on_its_day_is_still_posted_within_five_working_days(group_bot):
    adopt(group_bot, "济办", "上街信息", "单条", "2019-05-06")
    assert monthly_bulletin(group_bot.app, at(2019, 6, 11, 9, 0))[0].room_id == GROUP_ID  # 3 June + 5 working days
