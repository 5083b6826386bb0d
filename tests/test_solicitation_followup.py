"""A late answer after the deadline check updates the proposal; unit groups in /约稿."""

from __future__ import annotations

from datetime import datetime

from tests.chatkit import GROUP_ID
from tests.test_solicitation import HBJ, JIBAN, asked, at, deadline_check, group  # noqa: F401 - fixtures


def test_an_answer_after_the_deadline_check_turns_未报送_into_迟报(asked):  # noqa: F811
    asked.say(JIBAN, "#约稿 1 【按时的一篇】")
    deadline_check(asked, at(2019, 7, 5, 17, 0))
    assert asked.rows("proposals")[0]["note"].endswith("未报送")
    asked.at(datetime(2019, 7, 5, 19, 30))
    reply = asked.say(HBJ, "#约稿 1 【补报】正文")
    assert reply == (
        "已收到 环保局 对约稿 #1《大气污染防治经验做法》的报送 #2《补报》。"
        "已超过截止时间（7月5日（星期五）17:00），记为迟报；区委办的扣分提议已相应改为迟报。"
    )
    assert (
        asked.rows("proposals")[0]["note"]
        == "约稿 #1《大气污染防治经验做法》截止 7月5日 17:00，迟报（7月5日 19:30 报送 #2）"
    )
    asked.at(datetime(2019, 7, 8, 9, 0))
    asked.admin("/确认扣分 1")
    entry = asked.rows("entries")[0]
    assert "迟报（7月5日 19:30 报送 #2）" in entry["note"] and "未报送" not in entry["note"]


def test_solicit_a_unit_group(group):  # noqa: F811
    out = group.send(group.message("wxid_office_gaoge", "/约稿 一镇五办 7月5日17:00 《基层治理》", name="高歌"))
    assert "请以下单位于 7月5日（星期五）17:00 前报送：中心办、峡窝镇、工业办、新安办、济办、矿山办" in out[0].text
    assert out[0].room_id == GROUP_ID
    reply = group.admin("/约稿 全体 7月6日 《全区约稿》", private=True)
    assert "已在群里发布约稿 #2《全区约稿》" in reply
    assert len([r for r in group.rows("solicitation_units") if r["solicitation_id"] == 2]) == 53
