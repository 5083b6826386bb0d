"""End to end: the office decides with one tap. The real `infobot run` as a 企业微信 smart bot against the fake
long-connection server: button cards pushed to the admin, clicks (template_card_event) run their commands
as the clicker, cards updated within the documented window, a second click and a member's click change
nothing, a card still works after a restart, and the 紧急信息 oral report is checked against the 1-hour
rule. The bot's clock stands still at 2019-07-01 10:20 (`--now`), so the clicks happen then."""

from __future__ import annotations

import pytest
import yaml

from tests.e2e import wecom_server as wx
from tests.e2e.infobot_process import Infobot, wait_until
from tests.e2e.test_infobot_wecom import BOT_AT, Chat, start_bot, wecom_config

NOW = "2019-07-01T10:20:00"
STILL = {"interval_seconds": 0, "jitter_seconds": 0, "daily_cap": 500}  # a clock that stands still: no pacing
LIAISON2 = "LiSiSi"


@pytest.fixture(scope="module")
def setup(tmp_path_factory, server):
    workdir = tmp_path_factory.mktemp("wecom-cards")
    config = wecom_config(workdir)
    path = config / "bot.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["outbox"]["wecom"] = STILL
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return workdir, config


def start(server, setup) -> Infobot:
    workdir, config = setup
    return start_bot(workdir, server, config, now=NOW)


@pytest.fixture(scope="module")
def bot(server, setup):
    infobot = start(server, setup)
    yield infobot
    assert infobot.stop() == 0, infobot.stderr()[-3000:]


@pytest.fixture(scope="module")
def chat(server, bot):
    return Chat(server, bot)


def card_for(server, title: str, since: int = 0, timeout: float = 20.0) -> dict:
    found = server.wait_sent(
        lambda m: m["card"] is not None and m["to"] == wx.ADMIN and m["card"]["main_title"]["title"] == title,
        timeout,
        since,
    )
    return found["card"]


def keys(card: dict) -> dict[str, str]:
    return {b["text"]: b["key"] for b in card["button_list"]}


def test_a_binding_is_confirmed_by_a_click(chat, server, bot):
    since = server.last_seq()
    chat.say(wx.LIAISON, "/绑定 济办 李娜", chat=None)
    card = card_for(server, "绑定申请 #1", since)
    assert list(keys(card)) == ["确认", "拒绝"]
    server.click(wx.ADMIN, card["task_id"], keys(card)["确认"])
    updated = server.wait_update(card["task_id"])
    assert updated["main_title"]["desc"] == "已确认绑定：李娜 → 济办（高歌，7月1日 10:20）"
    assert bot.rows("SELECT confirmed_by FROM bindings WHERE id = 1") == [{"confirmed_by": wx.ADMIN}]
    # A member's click on the same card is refused and changes nothing; the card is not touched.
    since = server.last_seq()
    server.click(wx.STRANGER, card["task_id"], keys(card)["拒绝"])
    refused = chat.wait(wx.STRANGER, since)
    assert "「/拒绝绑定」仅限区委办信息科管理员使用" in refused["text"]
    assert len([u for u in server.updates if u["task_id"] == card["task_id"]]) == 1
    # A second click by the admin records nothing; the card says it was done already.
    server.click(wx.ADMIN, card["task_id"], keys(card)["确认"])

    def updates() -> list[dict]:
        return [u for u in server.updates if u["task_id"] == card["task_id"]]

    wait_until(lambda: len(updates()) == 2, 20, "the second update")
    assert updates()[-1]["card"]["main_title"]["desc"].endswith("此前已处理，这次点击未做任何登记")
    assert bot.rows("SELECT count(*) AS n FROM bindings WHERE confirmed_at IS NOT NULL") == [{"n": 1}]


def test_an_oral_report_clicked_70_minutes_after_the_event_is_proposed_and_declined_with_a_reason(chat, server, bot):
    since = server.last_seq()
    chat.say(wx.LIAISON, BOT_AT + "#紧急 7月1日9:10 【燃气管道泄漏】现场已处置。")
    card = card_for(server, "紧急信息 #1 口头报告", since)
    since = server.last_seq()
    server.click(wx.ADMIN, card["task_id"], keys(card)["已收到口头报告"])
    updated = server.wait_update(card["task_id"])
    assert updated["main_title"]["desc"] == "已收到口头报告 7月1日 10:20，距事发 1 小时 10 分钟（高歌，7月1日 10:20）"
    proposal = card_for(server, "扣分提议 #1 济办 −20", since)
    server.click(wx.ADMIN, proposal["task_id"], keys(proposal)["不扣分：已电话报送"])
    assert (
        server.wait_update(proposal["task_id"])["main_title"]["desc"]
        == "已决定不扣分：已电话报送（高歌，7月1日 10:20）"
    )
    assert bot.rows("SELECT status, reason, decided_by FROM proposals") == [
        {"status": "dismissed", "reason": "已电话报送", "decided_by": wx.ADMIN}
    ]
    assert bot.rows("SELECT count(*) AS n FROM entries") == [{"n": 0}]


def test_an_oral_report_clicked_50_minutes_after_the_event_is_in_time(chat, server, bot):
    since = server.last_seq()
    chat.say(wx.LIAISON, BOT_AT + "#紧急 7月1日9:30 【电梯困人】已救出。")
    card = card_for(server, "紧急信息 #2 口头报告", since)
    server.click(wx.ADMIN, card["task_id"], keys(card)["已收到口头报告"])
    updated = server.wait_update(card["task_id"])
    assert updated["main_title"]["desc"] == "已收到口头报告 7月1日 10:20，距事发 50 分钟（高歌，7月1日 10:20）"
    assert bot.rows("SELECT oral_state, oral_at FROM emergencies WHERE id = 2") == [
        {"oral_state": "reported", "oral_at": "2019-07-01T10:20:00+08:00"}
    ]
    assert bot.rows("SELECT count(*) AS n FROM proposals") == [{"n": 1}]  # only the 70-minute one


def test_a_click_the_server_finds_too_late_gets_a_message_instead(chat, server, bot):
    since = server.last_seq()
    chat.say(LIAISON2, "/绑定 金融办 王强", chat=None)
    card = card_for(server, "绑定申请 #2", since)
    server.update_window = 0.0  # 企业微信 refuses the update: the bot says it in a message
    try:
        since = server.last_seq()
        server.click(wx.ADMIN, card["task_id"], keys(card)["拒绝"])
        told = chat.wait(wx.ADMIN, since)
    finally:
        server.update_window = wx.UPDATE_WINDOW
    assert told["text"].startswith(f"已拒绝绑定申请 #2：王强（{LIAISON2}）→ 金融办")
    assert [u for u in server.updates if u["task_id"] == card["task_id"]] == []


def test_a_card_still_works_after_a_restart(chat, server, bot, setup):
    since = server.last_seq()
    chat.say("WuLiu", "/绑定 环保局 吴六", chat=None)
    card = card_for(server, "绑定申请 #3", since)
    assert bot.stop() == 0, bot.stderr()[-3000:]
    again = start(server, setup)
    try:
        server.click(wx.ADMIN, card["task_id"], keys(card)["确认"])
        updated = server.wait_update(card["task_id"])
        assert updated["main_title"]["desc"] == "已确认绑定：吴六 → 环保局（高歌，7月1日 10:20）"
        assert again.rows("SELECT unit FROM bindings WHERE id = 3 AND confirmed_at IS NOT NULL") == [{"unit": "环保局"}]
    finally:
        assert again.stop() == 0, again.stderr()[-3000:]
    bot.proc = again.proc  # the module's bot fixture stops what runs now
