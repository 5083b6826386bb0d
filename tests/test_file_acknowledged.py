"""A liaison's file never meets silence: sent with no #报送 before it, it is acknowledged at once; if no #报送
follows within submissions.attach_minutes, the sender is reminded once and the file stays stored."""

from __future__ import annotations

from bot.jobs.files import loose_file_reminders
from bot.model.message import FileBlob
from tests.documents import docx_bytes

JIBAN = "wxid_jiban"
DOC = FileBlob("夏粮收购材料.docx", docx_bytes())


def test_a_file_first_is_acknowledged_and_a_submission_within_the_window_takes_it(bot):
    bot.bind(JIBAN, "济办")
    assert (
        bot.say(JIBAN, "", file=DOC, private=True)
        == "已收到文件「夏粮收购材料.docx」。请在 10 分钟内发送 #报送，它会作为附件。"
    )
    bot.later(minutes=2)
    assert "附件：夏粮收购材料.docx" in bot.say(JIBAN, "#报送 【夏粮收购】")
    bot.later(minutes=20)
    assert loose_file_reminders(bot.app, bot.clock.now()) == []  # attached: nothing to remind of


def test_a_file_with_no_submission_gets_one_reminder_after_the_window_and_stays_stored(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "", file=DOC, private=True)
    bot.later(minutes=9, seconds=59)
    assert loose_file_reminders(bot.app, bot.clock.now()) == []  # still within the window
    bot.later(seconds=2)
    [reminder] = loose_file_reminders(bot.app, bot.clock.now())
    assert reminder.contact_id == JIBAN and reminder.room_id is None
    assert reminder.text.startswith("您发来的文件「夏粮收购材料.docx」已保存，但 10 分钟内没有收到您的报送，")
    bot.later(minutes=5)
    assert loose_file_reminders(bot.app, bot.clock.now()) == []  # once
    assert [(r["file_name"], r["submission_id"]) for r in bot.rows("attachments")] == [("夏粮收购材料.docx", None)]
    assert "#报送" in bot.flush()[-1].text


def test_the_window_comes_from_the_config(bot, monkeypatch):
    bot.bind(JIBAN, "济办")
    monkeypatch.setitem(bot.app.config.bot.__dict__, "attach_minutes", 3)  # as if bot.yaml said 3
    assert "请在 3 分钟内发送 #报送" in bot.say(JIBAN, "", file=DOC, private=True)
    bot.later(minutes=3, seconds=1)
    assert len(loose_file_reminders(bot.app, bot.clock.now())) == 1
