"""The 企业微信 transport's durable receipt and database failures, with a fake long connection in place of
the SDK client (no network, no sleeps): every callback frame is journaled before its file is downloaded, a
file that cannot be downloaded is still stored and its sender told, what was journaled but not stored is
taken up at the next start, and a broken database stops `infobot run` with exit code 4."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

pytest.importorskip("wecom_aibot_sdk")

from bot.cli import main  # noqa: E402
from bot.runner.runner import Runner  # noqa: E402
from bot.store.database import Store  # noqa: E402
from bot.transports import wecom  # noqa: E402
from bot.transports.wecom_env import WecomEnv  # noqa: E402
from tests.chatkit import ADMIN  # noqa: E402
from tests.conftest import CONFIG_DIR  # noqa: E402

LIAISON = "zhangsan"


class FakeClient:
    def __init__(self):
        self.downloads: list[str] = []
        self.pushed: list[tuple[str, dict]] = []
        self.download_error: Exception | None = None
        self.on_download = lambda url: None
        self.is_connected = True

    async def download_file(self, url: str, aeskey: str | None) -> dict:
        self.downloads.append(url)
        self.on_download(url)
        if self.download_error is not None:
            raise self.download_error
        return {"buffer": b"%PDF-1.4 fake", "filename": "调研报告.pdf"}

    async def send_message(self, target: str, body: dict) -> None:
        self.pushed.append((target, body))

    async def reply_stream(self, frame: dict, stream_id: str, text: str, finish: bool = True) -> None:
        self.pushed.append((frame["headers"]["req_id"], {"text": text}))


class FakeConnection:
    """Stands in for wecom_connection.Connection: run() subscribes, then plays `script` (frames) in order,
    each as its own task as the SDK dispatches them, and returns when they are done (as after SIGTERM)."""

    script: list[dict] = []

    def __init__(self, bot_id, secret, url, settings, on_subscribed):
        self.on_subscribed = on_subscribed
        self.handlers: dict[str, object] = {}
        self.client = FakeClient()
        self.ready = True
        self.stopped = False

    def on(self, event, handler):
        self.handlers[event] = handler

    def stop(self):
        self.stopped = True

    async def run(self):
        await self.on_subscribed()
        for frame in self.script:
            if self.stopped:
                break
            await asyncio.ensure_future(self.handlers["message"](frame))


def frame(msgid: str, sender: str, content: dict, chat: str | None = None) -> dict:
    body = {"msgid": msgid, "from": {"userid": sender}, "chattype": "group" if chat else "single", **content}
    if chat:
        body["chatid"] = chat
    return {"cmd": "aibot_msg_callback", "headers": {"req_id": f"req-{msgid}"}, "body": body}


def text(msgid: str, sender: str, content: str) -> dict:
    return frame(msgid, sender, {"msgtype": "text", "text": {"content": content}})


def file_frame(msgid: str, sender: str) -> dict:
    return frame(msgid, sender, {"msgtype": "file", "file": {"url": "http://127.0.0.1:9/file/x", "aeskey": "k"}})


def running(bot) -> wecom.WecomTransport:
    """A transport attached to a runner over the test bot (the runner's loop itself is not started)."""
    transport = wecom.WecomTransport(bot.app.config.bot.wecom, WecomEnv("bot", "secret", "wss://127.0.0.1:9"))
    transport.runner = Runner(bot.app, transport)
    transport.attach(transport.runner)
    return transport


@pytest.fixture
def transport(bot, monkeypatch):
    monkeypatch.setattr(wecom, "Connection", FakeConnection)
    bot.bind(LIAISON, "济办")
    return running(bot)


def test_the_frame_is_journaled_before_its_file_is_downloaded(bot, transport):
    journaled = []
    transport.client.on_download = lambda url: journaled.extend(bot.app.store.arrivals())
    asyncio.run(transport._on_frame(file_frame("m-file", LIAISON)))
    assert journaled == ["m-file"]
    assert bot.app.store.arrivals() == []  # stored and handled: the journal entry is cleared
    assert [r["file_name"] for r in bot.rows("messages")] == ["调研报告.pdf"]


def test_a_file_that_cannot_be_downloaded_is_stored_and_its_sender_told(bot, transport):
    transport.client.download_error = RuntimeError("download failed: 403 link expired")
    before = len(bot.transport.sent)
    asyncio.run(transport._on_frame(file_frame("m-lost", LIAISON)))
    rows = bot.rows("messages")
    assert [(r["message_id"], r["sender_id"], r["status"]) for r in rows] == [("m-lost", LIAISON, "handled")]
    told = bot.transport.sent[before:]
    assert [(o.contact_id, o.room_id) for o in told] == [(LIAISON, None)]
    assert "没能收下文件「附件」" in told[0].text and "请重新发送" in told[0].text
    assert bot.app.store.arrivals() == []


def test_what_was_journaled_but_not_stored_is_taken_up_at_the_next_start(bot, transport):
    # The previous run was killed after journaling these two frames, before storing them.
    for f in (text("m-1", ADMIN, "/帮助"), file_frame("m-2", LIAISON)):
        bot.app.store.note_arrival(f["body"]["msgid"], bot.clock.now(), json.dumps(f, ensure_ascii=False))
    before = len(bot.transport.sent)
    asyncio.run(transport._subscribed())
    assert [(r["message_id"], r["status"]) for r in bot.rows("messages")] == [("m-1", "handled"), ("m-2", "handled")]
    assert transport.client.downloads == ["http://127.0.0.1:9/file/x"]
    assert ADMIN in {o.contact_id for o in bot.transport.sent[before:]}  # /帮助 answered
    assert bot.app.store.arrivals() == []


def test_a_reply_finds_the_req_id_of_its_message_in_the_store_after_a_restart(bot, transport, monkeypatch):
    bot.app.delivery = SimpleNamespace(wake=lambda: None)  # as under `infobot run`: replies wait in the outbox
    asyncio.run(transport._on_frame(text("m-help", ADMIN, "/帮助")))
    [reply] = bot.app.office.outbox.pending()
    assert reply.answers == "m-help" and bot.app.store.reply_token("m-help")[0] == "req-m-help"
    restarted = running(bot)  # a new process: nothing in memory
    asyncio.run(bot.app.office.outbox.deliver(restarted))
    pushed = restarted.client.pushed
    assert len(pushed) > 1  # /帮助 is long: one passive reply on the message's req_id, then pushes
    assert pushed[0][0] == "req-m-help" and [to for to, _ in pushed[1:]] == [ADMIN] * (len(pushed) - 1)


def test_a_broken_database_during_a_message_stops_infobot_run_with_exit_code_4(tmp_path, monkeypatch):
    db = tmp_path / "data" / "infobot.db"
    db.parent.mkdir()
    monkeypatch.setattr(wecom, "Connection", FakeConnection)
    monkeypatch.setattr(FakeConnection, "script", [text("m-1", ADMIN, "/帮助"), text("m-2", ADMIN, "/帮助")])
    monkeypatch.setenv("WECOM_BOT_ID", "bot")
    monkeypatch.setenv("WECOM_BOT_SECRET", "secret")
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_TOKEN", raising=False)
    tried = []

    def corrupt(self, raw):
        tried.append(raw["message_id"])
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Store, "claim_message", corrupt)
    result = CliRunner().invoke(
        main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-28T10:00", "run"]
    )
    assert result.exit_code == 4, result.output
    assert f"错误：数据库文件 {db} 已损坏" in result.output and "data/backups/" in result.output
    assert tried == ["m-1"]  # it stopped at once and took in nothing more
    monkeypatch.undo()
    from bot.store import open_store

    assert open_store(db).arrivals() == ["m-1"]  # journaled: taken up once the database is repaired


def test_a_message_that_cannot_be_taken_stays_journaled_once_then_is_given_up(bot, transport, monkeypatch):
    async def broken(msg):
        raise RuntimeError("a bug, not the database")

    monkeypatch.setattr(bot.app, "receive", broken)
    asyncio.run(transport._on_frame(text("m-bug", ADMIN, "/帮助")))
    assert bot.app.store.arrivals() == ["m-bug"] and transport.runner.failure is None  # kept for the next start
    asyncio.run(transport._subscribed())  # the next start: it fails again
    assert bot.app.store.arrivals() == [] and transport.runner.failure is None  # given up, the bot goes on
