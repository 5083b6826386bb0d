"""`infobot doctor`: each check passes on a sound setup and fails (or warns) on the broken one, in Chinese.
The network checks talk to local fakes on 127.0.0.1: tests/e2e/wecom_server.py and the puppet-service gateway."""

from __future__ import annotations

import shutil
import socket
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from bot.cli import main
from bot.common.clock import TZ
from bot.health.doctor import Doctor
from bot.health.report import FAIL, PASS, SKIP, WARN, exit_code
from bot.office.notices import GROUP_ROOM
from bot.reports.fonts import find_cjk_font
from bot.store import open_store
from bot.store.schema import migrations
from tests.conftest import CONFIG_DIR
from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import node_ready

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
GIB = 1024**3


@pytest.fixture
def home(tmp_path):
    shutil.copytree(CONFIG_DIR, tmp_path / "config")
    return tmp_path


def doctor(home, **kw) -> Doctor:
    kw.setdefault("environ", {})
    kw.setdefault("disk_usage", lambda _: (100 * GIB, 50 * GIB, 50 * GIB))
    return Doctor(home / "config", home / "data" / "infobot.db", kw.pop("now", NOW), **kw)


def by_title(checks) -> dict:
    return {c.title: c for c in checks}


def make_db(home) -> Path:
    path = home / "data" / "infobot.db"
    open_store(path).close()
    return path


def test_a_sound_installation_passes_with_one_line_per_check(home):
    make_db(home)
    (home / "data" / "backups").mkdir()
    (home / "data" / "backups" / "infobot-20260301.db").write_bytes(b"")
    checks = doctor(home).run()
    status = {c.title: c.status for c in checks}
    assert status == {
        "配置": PASS,
        "数据库可写": PASS,
        "数据库完整性": PASS,
        "数据库迁移": PASS,
        "最近备份": PASS,
        "中文字体": PASS if find_cjk_font() else FAIL,
        "聊天网络": SKIP,
        "本群": WARN,
        "管理员和领导": WARN,
        "磁盘空间": PASS,
        "法定节假日": PASS,
        "定时通报": PASS,
    }
    assert all("\n" not in c.line() for c in checks)
    assert "2026-03-06 15:00 每周报送提醒" in by_title(checks)["定时通报"].detail
    assert by_title(checks)["定时通报"].detail.count("；") == 4  # five posts


def test_a_broken_config_fails_and_the_checks_that_need_it_are_skipped(home):
    (home / "config" / "bot.yaml").write_text("admins: 不是列表\n", encoding="utf-8")
    checks = by_title(doctor(home).run())
    assert checks["配置"].status == FAIL and "bot.yaml" in checks["配置"].detail
    assert checks["本群"].status == checks["定时通报"].status == SKIP


def test_a_database_that_cannot_be_created_fails(home):
    (home / "data").write_text("a file where the data directory should be")
    checks = by_title(doctor(home).run())
    assert checks["数据库可写"].status == FAIL and "无法在" in checks["数据库可写"].detail


def test_a_database_not_yet_made_is_a_warning_and_is_not_created(home):
    checks = by_title(doctor(home).run())
    assert checks["数据库可写"].status == WARN
    assert not (home / "data" / "infobot.db").exists() and list((home / "data").iterdir()) == []


def test_a_damaged_database_fails_its_integrity_check(home):
    path = make_db(home)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    checks = by_title(doctor(home).run())
    assert checks["数据库完整性"].status == FAIL and "backups" in checks["数据库完整性"].detail


def test_migrations_not_yet_run_are_named(home):
    path = home / "data" / "infobot.db"
    path.parent.mkdir()
    db = Database(path)
    migrations.apply(db, stop_before="m002_chat")
    db.close()
    check = by_title(doctor(home).run())["数据库迁移"]
    assert check.status == WARN and "m002_chat" in check.detail and "自动备份" in check.detail


@pytest.mark.parametrize("newest, status", [(None, WARN), ("20260228", PASS), ("20260227", FAIL)])
def test_the_latest_backup_must_be_at_most_two_days_old(home, newest, status):
    backups = home / "data" / "backups"
    backups.mkdir(parents=True)
    (backups / "infobot-20250101.db").write_bytes(b"")  # an old one, and a file not named by date
    (backups / "infobot-notes.db").write_bytes(b"")
    if newest is None:
        shutil.rmtree(backups)
    else:
        (backups / f"infobot-{newest}.db").write_bytes(b"")
    assert by_title(doctor(home).run())["最近备份"].status == status


def test_no_chinese_font_fails_with_the_install_hint(home):
    check = by_title(doctor(home, find_font=lambda: None).run())["中文字体"]
    assert check.status == FAIL and "fonts-noto-cjk" in check.detail


@pytest.mark.parametrize("free_mb, status", [(100, FAIL), (500, WARN), (5000, PASS)])
def test_disk_space(home, free_mb, status):
    free = free_mb * 1024 * 1024
    assert by_title(doctor(home, disk_usage=lambda _: (GIB * 10, 0, free)).run())["磁盘空间"].status == status


def test_the_group_is_registered_in_the_store_or_pinned_in_bot_yaml(home):
    path = make_db(home)
    store = open_store(path)
    store.set_state(GROUP_ROOM, "room_home@chatroom", NOW)
    store.close()
    check = by_title(doctor(home).run())["本群"]
    assert check.status == PASS and "room_home@chatroom" in check.detail


def test_admins_reached_pass_and_a_failed_private_message_fails(home):
    path = make_db(home)
    store = open_store(path)
    admins = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]
    for n, admin in enumerate(admins):
        store.enqueue(text="早", room_id=None, contact_id=admin, mentions=(), file_path=None, key=None, at=NOW)
    for row in store.pending(10):
        store.mark_sent(row["id"], NOW)
    store.close()
    assert by_title(doctor(home).run())["管理员和领导"].status == PASS
    store = open_store(path)
    store.enqueue(text="又一条", room_id=None, contact_id=admins[1], mentions=(), file_path=None, key=None, at=NOW)
    store.mark_failed(store.pending(10)[0]["id"], "联系人不存在")
    store.close()
    check = by_title(doctor(home).run())["管理员和领导"]
    assert check.status == FAIL and "张义" in check.detail and "联系人不存在" in check.detail


def test_a_year_without_holidays_is_a_warning_and_its_posts_are_marked_as_guessed(home):
    checks = by_title(doctor(home, now=datetime(2003, 6, 1, tzinfo=TZ)).run())
    assert checks["法定节假日"].status == WARN and "2003 年的法定节假日未配置" in checks["法定节假日"].detail
    assert (
        checks["定时通报"].status == PASS
        and "2003-06-02 09:00 每月通报（节假日未配置，按周一至周五估计）" in checks["定时通报"].detail
    )


# --- the chat network ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wecom():
    server = wx.WecomServer().start()
    yield server
    server.stop()


def test_wecom_answers_with_the_right_secret(home, wecom):
    env = {"WECOM_BOT_ID": wx.BOT_ID, "WECOM_BOT_SECRET": wx.SECRET, "WECOM_WS_URL": wecom.ws_url}
    before = wecom.subscriptions
    check = by_title(doctor(home, environ=env).run())["聊天网络"]
    assert check.status == PASS and wecom.ws_url in check.detail
    assert wecom.subscriptions == before + 1


def test_wecom_refusing_the_secret_fails(home, wecom):
    env = {"WECOM_BOT_ID": wx.BOT_ID, "WECOM_BOT_SECRET": "wrong", "WECOM_WS_URL": wecom.ws_url}
    check = by_title(doctor(home, environ=env).run())["聊天网络"]
    assert check.status == FAIL and "WECOM_BOT_SECRET" in check.detail


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_puppet_service_that_does_not_answer_fails(home):
    env = {"WECHATY_PUPPET_SERVICE_TOKEN": "tok", "WECHATY_PUPPET_SERVICE_ENDPOINT": f"127.0.0.1:{closed_port()}"}
    check = by_title(doctor(home, environ=env).run())["聊天网络"]
    assert check.status == FAIL and "连不上 puppet service" in check.detail


def test_both_networks_configured_fails(home):
    env = {"WECHATY_PUPPET_SERVICE_TOKEN": "tok", "WECOM_BOT_ID": "a", "WECOM_BOT_SECRET": "b"}
    assert by_title(doctor(home, environ=env).run())["聊天网络"].status == FAIL


@pytest.mark.skipif(not node_ready(), reason="未安装 node（Node.js），跳过 puppet service 检查")
def test_the_puppet_service_answers_with_the_right_token_and_refuses_a_wrong_one(home, tmp_path):
    from tests.e2e import gateway as gw

    g = gw.Gateway(stderr_path=str(tmp_path / "gateway.err")).start()
    try:
        env = g.client_env({})
        ok = by_title(doctor(home, environ=env).run())["聊天网络"]
        wrong = by_title(doctor(home, environ={**env, "WECHATY_PUPPET_SERVICE_TOKEN": "wrong_token"}).run())["聊天网络"]
    finally:
        g.stop()
    assert ok.status == PASS, ok.detail
    assert wrong.status == FAIL, wrong.detail


# --- the command --------------------------------------------------------------------------------


def test_the_command_prints_every_check_and_exits_1_on_a_failure(home):
    (home / "config" / "units.yaml").write_text("- {}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(home / "config"),
            "--db",
            str(home / "data" / "x.db"),
            "--now",
            "2026-03-02T10:00",
            "doctor",
            "--no-connect",
        ],
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1].startswith("[失败] 配置：") and lines[-1].startswith("共 12 项") and "失败 1" in lines[-1]


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("infobot ")


def test_exit_code_ignores_warnings():
    from bot.health.report import Check

    assert exit_code([Check(WARN, "a", "b"), Check(SKIP, "c", "d")]) == 0
    assert exit_code([Check(PASS, "a", "b"), Check(FAIL, "c", "d")]) == 1
