"""《紧急信息报送承诺书》: 15 working days from a leader change, counted across 国庆; reminders and overdue lists."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs.pledges import pledge_deadlines
from bot.store import open_store
from tests.chatkit import start_bot

JIBAN = "wxid_jiban"
ADMINS = {"wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"}


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


@pytest.fixture
def autumn(config, tmp_path):
    """Wednesday 2019-09-25, a week before 国庆 (1–7 October; 29 September and 12 October are 调休 working days)."""
    harness = start_bot(config, open_store(None), FixedClock(datetime(2019, 9, 25, 10, 0)), tmp_path)
    harness.bind(JIBAN, "济办")
    yield harness
    harness.app.store.close()


def run_at(bot, *when):
    bot.at(at(*when))
    posted = pledge_deadlines(bot.app, bot.clock.now())
    bot.flush()
    return posted


def test_the_deadline_counts_working_days_across_national_day(autumn):
    reply = autumn.admin("/领导调整 济源路街道 9月25日")
    assert reply.startswith(
        "已登记：济办主要领导于 2019年9月25日 调整，须在 10月21日（含）前签订《紧急信息报送承诺书》"
        "（15 个工作日，按法定节假日和调休计算）。10月14日提醒该单位信息员；"
    )
    row = autumn.rows("pledges")[0]
    assert (row["unit"], row["changed_on"], row["due"], row["signed_on"]) == ("济办", "2019-09-25", "2019-10-21", None)


@pytest.mark.parametrize(
    "when, reminded",
    [
        ((2019, 10, 7, 9, 40), False),  # 国庆: no check at all
        ((2019, 10, 11, 9, 40), False),  # six working days before
        ((2019, 10, 12, 9, 40), False),  # Saturday, a 调休 working day: the 9th working day, not yet the 10th
    ],
)
def test_no_reminder_before_the_fifth_working_day_before(autumn, when, reminded):
    autumn.admin("/领导调整 济办 9月25日")
    posted = run_at(autumn, *when)
    assert bool(posted) == reminded


def test_the_liaison_is_reminded_five_working_days_before_once(autumn):
    autumn.admin("/领导调整 济办 9月25日")
    posted = run_at(autumn, 2019, 10, 14, 9, 40)
    assert [o.contact_id for o in posted] == [JIBAN]
    assert posted[0].text.startswith("【承诺书提醒】济办主要领导于 2019年9月25日 调整，须在 10月21日（含）前签订")
    assert run_at(autumn, 2019, 10, 15, 9, 40) == []  # once


def test_overdue_units_are_listed_to_admins_until_signed(autumn):
    autumn.admin("/领导调整 济办 9月25日")
    run_at(autumn, 2019, 10, 14, 9, 40)
    assert run_at(autumn, 2019, 10, 21, 9, 40) == []  # the last day is still in time
    posted = run_at(autumn, 2019, 10, 22, 9, 40)
    assert {o.contact_id for o in posted} == ADMINS
    assert posted[0].text.splitlines()[:2] == [
        "【承诺书逾期】以下 1 个单位逾期未签订《紧急信息报送承诺书》：",
        "济办主要领导于 2019年9月25日 调整，须在 10月21日（含）前签订《紧急信息报送承诺书》，已逾期",
    ]
    reply = autumn.admin("/承诺书 济办")
    assert (
        reply == "已登记：济办于 2019年10月22日 签订《紧急信息报送承诺书》（领导调整 9月25日，超过截止日 10月21日）。"
    )
    assert run_at(autumn, 2019, 10, 23, 9, 40) == []


def test_one_open_clock_per_unit_and_nothing_to_sign_without_one(autumn):
    assert "济办没有待签订的承诺书" in autumn.admin("/承诺书 济办")
    autumn.admin("/领导调整 济办 9月20日")
    assert "尚未签订。签订后请先发送「/承诺书 济办」" in autumn.admin("/领导调整 济办")
    assert autumn.admin("/承诺书 济办").endswith("（领导调整 9月20日，在期限内）。")
    assert len(autumn.rows("pledges")) == 1


def test_a_unit_without_a_liaison_is_left_to_the_admins(autumn):
    autumn.admin("/领导调整 妇联 9月25日")
    posted = run_at(autumn, 2019, 10, 14, 9, 40)
    assert {o.contact_id for o in posted} == ADMINS
    assert "妇联没有绑定信息员，未能提醒，请电话联系。" in posted[0].text


def test_the_reminder_states_the_configured_number_of_working_days(tmp_path):
    import shutil

    from bot.settings import load_config
    from tests.conftest import CONFIG_DIR

    cfg = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, cfg)
    bot_yaml = cfg / "bot.yaml"
    bot_yaml.write_text(bot_yaml.read_text("utf-8").replace("    workdays: 15", "    workdays: 10"), "utf-8")
    bot = start_bot(load_config(cfg), open_store(None), FixedClock(datetime(2019, 9, 25, 10, 0)), tmp_path)
    try:
        bot.bind(JIBAN, "济办")
        assert "（10 个工作日，" in bot.admin("/领导调整 济办 9月25日")
        days = [(9, d) for d in range(26, 31)] + [(10, d) for d in range(1, 15)]
        posted = [o for month, day in days for o in run_at(bot, 2019, month, day, 9, 40)]
        assert [o.contact_id for o in posted] == [JIBAN]
        assert "单位主要领导调整，10个工作日内要主动" in posted[0].text
    finally:
        bot.app.store.close()
