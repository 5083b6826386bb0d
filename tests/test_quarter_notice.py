"""At quarter end the admins also get the 公众号 notice to paste and the 例会 reminder with the quarter's figures."""

from __future__ import annotations

from datetime import datetime

from bot.common.clock import FixedClock
from bot.jobs.quarterly import quarterly_notices
from bot.store import open_store
from tests.chatkit import start_bot
from tests.test_scheduled_posts import LEADERS, quarter_config, quarter_data  # noqa: F401  (fixture)


def test_public_notice_and_meeting_reminder(config, tmp_path, quarter_data):  # noqa: F811
    bot = start_bot(quarter_config(config, LEADERS), open_store(None), FixedClock(datetime(2019, 7, 1, 10)), tmp_path)
    quarter_data(bot)
    bot.bind("wxid_jiban", "济办")
    bot.at(FixedClock(datetime(2019, 5, 6, 9)).now())
    bot.say("wxid_jiban", "#报送 【五月的一条信息】正文")
    bot.at(FixedClock(datetime(2019, 7, 1, 10)).now())
    posts = [p.text for p in quarterly_notices(bot.app, bot.clock.now()) if p.contact_id == "wxid_office_gaoge"]
    assert len(posts) == 3
    notice = posts[1].splitlines()
    assert notice[0] == "【公众号通报稿】以下文字可直接复制到《上街信息》微信公众号发布："
    assert notice[2] == "2019年第二季度全区信息工作情况通报"
    assert notice[4] == "一、持续先进单位（三次排名均居全区前2名）：环保局（任务占比 90%）。"
    assert notice[5] == "二、持续落后单位（三次排名均居全区后2名）：科协（任务占比 0%）。"
    assert notice[-2:] == ["中共上街区委办公室", "2019年7月1日"]
    meeting = posts[2].splitlines()
    assert meeting[0].startswith("【例会提醒】请召开2019年第二季度信息工作例会：")
    assert meeting[1] == "本季度（2019年4月1日至6月30日）：各单位报送 1 条，采用 16 条（篇），得分合计 142 分。"
    assert meeting[2] == "本季度得分前列：环保局 90 分、济办 36 分、金融办 8 分、中心办 4 分、编办 4 分。"
    assert meeting[3].startswith("截至6月30日（时间进度 49.6%）：已完成全年目标任务 0 个，未达到时间进度 ")
