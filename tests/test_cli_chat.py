"""`infobot say`, `infobot console` and `infobot run` without a WeChat token."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.conftest import CONFIG_DIR
from tests.documents import docx_bytes


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_TOKEN", raising=False)
    db = tmp_path / "data" / "infobot.db"

    def invoke(*args, input=None):
        return CliRunner().invoke(
            main, ["--config", str(CONFIG_DIR), "--db", str(db), "--now", "2019-06-28T10:00", *args], input=input
        )

    return invoke


def test_say_runs_one_message_through_the_router(cli):
    r = cli("say", "--from", "wxid_li", "--name", "小李", "/绑定 济办")
    assert (
        r.exit_code == 0
        and r.output == "已提交绑定申请：小李 → 济办（申请 #1）。请区委办信息科发送「/确认绑定 1」确认。\n"
    )
    assert "已确认" in cli("say", "--from", "wxid_office_gaoge", "--private", "/确认绑定 1").output
    r = cli("say", "--from", "wxid_li", "--id", "m1", "#报送 【标题】\\n正文")
    assert r.output.startswith("已收到 济办 报送 #1《标题》。")
    assert cli("say", "--from", "wxid_li", "--id", "m1", "#报送 【标题】\\n正文").output == ""
    r = cli("say", "--from", "wxid_li", "--name", "高歌", "/采用 1 上街信息 单条")
    assert "仅限区委办信息科管理员使用" in r.output


def test_console_session(cli, tmp_path):
    doc = tmp_path / "稿件.docx"
    doc.write_bytes(docx_bytes())
    script = (
        "\n".join(
            [
                ":as wxid_li 小李",
                "/绑定 济办",
                ":as wxid_office_gaoge",
                "/确认绑定 1",
                ":as wxid_li 小李",
                "#报送 【一长三员】\\n正文",
                f":file {doc}",
                ":私聊",
                "/我的得分",
                ":quit",
                "ignored after quit",
            ]
        )
        + "\n"
    )
    r = cli("run", input=script)
    assert r.exit_code == 0, r.output
    assert "未设置微信令牌" in r.output
    assert "[群 上街信息员之家] 机器人：已收到 济办 报送 #1《一长三员》。" in r.output
    assert "已将附件「稿件.docx」附到报送 #1《一长三员》。" in r.output
    assert "[私聊 → wxid_li] 机器人：济办 得分（2019年1月1日至6月28日）" in r.output
    assert "ignored after quit" not in r.output


def test_console_ends_cleanly_at_end_of_input(cli):
    r = cli("console", input="/帮助\n")
    assert r.exit_code == 0 and "可用命令" in r.output


def test_console_and_say_never_store_their_room_as_the_group(cli, tmp_path):
    import sqlite3

    cli("say", "--from", "wxid_li", "/帮助")
    cli("console", input="/帮助\n")
    conn = sqlite3.connect(tmp_path / "data" / "infobot.db")
    assert conn.execute("SELECT count(*) FROM state WHERE key = 'group_room_id'").fetchone()[0] == 0
    conn.close()


def test_a_config_with_only_group_ids_works(tmp_path, monkeypatch):
    import shutil

    monkeypatch.delenv("WECHATY_PUPPET_SERVICE_TOKEN", raising=False)
    cfg = tmp_path / "cfg"
    shutil.copytree(CONFIG_DIR, cfg)
    text = (cfg / "bot.yaml").read_text(encoding="utf-8")
    (cfg / "bot.yaml").write_text(
        text.replace("  topics: [上街信息员之家]\n  ids: []", "  topics: []\n  ids: [room1@chatroom]"), encoding="utf-8"
    )
    r = CliRunner().invoke(
        main,
        [
            "--config",
            str(cfg),
            "--db",
            str(tmp_path / "x.db"),
            "say",
            "--from",
            "wxid_li",
            "--private",
            "#报送 【私聊】",
        ],
    )
    assert r.exit_code == 0 and "请在「room1@chatroom」群内发送" in r.output
