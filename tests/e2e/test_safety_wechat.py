"""End to end over the puppet-service protocol: the attack-and-fault findings of issue 12 (parts 5 and 6)."""

from __future__ import annotations

import time

import pytest

from tests.documents import docx_bytes
from tests.e2e import gateway as gw
from tests.e2e.infobot_process import Chat, Infobot, make_config, node_ready

pytestmark = pytest.mark.skipif(
    not node_ready(), reason="未安装 node（Node.js），跳过微信端到端测试：apt-get install nodejs npm"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e-safety")
    g = gw.Gateway(stderr_path=str(workdir / "gateway.err")).start()
    bot = Infobot.start(workdir, make_config(workdir, outbox={"daily_cap": 20}, group_ids=[gw.ROOM_HOME]), g)
    try:
        g.wait_streams(1, timeout=30)
        chat = Chat(g, bot)
        request = chat.say(gw.LIAISON_JIBAN, "/绑定 济办")["text"]
        number = request.split("申请 #")[1].split("）")[0]
        assert "为「济办」的信息员" in chat.say(gw.ADMIN_GAOGE, f"/确认绑定 {number}")["text"]
        assert "已收到 济办 报送 #1" in chat.say(gw.LIAISON_JIBAN, "#报送 【一长三员】正文")["text"]
        yield g, bot, chat
    finally:
        assert bot.stop() == 0, bot.stderr()[-3000:]
        g.stop()


def test_a_fake_docx_is_refused_and_a_long_chinese_name_is_stored(world):
    g, bot, chat = world
    reply = chat.say(gw.LIAISON_JIBAN, "", file=("稿件.docx", b"PK\x03\x04 fake docx"))
    assert reply["text"].startswith("附件「稿件.docx」的内容不是Word 文档（.docx）"), reply
    assert bot.rows("SELECT * FROM attachments") == []
    name = "关于济源路街道“一长三员”助力城市精细化管理的经验做法" * 4 + ".docx"
    reply = chat.say(gw.LIAISON_JIBAN, "", file=(name, docx_bytes()))
    assert reply["text"].endswith("附到报送 #1《一长三员》。"), reply
    [row] = bot.rows("SELECT path FROM attachments")
    stored = bot.workdir / row["path"] if not row["path"].startswith("/") else row["path"]
    assert open(stored, "rb").read() == docx_bytes()


def test_rtl_and_control_characters_are_not_echoed(world):
    g, bot, chat = world
    reply = chat.say(gw.LIAISON_JIBAN, "/x\u202egnp.exe\x07")
    assert reply["text"].startswith("未知命令「/xgnp.exe」"), reply


def test_a_stranger_flood_leaves_the_admin_answered_at_once(world):
    g, bot, chat = world
    for _ in range(25):
        g.say(gw.STRANGER, "/x")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(bot.rows("SELECT 1 FROM messages WHERE sender_id = ?", gw.STRANGER)) < 25:
        time.sleep(0.1)
    assert len(bot.rows("SELECT 1 FROM outbox WHERE requested_by = ?", gw.STRANGER)) == 1  # one hint a day
    for _ in range(20):
        g.say(gw.STRANGER, "/帮助")  # replies enough to use up the daily cap of 20
    reply = chat.say(gw.ADMIN_GAOGE, "/帮助", room=None)
    assert "/确认绑定" in reply["text"], reply
