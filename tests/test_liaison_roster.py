"""Liaisons are listed and unbound by unit or display name, never by guess."""

from __future__ import annotations

LINA = "wxid_lina"


def test_unbind_by_unit_or_display_name(bot):
    bot.bind(LINA, "济办", name="李娜")
    reply = bot.admin("/解绑 济办 调岗")
    assert reply.startswith("已解除 李娜（wxid_lina）与「济办」的绑定：调岗。")
    bot.bind(LINA, "济办", name="李娜")
    assert bot.admin("/解绑 李娜").startswith("已解除 李娜（wxid_lina）与「济办」的绑定：管理员解绑。")
    bot.bind(LINA, "济办", name="李娜")
    assert bot.admin("/解绑 wxid_lina 离职").startswith("已解除 李娜（wxid_lina）")
    assert [r["ended_reason"] for r in bot.rows("bindings")] == ["调岗", "管理员解绑", "离职"]


def test_an_ambiguous_name_is_asked_about_and_nobody_is_unbound(bot):
    bot.bind(LINA, "济办", name="李娜")
    bot.bind("wxid_lina2", "环保局", name="李娜")
    bot.bind("wxid_wang", "济办", name="王强")
    reply = bot.admin("/解绑 李娜")
    assert "昵称「李娜」有 2 位信息员：李娜（wxid_lina，济办）、李娜（wxid_lina2，环保局）" in reply
    assert "请写明联系人 id，如：/解绑 wxid_lina 原因" in reply
    reply = bot.admin("/解绑 济办")
    assert "「济办」有 2 位信息员" in reply and "王强（wxid_wang，济办）" in reply
    assert all(r["ended_at"] is None for r in bot.rows("bindings"))
    assert "找不到「张三」" in bot.admin("/解绑 张三")
    assert "「金融办」没有已确认绑定的信息员。发送 /信息员 金融办 查看" in bot.admin("/解绑 金融办")


def test_roster_lists_liaisons_units_with_nobody_and_pending_requests(bot):
    bot.bind(LINA, "济办", name="李娜")
    bot.bind("wxid_wang", "济办", name="王强")
    bot.say("wxid_new", "/绑定 环保局", name="小周")
    reply = bot.admin("/信息员")
    assert "已绑定信息员的单位（1 个）：\n济办：李娜、王强" in reply
    assert "没有信息员的单位（52 个）：中心办、产业集聚区管委会" in reply and "环保局" in reply
    assert "待确认的绑定申请（1 条）：#3 小周 → 环保局" in reply
    assert "wxid_" not in reply.split("没有信息员")[0]
    reply = bot.admin("/信息员 环保局")
    assert reply == "环保局 的信息员：无\n待确认：小周（wxid_new）申请 #3，确认请发送「/确认绑定 3」"
    assert bot.admin("/信息员 济源路街道") == "济办 的信息员：李娜（wxid_lina）、王强（wxid_wang）"
    assert "仅限区委办信息科管理员" in bot.say(LINA, "/信息员")


def test_typos_are_forgiven_or_answered_briefly(bot):
    reply = bot.say(LINA, "/绑定 环保", name="李娜")
    assert "已提交绑定申请：李娜 → 环保局" in reply
    reply = bot.say("wxid_x", "/绑定 不存在的单位")
    assert reply.startswith("未知单位「不存在的单位」。请写单位的全称、简称或常用别名（共 53 个，如：")
    assert "金融办" not in reply  # not all 53 names into the group
    bot.bind("wxid_jb", "济办")
    reply = bot.say("wxid_jb", "/我得得分")
    assert "/我的得分" in reply and "/扣分" not in reply


def test_emergency_grades_written_with_numbers(bot):
    for text, points in (("三级", -30), ("4级", -20), ("紧急信息4级", -20), ("Ⅱ级", -40)):
        reply = bot.admin(f"/紧急扣分 济办 {text} 写作{text}")  # distinct notes: the same fact twice is refused
        assert f"{points:+d} 分" in reply, reply
    assert "已登记" in bot.admin("/扣分 环保局 紧急信息3级")


def test_a_liaison_configured_by_id_is_listed_by_the_name_last_seen(config, tmp_path):
    from dataclasses import replace
    from datetime import datetime

    from bot.common.clock import FixedClock
    from bot.settings.units import UnitDirectory
    from bot.store import open_store
    from tests.chatkit import start_bot

    units = [replace(u, liaisons=("wxid_cfg",)) if u.name == "金融办" else u for u in config.units]
    conf = replace(config, units=UnitDirectory(units, config.units.groups))
    bot = start_bot(conf, open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    bot.say("wxid_cfg", "/我的得分", name="金融办小王")
    assert "金融办：金融办小王" in bot.admin("/信息员")
    bot.app.store.close()
