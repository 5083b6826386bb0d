"""企业微信 gives the bot userids, never names: names come from bot.yaml, units.yaml and the binding, and every
reply and post shows them, not userids."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.store import open_store

from tests.chatkit import ADMIN, GROUP_ID, start_bot

ZHANG = "zhangsan"  # a 企业微信 userid


def wecom(bot, sender: str, text: str, **kw):
    """A message as the 企业微信 transport hands it over: the userid stands in for the name."""
    return bot.send(replace(bot.message(sender, text, **kw), names_given=False))


def texts(outs) -> list[str]:
    return [o.text for o in outs]


def test_binding_on_wecom_asks_for_the_name_when_it_is_missing(bot):
    reply = texts(wecom(bot, ZHANG, "/绑定 济办"))
    assert reply[0].startswith("请在单位名后写上您的姓名，例如：/绑定 济办 张三")
    assert bot.rows("bindings") == []


def test_binding_on_wecom_takes_the_name_and_replies_show_it(bot):
    reply = texts(wecom(bot, ZHANG, "/绑定 济办 张三"))
    assert reply == ["已提交绑定申请：张三 → 济办（申请 #1）。请区委办信息科发送「/确认绑定 1」确认。"]
    assert [(r["contact_id"], r["contact_name"]) for r in bot.rows("bindings")] == [(ZHANG, "张三")]
    confirmed = texts(wecom(bot, ADMIN, "/确认绑定 1"))
    assert confirmed[0].startswith("已确认：张三（zhangsan）为「济办」的信息员")
    assert bot.app.office.members.name_of(ZHANG) == "张三"
    roster = texts(wecom(bot, ADMIN, "/信息员 济办"))[0]
    assert roster == "济办 的信息员：张三（zhangsan）"


def test_a_name_too_long_is_refused_with_the_limit(bot):
    reply = texts(wecom(bot, ZHANG, "/绑定 济办 " + "张" * 30))[0]
    assert "太长（最多 20 个字）" in reply and bot.rows("bindings") == []


def test_binding_in_private_tells_the_admins_the_name_once(bot):
    told = [o for o in wecom(bot, ZHANG, "/绑定 济办 张三", private=True) if o.contact_id != ZHANG]
    assert told and all("新的绑定申请 #1：张三（zhangsan） → 济办" in o.text for o in told)


def test_a_network_with_names_still_binds_without_one(bot):
    assert bot.say("wxid_li", "/绑定 济办", name="小李").startswith("已提交绑定申请：小李 → 济办")


@pytest.fixture
def unregistered(config, tmp_path):
    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 6, 27, 10, 0)), tmp_path, group=None)
    yield bot
    bot.app.store.close()


def test_registering_the_group_on_wecom_names_the_admin_from_bot_yaml(unregistered):
    sent = wecom(unregistered, ADMIN, "/设为本群")
    group = [o.text for o in sent if o.room_id == GROUP_ID]
    private = [o.text for o in sent if o.contact_id]
    assert group and group[0].startswith("管理员 高歌 已将本群登记为信息员群")
    assert private and all(t.startswith("管理员 高歌 已将群") for t in private)
    assert not any(ADMIN in t.split("id ")[0] for t in group + private)  # the userid is never shown as a name
