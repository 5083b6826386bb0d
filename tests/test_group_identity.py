"""The group is known by its room id only: a same-named group, a rename, and /设为本群."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs.monthly import monthly_bulletin
from bot.store import open_store
from tests.chatkit import ADMIN, GROUP_ID, GROUP_TOPIC, start_bot

ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]
FAKE = "room_fake@chatroom"
OUTSIDER = "wxid_outsider"
JIBAN = "wxid_liaison_jiban"


@pytest.fixture
def fresh(config, tmp_path):
    """A bot that has no group yet (group.ids empty, as shipped)."""
    bot = start_bot(config, open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path, group=None)
    yield bot
    bot.app.store.close()


def left(bot, contact: str, room: str):
    return asyncio.run(bot.app.member_left(contact, room))


def test_a_same_named_group_takes_nothing_over(bot):
    bot.bind(JIBAN, "济办", name="小李")
    # An outsider creates a group with the same name and talks there.
    sent = bot.send(bot.message(OUTSIDER, "大家好", room_id=FAKE))
    sent += bot.send(bot.message(OUTSIDER, "#报送 【假的】正文", room_id=FAKE))
    assert [o.room_id for o in sent] == [None] * len(ADMINS)  # only the admins hear of it, privately
    assert bot.app.office.notices.group_room() == GROUP_ID
    assert bot.rows("submissions") == []
    assert [m["room_id"] for m in bot.rows("messages")] == []  # nothing from that room is stored
    # The monthly post still goes to the real group, never to the fake one.
    bot.admin("/采用 济办 上街信息 单条 《真的》 6月3日")  # a bulletin needs something recorded
    assert [p.room_id for p in monthly_bulletin(bot.app, FixedClock(datetime(2019, 7, 1, 9, 0)).now())] == [GROUP_ID]
    # Removing the liaison from the fake group ends no binding and proposes nothing.
    assert left(bot, JIBAN, FAKE) == []
    assert bot.app.office.members.unit_of(JIBAN) == "济办"
    assert all(b["ended_reason"] is None for b in bot.rows("bindings"))


def test_a_same_named_group_is_only_suggested_to_the_admins_once(bot):
    sent = bot.send(bot.message(OUTSIDER, "大家好", room_id=FAKE))
    assert sorted(o.contact_id for o in sent) == sorted(ADMINS)
    assert all(o.room_id is None for o in sent)
    assert sent[0].text.startswith(
        f"检测到名为「{GROUP_TOPIC}」的群（id {FAKE}）发来消息，如果这是信息员群，请管理员在群里发送 /设为本群。"
    )
    assert bot.send(bot.message(OUTSIDER, "还在吗", room_id=FAKE)) == []
    # A room with another name is not even suggested.
    assert bot.send(bot.message(OUTSIDER, "大家好", room_id="room_chat@chatroom", topic="上街闲聊群")) == []


def test_renaming_the_group_changes_nothing(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "#报送 【改名后】正文", topic="上街信息员之家（新）")
    assert reply.startswith("已收到 济办 报送 #1")
    assert bot.app.office.notices.group_room() == GROUP_ID
    assert left(bot, JIBAN, GROUP_ID)  # leaving the renamed group still counts
    assert bot.app.office.members.unit_of(JIBAN) is None


def test_an_admin_registers_the_group_and_the_admins_are_told_privately(fresh):
    before = fresh.send(fresh.message(JIBAN, "/帮助"))  # unregistered: no answer there, a hint to the admins
    assert sorted(o.contact_id for o in before) == sorted(ADMINS)
    assert fresh.app.office.notices.group_room() is None
    sent = fresh.send(fresh.message(ADMIN, "/设为本群", name="高歌"))
    in_group = [o for o in sent if o.room_id == GROUP_ID]
    private = [o for o in sent if o.contact_id]
    assert [o.text for o in in_group] == [
        f"管理员 高歌 已将本群登记为信息员群（id {GROUP_ID}）。此后通报、约稿、提醒都发到本群；群改名不影响。"
    ]
    assert sorted(o.contact_id for o in private) == sorted(ADMINS)
    assert f"已将群「{GROUP_TOPIC}」（id {GROUP_ID}）登记为信息员群" in private[0].text
    assert fresh.app.office.notices.group_room() == GROUP_ID
    assert fresh.say(JIBAN, "/绑定 济办").startswith("已提交绑定申请")  # the group is heard now


def test_a_new_registration_replaces_the_old_one(bot):
    sent = bot.send(bot.message(ADMIN, "/设为本群", name="高歌", room_id="room_new@chatroom", topic="新群"))
    assert (
        "原来登记的群（id room_shangjie@chatroom）不再是信息员群" in [o for o in sent if o.contact_id == ADMIN][0].text
    )
    assert bot.app.office.notices.group_room() == "room_new@chatroom"
    assert [o.room_id for o in bot.send(bot.message(JIBAN, "/绑定 济办"))] == [None] * len(ADMINS)  # not heard
    assert bot.rows("bindings") == []
    assert left(bot, JIBAN, GROUP_ID) == []


def test_a_non_admin_cannot_register_a_group_and_gets_no_answer_outside_it(fresh, bot):
    """In a room that is not the group, /设为本群 is heard only from an admin: anyone else is ignored
    (nothing stored, nothing posted there), however often they send it."""
    for _ in range(3):
        assert fresh.send(fresh.message(OUTSIDER, "/设为本群", room_id=FAKE, topic="买菜群")) == []
        assert bot.send(bot.message(OUTSIDER, "/设为本群", room_id=FAKE, topic="买菜群")) == []
    assert fresh.app.office.notices.group_room() is None and fresh.rows("messages") == []
    assert bot.app.office.notices.group_room() == GROUP_ID and bot.rows("messages") == []
    assert fresh.rows("outbox") == [] and bot.rows("outbox") == []


def test_in_the_group_a_non_admin_is_told_set_group_is_for_admins(bot):
    assert bot.say(OUTSIDER, "/设为本群") == "「/设为本群」仅限区委办信息科管理员使用。"
    assert bot.app.office.notices.group_room() == GROUP_ID


def test_registering_privately_is_explained(bot):
    assert bot.admin("/设为本群", private=True) == "「/设为本群」请在要登记为信息员群的群里发送。"


def test_a_configured_group_id_cannot_be_overridden_by_registration(config, tmp_path):
    pinned = replace(config, bot=replace(config.bot, group_ids=("room_pinned@chatroom",)))
    bot = start_bot(pinned, open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path, group=None)
    reply = bot.say(ADMIN, "/设为本群", room_id=FAKE)
    assert reply.startswith(f"{config.directory / 'bot.yaml'} 的 group.ids 已指定了信息员群，「/设为本群」不会改变它。")
    assert bot.app.office.notices.group_room() == "room_pinned@chatroom"
    assert bot.say(JIBAN, "/绑定 济办", room_id=FAKE) == ""
    assert bot.say(JIBAN, "/绑定 济办", room_id="room_pinned@chatroom").startswith("已提交绑定申请")


def test_old_configs_without_topics_or_ids_are_explained(tmp_path):
    from bot.settings.botfile import parse_bot
    from bot.settings.reader import YamlFile

    f = YamlFile(tmp_path / "bot.yaml")
    parse_bot(f, {"group": {}, "admins": [{"name": "甲", "contact_id": "wxid_a"}]})
    assert any("群由 ids 或管理员在群里发送 /设为本群 认定" in str(p) for p in f.problems)
