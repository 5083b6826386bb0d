"""Input limits: huge messages, control and bidi characters, attachment names and contents, 期数 and dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.common.clock import FixedClock
from bot.common.text import strip_controls
from bot.ledger.importer import ImportRejected
from bot.model.message import FileBlob
from bot.store import open_store
from tests.chatkit import start_bot
from tests.documents import DOC, PDF, docx_bytes

JIBAN = "wxid_liaison_jiban"
STRANGER = "wxid_stranger"
MEGABYTE_LINE = "刷" * 1_000_000


def db_bytes(bot) -> int:
    db = bot.app.store.db
    return db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]


def test_megabyte_lines_from_a_stranger_leave_the_database_small(config, tmp_path):
    bot = start_bot(config, open_store(tmp_path / "infobot.db"), FixedClock(datetime(2019, 6, 28, 10)), tmp_path)
    before = db_bytes(bot)
    for _ in range(50):
        assert bot.say(STRANGER, MEGABYTE_LINE) == ""  # group chatter: no answer, as for any chatter
    assert db_bytes(bot) - before < 1_000_000  # before the limit: 56 MB
    rows = bot.rows("messages")
    assert len(rows) == 50 and all(len(r["text"]) < 1100 for r in rows)
    assert rows[0]["text"].endswith("【共 1000000 字，超过 20000 字的上限，未处理，只存开头 1000 字】")
    bot.app.store.close()


def test_an_over_long_command_or_private_message_is_refused_with_a_reply(bot):
    bot.bind(JIBAN, "济办")
    reply = bot.say(JIBAN, "#报送 【很长】" + "字" * 20_001)
    assert reply == (
        "这条消息有 20009 字，超过了 20000 字的上限，机器人没有处理。请分成几条发送，长文请作为 docx 或 pdf 附件发送。"
    )
    assert bot.rows("submissions") == []
    assert "超过了 20000 字的上限" in bot.say(STRANGER, "你" * 30_000, private=True)
    assert "已收到 济办 报送 #1" in bot.say(JIBAN, "#报送 【正好】" + "字" * 19_990)  # within the limit


def test_control_and_bidi_characters_are_not_echoed(bot):
    bot.bind(JIBAN, "济办")
    sent = bot.send(bot.message(JIBAN, "#报送 【\u202e甲\u2066乙\x07丙\u200f】正文"))
    assert sent[0].text.startswith("已收到 济办 报送 #1《甲乙丙》")
    unknown = bot.send(bot.message(JIBAN, "/x\u202egnp.exe"))
    assert unknown[0].text.startswith("未知命令「/xgnp.exe」")
    for out in sent + unknown:
        assert not any(ch in out.text for ch in "\u202e\u2066\x07\u200f")
    assert "《甲乙丙》" in bot.rows("outbox")[0]["text"]  # stored in the outbox already cleaned


def test_strip_controls_keeps_text_newlines_tabs_and_wechat_mention_spacing():
    assert strip_controls("@张三\u2005第一行\n\t第二行👨\u200d👩") == "@张三\u2005第一行\n\t第二行👨\u200d👩"
    assert strip_controls("a\x00b\x1bc\x7fd\x85e\u202af\u202dg\u2069h\u200ei\u061cj") == "abcdefghij"


def test_a_long_chinese_attachment_name_is_cut_by_bytes_and_keeps_its_extension(bot, tmp_path):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【一长三员】")
    name = "关于济源路街道“一长三员”助力城市精细化管理的经验做法" * 4 + ".docx"  # 364 characters' worth of bytes
    assert len(name.encode("utf-8")) > 255
    reply = bot.say(JIBAN, "", file=FileBlob(name, docx_bytes()))
    assert reply.startswith("已将附件「关于济源路街道") and reply.endswith("附到报送 #1《一长三员》。")
    row = bot.rows("attachments")[0]
    path = Path(row["path"])
    assert path.read_bytes() == docx_bytes()
    assert path.suffix == ".docx" and len(path.name.encode("utf-8")) <= 255
    assert path.name.split("-", 1)[1].startswith("关于济源路街道“一长三员”")
    assert len(row["file_name"].encode("utf-8")) <= 255 and row["file_name"].endswith(".docx")


def test_a_file_whose_content_is_not_its_extension_is_refused_and_not_stored(bot, tmp_path):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【一长三员】")
    reply = bot.say(JIBAN, "", file=FileBlob("稿件.docx", b"PK\x03\x04 fake docx"))
    assert reply == (
        "附件「稿件.docx」的内容不是Word 文档（.docx），可能已损坏或只是改了扩展名，没有保存。"
        "请用 WPS 或 Word 重新保存为 .docx 后再发送。"
    )
    assert "不是PDF 文件（.pdf）" in bot.say(JIBAN, "", file=FileBlob("稿件.pdf", b"MZ\x90\x00 an exe"))
    assert "不是WPS 文字文档（.wps）" in bot.say(JIBAN, "", file=FileBlob("稿件.wps", docx_bytes()))
    assert bot.rows("attachments") == []
    assert not (tmp_path / "attachments").exists() or not any((tmp_path / "attachments").rglob("*.*"))
    for good in (FileBlob("稿件.docx", docx_bytes()), FileBlob("稿件.pdf", PDF), FileBlob("稿件.doc", DOC)):
        assert "已将附件" in bot.say(JIBAN, "", file=good)
    assert len(bot.rows("attachments")) == 3


def test_issue_numbers_and_dates_have_bounds(bot):
    bot.bind(JIBAN, "济办")
    bot.say(JIBAN, "#报送 【一长三员】")
    reply = bot.admin("/采用 1 上街信息 单条 第99999999999期")
    assert reply.startswith("期数「第99999999999期」不在有效范围内：应为第 1 期至第 9999 期。")
    assert bot.admin("/采用 1 上街信息 单条 0期").startswith("期数「0期」不在有效范围内")
    assert bot.rows("entries") == []
    bot.admin("/采用 1 上街信息 单条 第9999期")
    assert [r["issue"] for r in bot.rows("entries")] == ["第9999期"]
    reply = bot.admin("/约稿 济办 2999-07-05 17:00 《大气污染防治经验》")
    assert reply.startswith("截止时间「2999年7月5日」不在有效范围内：应在 2000 年至 2020 年之间。")
    assert bot.rows("solicitations") == []
    reply = bot.say(JIBAN, "#紧急 2999年7月1日14:30 【火情】正文")
    assert reply.startswith("事发时间「2999年7月1日」不在有效范围内：应在 2000 年至 2020 年之间。")


def test_imported_rows_with_absurd_dates_or_issues_are_named(svc, tmp_path):
    sheet = tmp_path / "登记.csv"
    sheet.write_text(
        "日期,单位,事项,刊物,类型,数量,标题,期数\n"
        "2999-01-01,济办,采用,上街信息,单条,1,甲,第1期\n"
        "1999-12-31,济办,采用,上街信息,单条,1,乙,第1期\n"
        "2019-06-01,济办,采用,上街信息,单条,1,丙,第99999999999期\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as err:
        svc.importer.import_file(sheet, "wxid_office")
    text = str(err.value)
    assert "第 2 行：日期「2999年1月1日」不在有效范围内：应在 2000 年至 2020 年之间。" in text
    assert "第 3 行：日期「1999年12月31日」不在有效范围内：应在 2000 年至 2020 年之间。" in text
    assert "第 4 行：期数「第99999999999期」不在有效范围内：应为第 1 期至第 9999 期。" in text
