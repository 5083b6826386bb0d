"""End to end: the real `infobot run` as a 企业微信 smart bot against a fake long-connection server
(tests/e2e/wecom_server.py), all on 127.0.0.1. Members speak through the server; the tests read what the
bot sent back (passive replies and pushes) and the rows in its SQLite file."""

from __future__ import annotations

import io
import sqlite3
import zipfile

import pytest

from tests.documents import docx_bytes
from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import Infobot, make_config, wait_until

BOT_AT = "@信息员机器人 "  # 企业微信 puts the mention of the bot before the text, with a plain space
ADMINS = [{"name": "高歌", "contact_id": wx.ADMIN}]
FAST = {"interval_seconds": 0.05, "jitter_seconds": 0, "daily_cap": 500}


def wecom_config(directory, group_ids=(wx.CHAT_HOME,), monthly=False, **wecom):
    extra = {
        "group": {"topics": [], "ids": list(group_ids)} if group_ids else {"topics": ["上街信息员之家"]},
        "wecom": {"login_timeout_seconds": 20, "reconnect_base_seconds": 0.2, **wecom},
    }
    config = make_config(directory, admins=ADMINS, outbox={"wecom": FAST}, extra=extra)
    if monthly:  # due at 00:00 every day: the start-up catch-up posts this month's bulletin at once
        import yaml

        path = config / "bot.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["schedule"]["monthly_bulletin"] = {"enabled": True, "cron": {"hour": 0, "minute": 0}, "days": "all"}
        data["office_hours"] = {"start": "00:00", "end": "24:00", "days": "all"}  # whenever the test runs
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def start_bot(workdir, server, config, now: str | None = None, **env) -> Infobot:
    bot = Infobot(workdir, config, server.client_env(**env), now=now)
    try:
        server.wait_subscriptions(server.subscriptions + 1, timeout=30)
    except TimeoutError:
        bot.stop()
        raise AssertionError(bot.stderr()[-3000:]) from None
    return bot


class Chat:
    def __init__(self, server: wx.WecomServer, bot: Infobot):
        self.server, self.bot = server, bot

    def say(self, frm: str, text: str, chat: str | None = wx.CHAT_HOME, timeout: float = 20.0) -> dict:
        """Send; the bot's first message after it to that chat (the group, or `frm` one-to-one)."""
        since = self.server.last_seq()
        self.server.say(frm, text, chat=chat)
        return self.wait(chat or frm, since, timeout)

    def send_file(self, frm: str, name: str, data: bytes, timeout: float = 20.0) -> dict:
        since = self.server.last_seq()
        self.server.send_file(frm, name, data)
        return self.wait(frm, since, timeout)

    def wait(self, to: str, since: int, timeout: float = 20.0) -> dict:
        try:
            return self.server.wait_sent(lambda m: m["to"] == to and m["text"] is not None, timeout, since)
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n--- infobot stderr ---\n{self.bot.stderr()[-3000:]}") from None


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("wecom")


def record_last_month(workdir, config) -> None:
    """One adoption in the bulletin's period: a bulletin of an empty ledger is never posted. The bot runs on
    the real clock, in Beijing time: should the month turn between here and its start, its bulletin covers
    this month instead, so this month gets an adoption too (dated its 1st, never later than today)."""
    import subprocess
    import sys
    from datetime import datetime, timedelta

    from bot.common.clock import TZ

    first = datetime.now(TZ).date().replace(day=1)
    sheet = workdir / "登记.csv"
    sheet.write_text(
        "日期,单位,事项,刊物,类型,数量,标题\n"
        f"{first - timedelta(days=1)},济办,采用,上街信息,单条,,上月的一篇\n"
        f"{first},济办,采用,上街信息,单条,,本月的一篇\n",
        encoding="utf-8",
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(config),
            "--db",
            str(workdir / "data" / "infobot.db"),
            "import",
            str(sheet),
        ],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def bot(workdir, server):
    config = wecom_config(workdir, monthly=True, heartbeat_seconds=1)
    record_last_month(workdir, config)
    infobot = start_bot(workdir, server, config)
    yield infobot
    assert infobot.stop() == 0, infobot.stderr()[-3000:]


@pytest.fixture(scope="module")
def chat(server, bot):
    return Chat(server, bot)


def test_the_monthly_bulletin_is_pushed_to_the_group_with_its_files(server, bot):
    text = server.wait_sent(lambda m: m["to"] == wx.CHAT_HOME and (m["text"] or "").startswith("【信息工作通报】"))
    assert not text["passive"] and text["kind"] == "markdown"

    def media(prefix):
        return server.wait_sent(
            lambda m: m["to"] == wx.CHAT_HOME and m["media"] is not None and m["media"]["filename"].startswith(prefix)
        )["media"]

    xlsx = media("通报表_")
    assert xlsx["filename"].endswith(".xlsx") and xlsx["type"] == "file"
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(xlsx["data"])).namelist()  # every chunk arrived
    ranking = media("排名_")
    assert ranking["type"] == ("image" if ranking["filename"].endswith(".png") else "file")
    assert not [m for m in server.sent if (m["text"] or "").startswith("附件：")]  # the caption is the file


def test_liaison_binds_submits_in_the_group_and_the_admin_adopts_privately(chat, bot):
    reply = chat.say(wx.LIAISON, BOT_AT + "/绑定 济源路街道")  # 企业微信 gives no name: the bot asks for it
    assert reply["passive"] and "请在单位名后写上您的姓名，例如：/绑定 济源路街道 张三" in reply["text"], reply
    reply = chat.say(wx.LIAISON, BOT_AT + "/绑定 济源路街道 李娜")
    assert reply["passive"] and "已提交绑定申请：李娜 → 济办" in reply["text"], reply
    request = bot.rows("SELECT id FROM bindings WHERE contact_id = ?", wx.LIAISON)[0]["id"]

    reply = chat.say(wx.ADMIN, f"/确认绑定 {request}", chat=None)
    assert reply["to"] == wx.ADMIN and f"李娜（{wx.LIAISON}）为「济办」的信息员" in reply["text"], reply

    reply = chat.say(wx.LIAISON, BOT_AT + "#报送 【济源路街道“一长三员”助力城市精细化管理】\n今年以来……")
    assert reply["passive"] and reply["text"].startswith(
        "已收到 济办 报送 #1《济源路街道“一长三员”助力城市精细化管理》"
    ), reply
    assert bot.rows(
        "SELECT unit, submissions.sender_id, room_id FROM submissions JOIN messages USING (message_id)"
    ) == [{"unit": "济办", "sender_id": wx.LIAISON, "room_id": wx.CHAT_HOME}]

    reply = chat.say(wx.ADMIN, "/采用 1 上街信息 单条 第22期", chat=None)
    assert reply["to"] == wx.ADMIN and "济办" in reply["text"], reply
    assert bot.rows(
        "SELECT unit, publication, submission_id, recorded_by FROM entries WHERE submission_id IS NOT NULL"
    ) == [{"unit": "济办", "publication": "上街信息", "submission_id": 1, "recorded_by": wx.ADMIN}]

    reply = chat.say(wx.LIAISON, BOT_AT + "/我的得分")
    assert "济办" in reply["text"] and "累计得分" in reply["text"], reply


def test_a_docx_sent_privately_is_attached_to_the_latest_submission(chat, bot):
    reply = chat.send_file(wx.LIAISON, "一长三员.docx", docx_bytes())
    assert "已将附件「一长三员.docx」附到报送 #1" in reply["text"], reply
    assert [p.read_bytes() for p in (bot.workdir / "data" / "attachments").rglob("*.docx")] == [docx_bytes()]


def test_a_file_that_is_not_what_its_name_says_is_refused(chat, bot):
    reply = chat.send_file(wx.LIAISON, "假文件.docx", b"%PDF-1.7 not a word file")
    assert "的内容不是Word 文档（.docx）" in reply["text"], reply
    assert bot.rows("SELECT count(*) AS n FROM attachments")[0]["n"] == 1


def test_a_submission_with_a_picture_is_recorded_from_its_text(chat, bot, server):
    since = server.last_seq()
    server.say_with_picture(wx.LIAISON, BOT_AT + "#报送 【济源路街道开展消防演练】\n现场照片见图。")
    reply = chat.wait(wx.CHAT_HOME, since)
    assert reply["text"].startswith("已收到 济办 报送 #2《济源路街道开展消防演练》"), reply
    assert bot.rows("SELECT body FROM submissions WHERE id = 2") == [{"body": "现场照片见图。"}]


def test_an_impostor_is_refused(chat, bot):
    before = bot.rows("SELECT count(*) AS n FROM entries")[0]["n"]
    reply = chat.say(wx.STRANGER, "/采用 1 上街信息 单条 第23期", chat=None)
    assert "仅限区委办信息科管理员使用" in reply["text"], reply
    assert bot.rows("SELECT count(*) AS n FROM entries")[0]["n"] == before


def test_messages_from_another_group_are_ignored(chat, bot, server):
    server.say(wx.ADMIN, BOT_AT + "/帮助", chat=wx.CHAT_OTHER)
    reply = chat.say(wx.ADMIN, "/帮助", chat=None)  # answered after the other group's message was seen
    assert reply["to"] == wx.ADMIN
    assert not [m for m in server.sent if m["to"] == wx.CHAT_OTHER]


def test_a_refused_upload_sends_the_table_as_text_and_tells_the_admins(chat, bot, server):
    xlsx = next((bot.workdir / "data" / "reports").glob("通报表_*.xlsx"))
    with sqlite3.connect(bot.db, timeout=5) as conn:  # as the monthly bulletin job queues its attachments
        conn.execute(
            "INSERT INTO outbox (room_id, text, mentions, file_path, created_at, status) "
            "VALUES (?, ?, '[]', ?, '2026-12-01T09:00:00+08:00', 'pending')",
            [wx.CHAT_HOME, f"附件：{xlsx.name}", str(xlsx)],
        )
    server.refuse_uploads = True
    try:
        since = server.last_seq()
        chat.say(wx.ADMIN, "/帮助", chat=None)  # any message wakes the delivery
        table = server.wait_sent(lambda m: m["to"] == wx.CHAT_HOME and (m["text"] or "").startswith("**"), since=since)
        assert "| 济办 |" in "".join(m["text"] or "" for m in server.sent[since:]), table
        notice = server.wait_sent(lambda m: m["to"] == wx.ADMIN and "拒绝了文件上传" in (m["text"] or ""), since=since)
        assert xlsx.name in notice["text"]
    finally:
        server.refuse_uploads = False


def test_without_a_webhook_a_post_names_the_members_it_mentions(chat, bot, server):
    with sqlite3.connect(bot.db, timeout=5) as conn:  # as the weekly reminder queues its @-mentions
        conn.execute(
            "INSERT INTO outbox (room_id, text, mentions, created_at, status) VALUES (?, ?, ?, ?, 'pending')",
            [wx.CHAT_HOME, "本周还未完成报送任务的单位：济办", f'["{wx.LIAISON}"]', "2026-12-04T15:00:00+08:00"],
        )
    since = server.last_seq()
    chat.say(wx.ADMIN, "/帮助", chat=None)  # any message wakes the delivery
    post = server.wait_sent(lambda m: m["to"] == wx.CHAT_HOME and "本周还未完成" in (m["text"] or ""), since=since)
    # a smart bot's <@userid> alerts nobody: the name the liaison gave at /绑定, as text
    assert post["text"] == "@李娜 本周还未完成报送任务的单位：济办" and not post["passive"]
    assert "<@" not in post["text"]


@pytest.mark.parametrize("code", [1012, 1001, 1000], ids=["restart", "going-away", "normal-close"])
def test_after_a_dropped_connection_the_bot_answers_again(chat, bot, server, code):
    """After any close, also the clean ones the SDK alone would not recover from."""
    subscribed = server.subscriptions
    server.drop(code)
    server.wait_subscriptions(subscribed + 1, timeout=30)
    reply = chat.say(wx.LIAISON, BOT_AT + "/我的得分")
    assert "济办" in reply["text"], reply


def test_a_connection_that_stops_answering_pings_is_replaced(chat, bot, server):
    subscribed = server.subscriptions
    server.stop_answering_pings()
    server.wait_subscriptions(subscribed + 1, timeout=30)
    reply = chat.say(wx.LIAISON, BOT_AT + "/我的得分")
    assert "济办" in reply["text"], reply


def test_a_reply_cut_off_by_a_drop_goes_out_after_reconnecting(chat, bot, server):
    """The connection drops while the reply is on its way (never acknowledged): it stays in the outbox
    and goes out once the SDK has reconnected, still as the answer to that message."""
    subscribed = server.subscriptions
    server.drop_on_next_send = True
    since = server.last_seq()
    req_id = server.say(wx.ADMIN, "/帮助", chat=None)
    server.wait_subscriptions(subscribed + 1, timeout=30)
    reply = chat.wait(wx.ADMIN, since)
    assert "/采用" in reply["text"] and reply["passive"]
    assert [f["headers"]["req_id"] for f in server.frames if f.get("cmd") == "aibot_respond_msg"][-2:] == [
        req_id,
        req_id,
    ]  # sent once into the drop, once after it
    wait_until(lambda: bot.rows("SELECT 1 FROM outbox WHERE status = 'pending'") == [], 10, "the reply marked sent")


def test_a_wrong_secret_exits_3_with_a_clear_message(tmp_path, server):
    bot = Infobot(tmp_path, wecom_config(tmp_path), server.client_env(WECOM_BOT_SECRET="wrong"))
    assert bot.wait(30) == 3
    assert "WECOM_BOT_SECRET" in bot.stderr() and "拒绝" in bot.stderr()


# --- the group registered by an admin's /设为本群 (no group.ids in bot.yaml) ---------------------------


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A bot that knows no group yet, on a server of its own."""
    workdir = tmp_path_factory.mktemp("wecom-fresh")
    server = wx.WecomServer(known=(wx.CHAT_HOME, wx.ADMIN)).start()
    bot = start_bot(workdir, server, wecom_config(workdir, group_ids=()))
    yield Chat(server, bot)
    code = bot.stop()
    server.stop()
    assert code == 0, bot.stderr()[-3000:]


def test_only_an_admin_makes_the_chat_the_group_with_set_group(fresh):
    since = fresh.server.last_seq()
    fresh.server.say(wx.STRANGER, BOT_AT + "/设为本群")  # not the group yet: a stranger is not even answered
    reply = fresh.say(wx.ADMIN, BOT_AT + "/设为本群")  # handled after the stranger's (in arrival order)
    assert [m["text"] for m in fresh.server.sent[since:] if m["to"] == wx.CHAT_HOME] == [reply["text"]]
    assert reply["passive"] and "管理员 高歌 已将本群登记为信息员群" in reply["text"], reply
    assert wx.CHAT_HOME in reply["text"] and f"{wx.ADMIN}（" not in reply["text"]
    reply = fresh.say(wx.LIAISON, BOT_AT + "/绑定 济源路街道 李娜")  # the group's commands now work there
    assert "已提交绑定申请" in reply["text"], reply


def test_nothing_listening_exits_3_naming_the_address(tmp_path, server):
    from tests.e2e.infobot_process import free_port

    url = f"ws://127.0.0.1:{free_port()}"
    config = wecom_config(tmp_path, login_timeout_seconds=2)
    bot = Infobot(tmp_path, config, server.client_env(WECOM_WS_URL=url))
    assert bot.wait(30) == 3
    assert f"启动后 2 秒内没有连上企业微信（{url}）" in bot.stderr()
