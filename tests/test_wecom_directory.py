"""/通讯录: per unit, the liaisons bound, and who can be written to privately on 企业微信 (the push rule)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.settings.units import Leader, UnitDirectory
from bot.store import open_store
from tests.chatkit import ADMIN, start_bot

FENGUAN, YIBASHOU, ZHANG = "hbj_fenguan", "hbj_yibashou", "zhangsan"


@pytest.fixture
def bot(config, tmp_path):
    leaders = (Leader("分管领导", "王某", FENGUAN), Leader("一把手", "李某", YIBASHOU))
    units = UnitDirectory([replace(u, leaders=leaders) if u.name == "环保局" else u for u in config.units])
    harness = start_bot(
        replace(config, units=units), open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path
    )
    harness.bind(ZHANG, "环保局", name="张三")
    harness.app.store.note_wrote(FENGUAN, "contact", harness.clock.now().replace(hour=9, minute=5))
    yield harness
    harness.app.store.close()


def wecom(bot, sender: str, text: str, **kw) -> str:
    outs = bot.send(replace(bot.message(sender, text, private=True, **kw), names_given=False))
    return "\n".join(o.text for o in outs if o.contact_id == sender)


def test_a_unit_shows_who_is_bound_and_who_can_be_written_to(bot):
    assert wecom(bot, ADMIN, "/通讯录 环保局").splitlines() == [
        "环保局 通讯录：",
        "信息员 张三（zhangsan）：不可私信（还没单聊给机器人发过消息）",
        "分管领导 王某（hbj_fenguan）：可私信（6月28日 09:05 单聊发过消息）",
        "一把手 李某（hbj_yibashou）：不可私信（还没单聊给机器人发过消息）",
        "要让某人可私信：请他在企业微信里找到机器人，单聊发一条消息（如「你好」），一次即可。"
        "不可私信的人的私信（如季度提醒）会交给管理员转交。",
    ]


def test_writing_once_makes_a_person_reachable(bot):
    bot.app.store.note_wrote(YIBASHOU, "contact", bot.clock.now())  # as the wecom transport notes a 「你好」
    assert "一把手 李某（hbj_yibashou）：可私信（6月28日 10:00 单聊发过消息）" in wecom(bot, ADMIN, "/通讯录 环保局")


def test_all_units_count_who_is_unreachable_and_name_them(bot):
    lines = wecom(bot, ADMIN, "/通讯录").splitlines()
    assert lines[0] == "通讯录（2019 年度 53 个考核单位）："
    assert lines[1].startswith("已绑定信息员的单位 1 个；没有信息员的 52 个：")
    assert lines[2] == "信息员 1 人，可私信 0 人；不可私信：环保局 信息员 张三"
    assert lines[3] == "领导 2 人，可私信 1 人；不可私信：环保局 一把手 李某"
    assert lines[-1] == "查看某单位：/通讯录 单位"


def test_on_other_networks_reachability_is_said_to_be_a_wecom_rule(bot):
    reply = bot.admin("/通讯录 环保局", private=True).splitlines()
    assert reply[1].startswith("（「可私信」是企业微信的规定")
    assert "分管领导 王某（hbj_fenguan）（企业微信上最近单聊：6月28日 09:05）" in reply
    assert "信息员 张三（zhangsan）" in reply and not any("不可私信" in line for line in reply[2:])


def test_only_admins_and_only_known_units(bot):
    assert "仅限区委办信息科管理员" in wecom(bot, ZHANG, "/通讯录")
    assert "未知单位「火星办」" in wecom(bot, ADMIN, "/通讯录 火星办")
