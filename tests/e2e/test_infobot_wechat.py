"""End to end: the real `infobot run` against a real puppet-service gRPC server (tests/e2e/gateway, a
wechaty-puppet-mock world of 「上街信息员之家」), all on 127.0.0.1. Members speak through the gateway's
control API; the tests read what the bot sent back and the rows in its SQLite file."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.request

import pytest

from tests.documents import docx_bytes
from tests.e2e import gateway as gw
from tests.e2e.infobot_process import ADMIN_NAME, Chat, Infobot, free_port, make_config, node_ready, wait_until

pytestmark = pytest.mark.skipif(
    not node_ready(), reason="未安装 node（Node.js），跳过微信端到端测试：apt-get install nodejs npm"
)

BOT_AT = "@信息员机器人\u2005"  # how WeChat shows a mention of the bot in the group


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="module")
def gateway(workdir):
    g = gw.Gateway(stderr_path=str(workdir / "gateway.err")).start()
    yield g
    g.stop()


@pytest.fixture(scope="module")
def bot(workdir, gateway):
    config = make_config(workdir)
    infobot = Infobot.start(workdir, config, gateway)
    try:
        gateway.wait_streams(1, timeout=30)
    except TimeoutError:
        infobot.stop()
        raise AssertionError(infobot.stderr()[-3000:]) from None
    infobot.web_port = json.loads(
        json.dumps(
            __import__("yaml").safe_load((config / "bot.yaml").read_text(encoding="utf-8"))["wechaty"]["web_port"]
        )
    )
    register_group(gateway, infobot)
    yield infobot
    assert infobot.stop() == 0, infobot.stderr()[-3000:]


def register_group(gateway: gw.Gateway, infobot: Infobot, room: str = gw.ROOM_HOME) -> dict:
    """The admin sends /设为本群 in the group: the bot knows it by its id from then on."""
    reply = Chat(gateway, infobot).say(gw.ADMIN_GAOGE, "/设为本群", room=room)
    assert "已将本群登记为信息员群" in reply["text"], reply
    return reply


@pytest.fixture(scope="module")
def chat(gateway, bot):
    return Chat(gateway, bot)


def test_liaison_binds_submits_and_asks_for_the_score(chat, bot):
    reply = chat.say(gw.LIAISON_JIBAN, "/绑定 济源路街道")
    assert "已提交绑定申请：街道办-王小红 → 济办" in reply["text"], reply
    request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", gw.LIAISON_JIBAN)[0]["id"]

    reply = chat.say(gw.ADMIN_GAOGE, f"/确认绑定 {request}")
    assert f"（{gw.LIAISON_JIBAN}）为「济办」的信息员" in reply["text"], reply

    # Typed the way WeChat sends it: @mention of the bot, U+2005, full-width 【】 title.
    reply = chat.say(
        gw.LIAISON_JIBAN, BOT_AT + "#报送 【济源路街道“一长三员”助力城市精细化管理】\n今年以来……", mentions=[gw.BOT_ID]
    )
    assert reply["text"].startswith("已收到 济办 报送 #1《济源路街道“一长三员”助力城市精细化管理》"), reply
    rows = bot.rows("SELECT unit, sender_id, title FROM submissions")
    assert rows == [{"unit": "济办", "sender_id": gw.LIAISON_JIBAN, "title": "济源路街道“一长三员”助力城市精细化管理"}]

    # The Word file right after it: small enough to come inline over puppet-service (see gateway/README.md).
    reply = chat.say(gw.LIAISON_JIBAN, "", file=("一长三员.docx", docx_bytes()))
    assert "已将附件「一长三员.docx」附到报送 #1" in reply["text"], reply
    assert [p.read_bytes() for p in (bot.workdir / "data" / "attachments").rglob("*.docx")] == [docx_bytes()]

    reply = chat.say(gw.ADMIN_GAOGE, "/采用 1 上街信息 单条 第22期")
    assert "济办" in reply["text"] and "#" in reply["text"], reply
    entries = bot.rows("SELECT unit, kind, publication, submission_id, recorded_by FROM entries")
    assert entries == [
        {
            "unit": "济办",
            "kind": "adoption",
            "publication": "上街信息",
            "submission_id": 1,
            "recorded_by": gw.ADMIN_GAOGE,
        }
    ]

    reply = chat.say(gw.LIAISON_JIBAN, "/我的得分")
    assert "济办" in reply["text"] and "累计得分" in reply["text"], reply


def real_docx(size: int) -> bytes:
    """A genuine .docx (a zip with word/document.xml) of about `size` bytes (incompressible padding)."""
    import io
    import os
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        docx.writestr("word/document.xml", '<?xml version="1.0"?><w:document><w:body>正文</w:body></w:document>')
        docx.writestr("word/media/image1.png", os.urandom(size), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def test_a_200_kb_docx_comes_over_the_download_rpc(chat, bot):
    """Puppet-service 1.x hands files over 20 KB as a UUID FileBox; the bot fetches it with Download."""
    reply = chat.say(gw.LIAISON_JIBAN, "#报送 【上街区大气污染防治工作综述】\n今年以来……")
    assert reply["text"].startswith("已收到 济办 报送 #2"), reply
    document = real_docx(200 * 1024)
    reply = chat.say(gw.LIAISON_JIBAN, "", file=("上街区大气污染防治工作综述（全文）.docx", document))
    assert "已将附件「上街区大气污染防治工作综述（全文）.docx」附到报送 #2" in reply["text"], reply
    stored = [p.read_bytes() for p in (bot.workdir / "data" / "attachments").rglob("*.docx")]
    assert document in stored and len(document) > 200 * 1024
    assert f"({len(document)} bytes) fetched with the Download RPC" in bot.stderr()


def test_a_stranger_with_the_admins_name_is_refused(chat, bot):
    before = bot.rows("SELECT count(*) AS n FROM entries")[0]["n"]
    reply = chat.say(gw.STRANGER, "/采用 1 上街信息 单条 第23期")
    assert "仅限区委办信息科管理员使用" in reply["text"], reply
    assert bot.rows("SELECT count(*) AS n FROM entries")[0]["n"] == before
    sender = bot.rows("SELECT sender_name FROM messages WHERE sender_id = ? ORDER BY at DESC LIMIT 1", gw.STRANGER)
    assert sender == [{"sender_name": ADMIN_NAME}]  # same name as the admin, told apart by the contact id


def test_admin_private_message(chat):
    reply = chat.say(gw.ADMIN_GAOGE, "/报送统计", room=None)
    assert reply["room"] is None and reply["contact"] == gw.ADMIN_GAOGE
    assert "济办" in reply["text"], reply


def test_other_groups_and_the_bots_own_messages_do_not_reach_the_router(chat, bot, gateway):
    gateway.say(gw.RESIDENT, "/帮助", room=gw.ROOM_OTHER)
    assert chat.quiet(1.0) == []
    assert bot.rows("SELECT count(*) AS n FROM messages WHERE room_id = ?", gw.ROOM_OTHER)[0]["n"] == 0
    # Every reply above came back to the bot as a message event (puppets echo them): none was stored.
    assert gateway.last_seq() >= 5
    assert bot.rows("SELECT count(*) AS n FROM messages WHERE sender_id = ?", gw.BOT_ID)[0]["n"] == 0


def test_a_liaison_leaving_the_group_is_reported_to_the_admins(gateway, bot):
    since = gateway.last_seq()
    gateway.member_leave(gw.LIAISON_JIBAN, by=gw.LIAISON_JIBAN)
    notice = gateway.wait_sent(lambda m: m["contact"] == gw.ADMIN_GAOGE, timeout=20, since=since)
    assert "济办" in notice["text"], notice
    assert bot.rows("SELECT ended_reason FROM bindings WHERE contact_id = ?", gw.LIAISON_JIBAN)[0]["ended_reason"]
    gateway.member_join(gw.LIAISON_JIBAN, by=gw.ADMIN_GAOGE)


def test_an_outsiders_group_with_our_name_takes_nothing_over(chat, bot, gateway):
    """The stranger's group is named 「上街信息员之家」 too: the admin is told of it privately (once), nothing
    from it is stored or answered (not even the stranger's /设为本群), no post goes there, and leaving it
    ends no binding."""
    assert "已提交绑定申请" in chat.say(gw.LIAISON_HBJ, "/绑定 环保局")["text"]
    request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", gw.LIAISON_HBJ)[0]["id"]
    assert "为「环保局」的信息员" in chat.say(gw.ADMIN_GAOGE, f"/确认绑定 {request}")["text"]

    since = gateway.last_seq()
    gateway.say(gw.STRANGER, "大家好", room=gw.ROOM_FAKE)
    gateway.say(gw.STRANGER, "#报送 【假的】正文", room=gw.ROOM_FAKE)
    gateway.say(gw.STRANGER, "/设为本群", room=gw.ROOM_FAKE)
    gateway.member_leave(gw.LIAISON_HBJ, room=gw.ROOM_FAKE, by=gw.STRANGER)
    later = chat.quiet(1.5)
    assert [m for m in gateway.sent(since=since) if m["room"] == gw.ROOM_FAKE] == []
    assert [m for m in later if m["contact"] == gw.ADMIN_GAOGE] == []  # no liaison-change notice
    hint = [m for m in gateway.sent(to=gw.ADMIN_GAOGE) if gw.ROOM_FAKE in m["text"]]
    assert len(hint) == 1 and hint[0]["text"].startswith(
        f"检测到名为「上街信息员之家」的群（id {gw.ROOM_FAKE}）发来消息，如果这是信息员群，请管理员在群里发送 /设为本群。"
    )
    assert bot.rows("SELECT ended_at FROM bindings WHERE contact_id = ?", gw.LIAISON_HBJ) == [{"ended_at": None}]
    assert bot.rows("SELECT text FROM messages WHERE room_id = ?", gw.ROOM_FAKE) == []
    assert bot.rows("SELECT count(*) AS n FROM submissions WHERE title = '假的'") == [{"n": 0}]
    gateway.member_join(gw.LIAISON_HBJ, room=gw.ROOM_FAKE, by=gw.STRANGER)


def test_a_queued_file_goes_out_as_a_file(chat, bot, workdir):
    picture = workdir / "排名_20190101-20190531.png"
    picture.write_bytes(b"\x89PNG fake" * 100)
    with sqlite3.connect(bot.db, timeout=5) as conn:  # as the monthly bulletin job queues its attachments
        conn.execute(
            "INSERT INTO outbox (room_id, text, mentions, file_path, created_at, status) "
            "VALUES (?, ?, '[]', ?, '2019-06-03T09:00:00+08:00', 'pending')",
            [gw.ROOM_HOME, f"附件：{picture.name}", str(picture)],
        )
    since = chat.gw.last_seq()
    chat.say(gw.ADMIN_GAOGE, "/帮助", room=None)  # any message wakes the delivery
    sent = chat.gw.wait_sent(lambda m: m["file"] is not None, timeout=20, since=since)
    assert sent["room"] == gw.ROOM_HOME and sent["file"] == {"name": picture.name, "size": 900}
    assert not [m for m in chat.gw.sent(since=since) if m["text"].startswith("附件：")]  # the caption is the file


def test_web_server_listens_on_loopback_at_the_configured_port(bot):
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.web_port}/infobot/health", timeout=5) as resp:
        health = json.loads(resp.read())
    assert health["logged_in"] is True and health["user"] == gw.BOT_ID


def test_replies_wait_while_the_account_is_logged_out_and_go_out_after_relogin(gateway, bot):
    gateway.logout()
    wait_until(lambda: not gateway.health()["loggedIn"], 10, "logged out")
    since = gateway.last_seq()
    gateway.say(gw.ADMIN_GAOGE, "/帮助", room=None)
    wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'"), 10, "reply queued")
    assert gateway.sent(since=since, wait=0.5) == []
    gateway.login()
    reply = gateway.wait_sent(lambda m: m["contact"] == gw.ADMIN_GAOGE, timeout=20, since=since)
    assert "/采用" in reply["text"]


@pytest.mark.parametrize("hard", [False, True], ids=["sigterm", "sigkill"])
def test_the_bot_answers_again_after_the_gateway_restarts(chat, gateway, bot, hard):
    gateway.restart(hard=hard)
    gateway.wait_streams(1, timeout=30)
    reply = chat.say(gw.ADMIN_GAOGE, "/帮助", room=None)
    assert "/采用" in reply["text"], reply
    assert bot.proc.poll() is None


def test_wrong_token_exits_3_with_a_clear_message(workdir, gateway):
    config = make_config(workdir / "wrong-token")
    started = time.monotonic()
    infobot = Infobot.start(workdir / "wrong-token", config, gateway, WECHATY_PUPPET_SERVICE_TOKEN="wrong_token")
    assert infobot.wait(30) == 3
    assert time.monotonic() - started < 20  # refused at once, not after the login timeout
    assert "拒绝了令牌" in infobot.stderr() and gateway.endpoint in infobot.stderr()


def test_no_login_in_time_exits_3_naming_the_endpoint(tmp_path):
    config = make_config(tmp_path, wechaty={"login_timeout_seconds": 2})
    endpoint = f"127.0.0.1:{free_port()}"  # nothing listens there
    infobot = Infobot(tmp_path, config, {**gw.Gateway().client_env(), "WECHATY_PUPPET_SERVICE_ENDPOINT": endpoint})
    assert infobot.wait(30) == 3
    err = infobot.stderr()
    assert f"秒内没有登录微信（puppet service：{endpoint}）" in err, err[-2000:]


def test_over_the_daily_cap_messages_wait_and_go_out_after_a_restart(tmp_path):
    """Two replies to a member fit under a cap of 2; the third stays in the outbox through a SIGTERM and goes out,
    after the cap is raised and the bot restarted, right behind the admins' notice about the cap.
    (The admins' own replies are not held by the cap.)"""
    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err")).start()
    try:
        bot = Infobot.start(tmp_path, make_config(tmp_path, outbox={"daily_cap": 2}, group_ids=[gw.ROOM_HOME]), g)
        g.wait_streams(1, timeout=30)
        chat = Chat(g, bot)
        for _ in range(2):
            assert chat.say(gw.RESIDENT, "/帮助", room=None)["text"]
        since = g.last_seq()
        g.say(gw.RESIDENT, "/帮助", room=None)
        wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE key LIKE 'outbox:cap:%'"), 20, "cap notice queued")
        assert g.sent(since=since, wait=0.5) == []
        assert bot.stop() == 0
        pending = bot.rows("SELECT key FROM outbox WHERE status = 'pending' ORDER BY id")
        assert len(pending) == 2 and pending[1]["key"].startswith("outbox:cap:")

        bot = Infobot.start(tmp_path, make_config(tmp_path, outbox={"daily_cap": 500}, group_ids=[gw.ROOM_HOME]), g)
        first = g.wait_sent(lambda m: True, timeout=30, since=since)
        second = g.wait_sent(lambda m: True, timeout=30, since=first["seq"])
        assert "每日上限 2 条" in first["text"], first
        assert "/帮助" in second["text"] or "报送" in second["text"], second
        assert bot.stop() == 0
    finally:
        g.stop()


def test_renaming_the_group_changes_nothing_even_after_a_restart(tmp_path):
    """A member renames the real group; the bot, restarted, still knows it by its id."""
    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err")).start()
    try:
        config = make_config(tmp_path)
        bot = Infobot.start(tmp_path, config, g)
        g.wait_streams(1, timeout=30)
        register_group(g, bot)
        g.set_topic("上街信息员之家（2019）", room=gw.ROOM_HOME, by=gw.RESIDENT)
        assert bot.stop() == 0
        bot = Infobot.start(tmp_path, config, g)
        g.wait_streams(1, timeout=30)
        reply = Chat(g, bot).say(gw.LIAISON_JIBAN, "/绑定 济办")
        assert reply["room"] == gw.ROOM_HOME and "已提交绑定申请" in reply["text"], reply
        assert bot.stop() == 0
    finally:
        g.stop()


def test_without_the_download_rpc_a_large_docx_comes_over_message_file_stream(tmp_path):
    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err"), download=False).start()
    try:
        bot = Infobot.start(tmp_path, make_config(tmp_path, group_ids=[gw.ROOM_HOME]), g)
        g.wait_streams(1, timeout=30)
        chat = Chat(g, bot)
        chat.say(gw.LIAISON_HBJ, "/绑定 环保局")
        request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", gw.LIAISON_HBJ)[0]["id"]
        chat.say(gw.ADMIN_GAOGE, f"/确认绑定 {request}")
        assert chat.say(gw.LIAISON_HBJ, "#报送 【环保工作】正文")["text"].startswith("已收到 环保局 报送 #1")
        document = real_docx(200 * 1024)
        reply = chat.say(gw.LIAISON_HBJ, "", file=("环保工作.docx", document))
        assert "已将附件「环保工作.docx」附到报送 #1" in reply["text"], reply
        assert [p.read_bytes() for p in (tmp_path / "data" / "attachments").rglob("*.docx")] == [document]
        assert "the server has no Download RPC; using MessageFileStream" in bot.stderr()
        assert bot.stop() == 0
    finally:
        g.stop()
