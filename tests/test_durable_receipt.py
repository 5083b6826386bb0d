"""A message is stored before it is handled; what was stored but not handled is handled after a restart,
exactly once; a database held by another process (an import) delays a message but never drops it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime

from bot.common.clock import FixedClock
from bot.model.message import FileBlob
from bot.store import open_store
from tests.chatkit import ADMIN, start_bot
from tests.documents import docx_bytes

JIBAN = "wxid_liaison_jiban"


def restart(config, db, tmp_path):
    return start_bot(config, open_store(db), FixedClock(datetime(2019, 6, 28, 10, 5)), tmp_path)


def test_a_message_stored_before_a_crash_is_handled_once_after_the_restart(config, tmp_path):
    db = tmp_path / "bot.db"
    first = restart(config, db, tmp_path)
    first.bind(JIBAN, "济办")
    report = first.message(JIBAN, "#报送 【标题】正文", message_id="wx-1")
    document = first.message(JIBAN, "", message_id="wx-2", file=FileBlob("报告.docx", docx_bytes()))
    for msg in (report, document):
        assert first.app.router.accept(msg) == (True, [])  # step 1 only: then the process dies
    assert [m["status"] for m in first.rows("messages")] == ["received", "received"]
    first.app.store.close()

    second = restart(config, db, tmp_path)
    asyncio.run(second.app.resume())
    texts = [o.text for o in second.transport.sent]
    assert texts[0].startswith("已收到 济办 报送 #1《标题》")
    assert "已将附件「报告.docx」附到报送 #1" in texts[1]
    assert [p.read_bytes() for p in (tmp_path / "attachments").rglob("*.docx")] == [docx_bytes()]
    assert [m["status"] for m in second.rows("messages")] == ["handled", "handled"]
    assert second.rows("incoming_files") == []  # the bytes now live with the attachment
    # Delivered again (the transport redelivers, or another restart): nothing more happens.
    assert second.send(report) == []
    asyncio.run(second.app.resume())
    assert len(second.rows("submissions")) == 1 and len(second.transport.sent) == 2
    second.app.store.close()


def test_messages_are_handled_in_the_order_they_were_stored(bot):
    bot.bind(JIBAN, "济办")
    for n in (1, 2, 3):
        bot.app.router.accept(bot.message(JIBAN, f"#报送 【第{n}篇】正文{n}"))
    asyncio.run(bot.app.handle_received())
    assert [s["title"] for s in bot.rows("submissions")] == ["第1篇", "第2篇", "第3篇"]


def test_a_locked_database_delays_a_message_but_never_drops_it(config, tmp_path, monkeypatch):
    """Another process (a long import) holds the write lock: the message waits, off the event loop's back,
    and is stored and answered once the lock is released."""
    db = tmp_path / "bot.db"
    bot = restart(config, db, tmp_path)
    monkeypatch.setattr("bot.store.receipt.WRITE_WAIT_MS", 0)  # fail at once instead of waiting inside SQLite
    monkeypatch.setattr("bot.app.BUSY_RETRY_SECONDS", (0,))  # retry at once (the loop still gets its turn)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the importer's transaction

    msg = bot.message(ADMIN, "/帮助", private=True)

    async def scenario():
        task = asyncio.ensure_future(bot.app.receive(msg))
        for _ in range(20):  # the loop stays free: the receive keeps retrying while we run
            await asyncio.sleep(0)
            assert not task.done()
        other.execute("COMMIT")
        await task

    asyncio.run(scenario())
    queued = bot.app.office.outbox.answering(msg.message_id)  # the replies name the message they answer
    assert queued and "/采用" in queued[0].text
    assert [m["status"] for m in bot.rows("messages")] == ["handled"]
    other.close()
    bot.app.store.close()
