"""config/holidays.yaml extends the chinesecalendar package; a year neither covers is guessed for posts only."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.common.clock import TZ
from bot.common.workdays import PACKAGE, WorkdayError, YearArrangement, build_calendar
from bot.health.holidays import holiday_coverage_problem
from bot.jobs import run_job
from bot.settings import ConfigError, load_config
from bot.settings.holidays import parse_holidays
from bot.settings.reader import YamlFile
from tests.chatkit import GROUP_ID

ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]

ROOT = Path(__file__).resolve().parents[1]

# 2027 as an office would fill it in; the dates are made up for the test (no 2027 notice yet):
# 元旦 on Friday 1 January with the weekend, 春节 with a 调休 Saturday before and a Sunday after.
HOLIDAYS_2027 = """\
holidays:
  2027:
    元旦: {holiday: 2027-01-01 ~ 2027-01-03}
    春节: {holiday: 2027-02-06 至 2027-02-12, workday: [2027-01-30, 2027-02-14]}
    劳动节: {holiday: [2027-05-01 ~ 2027-05-03, 2027-05-05]}
"""


@pytest.fixture
def cfg(tmp_path) -> Path:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    return tmp_path / "config"


def with_holidays(cfg: Path, text: str) -> Path:
    (cfg / "holidays.yaml").write_text(text, encoding="utf-8")
    return cfg


def problems(cfg: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as err:
        load_config(with_holidays(cfg, text))
    return [f"{p.path}：{p.message}" for p in err.value.problems]


# --- the calendar ----------------------------------------------------------------------------------


def test_a_configured_year_extends_the_package(cfg):
    calendar = load_config(with_holidays(cfg, HOLIDAYS_2027)).calendar
    assert calendar.covers(2026) and calendar.covers(2027) and not calendar.covers(2028)
    assert not calendar.is_workday(date(2027, 1, 1))  # 元旦, a Friday
    assert calendar.is_workday(date(2027, 1, 30))  # a 调休 Saturday
    assert not calendar.is_workday(date(2027, 1, 31))  # an ordinary Sunday
    assert calendar.first_workday(2027, 1) == date(2027, 1, 4)
    assert calendar.add_workdays(date(2027, 2, 5), 1) == date(2027, 2, 14)  # past 春节 to the 调休 Sunday
    assert not calendar.is_workday(date(2027, 5, 5)) and calendar.is_workday(date(2027, 5, 4))
    assert calendar.is_workday(date(2026, 1, 4))  # 2026 still from the package (a 调休 Sunday)
    assert calendar.describe_years() == f"2004—2026 年（{PACKAGE}）、2027 年（{cfg / 'holidays.yaml'}）"


def test_a_configured_year_replaces_the_packages_data_for_that_year():
    configured = {2019: YearArrangement(frozenset({date(2019, 6, 3)}), frozenset())}
    calendar = build_calendar(configured, "holidays.yaml")
    assert not calendar.is_workday(date(2019, 6, 3))
    assert calendar.is_workday(date(2019, 10, 1))  # the package's 国庆 2019 is not used any more
    assert calendar.sources[2019] == "holidays.yaml" and calendar.sources[2018] == PACKAGE


def test_a_new_years_holiday_may_start_in_december_of_the_year_before(cfg):
    text = "holidays:\n  2027:\n    元旦: {holiday: 2026-12-31 ~ 2027-01-01}\n"
    calendar = load_config(with_holidays(cfg, text)).calendar
    assert not calendar.is_workday(date(2026, 12, 31)) and calendar.is_workday(date(2026, 12, 30))


def test_an_uncovered_year_is_refused_strictly_and_guessed_only_when_asked():
    calendar = build_calendar()
    with pytest.raises(WorkdayError) as err:
        calendar.add_workdays(date(2026, 12, 30), 3)
    assert err.value.year == 2027 and "config/holidays.yaml 中填写 2027 年的安排" in str(err.value)
    guessing = calendar.guessing()
    assert guessing.is_workday(date(2027, 1, 1)) and not guessing.is_workday(date(2027, 1, 2))
    assert guessing.first_workday(2027, 1) == date(2027, 1, 1)
    assert guessing.is_workday(date(2026, 1, 4)) and not guessing.is_workday(date(2026, 1, 1))  # known years as known


def test_the_example_in_the_shipped_file_is_the_2026_notice_the_package_has(tmp_path):
    lines = (ROOT / "config" / "holidays.yaml").read_text("utf-8").splitlines()
    start = lines.index("#   2026:")
    example = [lines[start]] + [line for line in lines[start + 1 :] if line.startswith("#     ")][:7]
    assert len(example) == 8
    (tmp_path / "holidays.yaml").write_text("holidays:\n" + "\n".join(line[2:] for line in example), "utf-8")
    f = YamlFile(tmp_path / "holidays.yaml")
    parsed = parse_holidays(f, f.load(dates_as_text=True))
    assert f.problems == [] and list(parsed) == [2026]
    package, configured = build_calendar(), build_calendar(parsed)
    days = [date.fromordinal(date(2026, 1, 1).toordinal() + i) for i in range(365)]
    assert [configured.is_workday(d) for d in days] == [package.is_workday(d) for d in days]
    assert load_config(ROOT / "config").calendar.sources == package.sources  # the example is not active


# --- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "holidays:\n  2027:\n    春节: {holiday: 2027-02-30}\n",
            "holidays.2027.春节.holiday：「2027-02-30」不是有效的日期",
        ),
        (
            "holidays:\n  2027:\n    春节: {holiday: 2027-02-13 ~ 2027-02-06}\n",
            "holidays.2027.春节.holiday：「2027-02-13 ~ 2027-02-06」的结束日期早于开始日期",
        ),
        (
            "holidays:\n  2027:\n    春节: {holiday: 2027-02-06 ~ 2027-03-06}\n",
            "holidays.2027.春节.holiday：「2027-02-06 ~ 2027-03-06」长达 29 天，超过 15 天",
        ),
        (
            "holidays:\n  2027:\n    国庆节: {holiday: 2028-10-01 ~ 2028-10-07}\n",
            "holidays.2027.国庆节.holiday：「2028-10-01 ~ 2028-10-07」不在 2027 年内",
        ),
        (
            "holidays:\n  2027:\n    春节: {holiday: 2027-02-06 ~ 2027-02-12, workday: [2027-02-08]}\n",
            "holidays.2027.春节.workday：2027-02-08 是星期一，本来就上班",
        ),
        ("holidays:\n  2027:\n    春节: {workday: [2027-02-14]}\n", "holidays.2027.春节.holiday：缺少此项"),
        ("holidays:\n  2027:\n    春节: 2027-02-06\n", "holidays.2027.春节：应写成 {holiday:"),
        (
            "holidays:\n  2027:\n    春节: {holiday: 2027-02-06, rest: 2027-02-07}\n",
            "holidays.2027.春节.rest：未知的配置项",
        ),
        ("holidays:\n  二〇二七:\n    元旦: {holiday: 2027-01-01}\n", "holidays.二〇二七：年度应为四位数字"),
        (
            "holidays:\n  2027:\n    元旦: {holiday: 2027/01/01}\n",
            "holidays.2027.元旦.holiday：「2027/01/01」不是有效的日期",
        ),
    ],
)
def test_a_bad_entry_names_the_file_and_the_key(cfg, text, expected):
    found = problems(cfg, text)
    assert any(p.startswith(expected) for p in found), found


def test_a_day_both_off_and_working_is_an_error_naming_both_entries(cfg):
    text = (
        "holidays:\n  2027:\n    春节: {holiday: 2027-02-06 ~ 2027-02-14}\n"
        "    其他: {holiday: 2027-03-01, workday: [2027-02-14]}\n"
    )
    assert problems(cfg, text) == [
        "holidays.2027.其他.workday：2027-02-14 同时写在 holidays.2027.春节.holiday（放假）和 "
        "holidays.2027.其他.workday（上班），请对照放假通知改正其一"
    ]


def test_the_same_day_off_under_two_festivals_is_an_error(cfg):
    text = "holidays:\n  2027:\n    中秋节: {holiday: 2027-10-01}\n    国庆节: {holiday: 2027-10-01 ~ 2027-10-07}\n"
    assert problems(cfg, text) == [
        "holidays.2027.国庆节.holiday：2027-10-01 已写在 holidays.2027.中秋节.holiday（放假），同一天不要写两次"
    ]


def test_a_bad_file_stops_the_bot_with_exit_2_naming_the_file(cfg, tmp_path):
    with_holidays(cfg, "holidays:\n  2027:\n    元旦: {holiday: 2027-01-32}\n")
    result = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(tmp_path / "x.db"), "check"])
    assert result.exit_code == 2
    assert f"{cfg / 'holidays.yaml'} 的 holidays.2027.元旦.holiday：「2027-01-32」不是有效的日期" in result.output


def test_an_empty_or_missing_file_means_the_package_alone(cfg):
    assert load_config(with_holidays(cfg, "holidays:\n")).calendar.sources[2026] == PACKAGE
    (cfg / "holidays.yaml").unlink()
    assert not load_config(cfg).calendar.covers(2027)


# --- what the jobs do in January 2027 ------------------------------------------------------------------


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def admin_texts(posts) -> list[str]:
    return sorted({p.text for p in posts})


def start(cfg: Path, tmp_path: Path, now: datetime):
    from bot.common.clock import FixedClock
    from bot.store import open_store
    from tests.chatkit import start_bot

    bot = start_bot(load_config(cfg), open_store(None), FixedClock(now.replace(tzinfo=None)), tmp_path)
    bot.app.office.notices.register_group(GROUP_ID)
    draft = bot.app.office.drafts.adoption("济办", "上街信息", "单条", date(2026, 12, 3))
    bot.app.office.ledger.record([draft], ADMINS[0])
    return bot


def test_january_2027_configured_waits_for_the_first_working_day_and_says_nothing(cfg, tmp_path):
    bot = start(with_holidays(cfg, HOLIDAYS_2027), tmp_path, at(2027, 1, 1, 9, 0))
    assert run_job(bot.app, "monthly_bulletin", at(2027, 1, 1, 9, 0)) == []  # 元旦
    posts = run_job(bot.app, "monthly_bulletin", at(2027, 1, 4, 9, 0))
    assert [p.room_id for p in posts] == [GROUP_ID] and "2026年全年" in posts[0].text
    hours, calendar = bot.app.config.bot.office_hours, bot.app.config.calendar
    assert hours.contains(at(2027, 1, 30, 10, 0), calendar)  # a configured 调休 Saturday opens the office
    assert not hours.contains(at(2027, 1, 31, 10, 0), calendar)
    later = run_job(bot.app, "weekly_quota", at(2027, 2, 5, 15, 0))
    assert later and not any("未配置" in p.text for p in later)


def test_january_2027_unconfigured_posts_monday_to_friday_and_tells_the_admins_once(cfg, tmp_path):
    (cfg / "holidays.yaml").unlink()
    bot = start(cfg, tmp_path, at(2027, 1, 1, 9, 0))
    posts = run_job(bot.app, "monthly_bulletin", at(2027, 1, 1, 9, 0))  # Friday 1 January, guessed a workday
    notice = f"2027 年的法定节假日未配置，暂按周一至周五计算工作日；请在 {cfg / 'holidays.yaml'} 填入国务院放假通知。"
    assert sorted(p.contact_id for p in posts if p.contact_id) == sorted(ADMINS)
    assert all(p.text.startswith(notice) for p in posts if p.contact_id)
    assert [p.room_id for p in posts if p.room_id] == [GROUP_ID]
    later = run_job(bot.app, "weekly_quota", at(2027, 1, 8, 15, 0)) + run_job(
        bot.app, "monthly_bulletin", at(2027, 2, 1, 9, 0)
    )
    assert "1月4日起的一周" in later[0].text  # ran on the guessed Friday
    assert not any("未配置" in p.text for p in later)  # no second notice this year
    assert run_job(bot.app, "monthly_bulletin", at(2027, 1, 2, 9, 0)) == []  # Saturday: outside office days


def test_a_pledge_deadline_in_an_unconfigured_year_is_refused_not_guessed(cfg, tmp_path):
    (cfg / "holidays.yaml").unlink()
    bot = start(cfg, tmp_path, at(2026, 12, 21, 10, 0))
    reply = bot.admin("/领导调整 济办 2026-12-21")
    assert "无法判断 2027年" in reply and "holidays.yaml 中填写 2027 年的安排" in reply
    assert bot.app.office.pledges.open() == []
    with_holidays(cfg, HOLIDAYS_2027)
    bot = start(cfg, tmp_path / "again", at(2026, 12, 21, 10, 0))
    assert "须在 1月12日（含）前签订" in bot.admin("/领导调整 济办 2026-12-21")  # 15 working days past 元旦 2027


# --- doctor and check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, configured, expected",
    [
        (date(2026, 10, 31), False, None),
        (date(2026, 11, 1), False, "2027 年的法定节假日还未配置"),
        (date(2026, 11, 1), True, None),
        (date(2027, 3, 1), False, "2027 年的法定节假日未配置：定时通报暂按周一至周五发送"),
    ],
)
def test_doctor_warns_from_1_november_when_next_year_is_missing(cfg, today, configured, expected):
    if configured:
        with_holidays(cfg, HOLIDAYS_2027)
    problem = holiday_coverage_problem(load_config(cfg).calendar, today)
    assert (problem is None) if expected is None else expected in problem


def test_infobot_check_lists_the_years_and_warns_in_december(cfg, tmp_path):
    args = ["--config", str(cfg), "--db", str(tmp_path / "x.db"), "--now", "2026-12-05T10:00", "check"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "法定节假日：已知 2004—2026 年（chinesecalendar）。" in result.output
    assert "注意：2027 年的法定节假日还未配置" in result.output
    with_holidays(cfg, HOLIDAYS_2027)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "注意" not in result.output
    assert f"2004—2026 年（chinesecalendar）、2027 年（{cfg / 'holidays.yaml'}）。" in result.output
