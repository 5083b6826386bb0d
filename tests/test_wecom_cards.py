"""企业微信 button cards with a fake SDK client (no network, no sleeps): prompts go out as cards; a click is
journaled, runs its command as the clicker and updates the card with who did what and when; a second
click records nothing; a member's click is refused; a click taken up after a restart, or whose update is
refused, gets a message instead."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest

pytest.importorskip("wecom_aibot_sdk")

from bot.model.message import Outgoing  # noqa: E402
from bot.chat.decisions import proposal_prompt  # noqa: E402
from bot.transports import wecom  # noqa: E402
from tests.chatkit import ADMIN  # noqa: E402
from tests.test_wecom_receipt import FakeClient, FakeConnection, running  # noqa: E402

HBJ = "wxid_hbj"


class CardClient(FakeClient):
    def __init__(self):
        super().__init__()
        self.updates: list[tuple[str, dict]] = []
        self.refuse_updates = False
        self.refuse_cards = False

    async def send_message(self, target: str, body: dict) -> None:
        if self.refuse_cards and body.get("msgtype") == "template_card":
            raise RuntimeError("Reply ack error: errcode=40008, errmsg=invalid template_card")
        await super().send_message(target, body)

    async def update_template_card(self, frame: dict, card: dict) -> None:
        if self.refuse_updates:
            raise RuntimeError("Reply ack error: errcode=600039, errmsg=update refused: too late")
        self.updates.append((frame["headers"]["req_id"], card))


class CardConnection(FakeConnection):
    def __init__(self, *args):
        super().__init__(*args)
        self.client = CardClient()


@pytest.fixture
def transport(bot, monkeypatch):
    monkeypatch.setattr(wecom, "Connection", CardConnection)
    bot.app.delivery = SimpleNamespace(wake=lambda: None)  # as under `infobot run`: replies wait in the outbox
    return running(bot)


@pytest.fixture
def card(bot, transport):
    """Proposal #1 (环保局 −5) pushed to the admin as a card; its task_id."""
    p = bot.app.office.proposals.propose("环保局", "约稿迟报", bot.clock.now().date(), "约稿 #1 未报送", "test:1")
    bot.app.office.outbox.queue(
        Outgoing("提议扣分：…", contact_id=ADMIN, prompts=(proposal_prompt(bot.app.office, p),))
    )
    deliver(bot, transport)
    return transport.client.pushed[-1][1]["template_card"]["task_id"]


def click(task_id: str, key: str, who: str = ADMIN, msgid: str = "ev-1") -> dict:
    return {
        "cmd": "aibot_event_callback",
        "headers": {"req_id": f"req-{msgid}"},
        "body": {
            "msgid": msgid,
            "chattype": "single",
            "from": {"userid": who},
            "msgtype": "event",
            "event": {
                "eventtype": "template_card_event",
                "template_card_event": {"card_type": "button_interaction", "event_key": key, "task_id": task_id},
            },
        },
    }


def deliver(bot, transport) -> list[tuple[str, dict]]:
    """What the paced delivery would push now: the pending messages through the transport."""
    before = len(transport.client.pushed)
    asyncio.run(bot.app.office.outbox.deliver(transport))
    return transport.client.pushed[before:]


def test_a_prompt_goes_out_as_a_button_card_after_the_text(bot, transport, card):
    (_, text), (to, body) = transport.client.pushed
    assert text["markdown"]["content"] == "提议扣分：…" and to == ADMIN
    shown = body["template_card"]
    assert shown["card_type"] == "button_interaction" and shown["main_title"]["title"] == "扣分提议 #1 环保局 −5"
    assert [b["text"] for b in shown["button_list"]] == [
        "确认扣分",
        "不扣分：已电话报送",
        "不扣分：已说明情况",
        "不扣分：经同意延期",
        "不扣分：其他",
    ]
    assert bot.app.store.card(card)["subject"] == "proposal:1"


def test_a_click_confirms_once_and_the_card_shows_who_and_when(bot, transport, card):
    asyncio.run(transport._on_frame(click(card, "b0")))
    assert bot.app.store.count_entries() == 1
    [(req_id, updated)] = transport.client.updates
    assert req_id == "req-ev-1" and updated["task_id"] == card
    assert updated["main_title"]["desc"] == "已确认扣分 −5（高歌，6月28日 10:00）"
    assert "扣分提议 #1 已确认" in updated["sub_title_text"]
    assert [b["key"] for b in updated["button_list"]] == ["done"]
    assert deliver(bot, transport) == []  # the card said it: no message as well
    assert bot.app.store.arrivals() == []
    # The same event delivered again is handled once; a second click records nothing and says so.
    asyncio.run(transport._on_frame(click(card, "b0")))
    asyncio.run(transport._on_frame(click(card, "b1", msgid="ev-2")))
    assert bot.app.store.count_entries() == 1 and bot.rows("proposals")[0]["status"] == "confirmed"
    assert [r["message_id"] for r in bot.rows("messages")] == ["ev-1", "ev-2"]
    again = transport.client.updates[-1][1]
    assert again["main_title"]["desc"] == "已确认扣分 −5（高歌，6月28日 10:00）。此前已处理，这次点击未做任何登记"
    assert again["sub_title_text"] == "" and bot.rows("messages")[-1]["text"] == ""  # no command was run


def test_a_reason_button_dismisses_with_that_reason(bot, transport, card):
    asyncio.run(transport._on_frame(click(card, "b1")))
    assert transport.client.updates[-1][1]["main_title"]["desc"] == "已决定不扣分：已电话报送（高歌，6月28日 10:00）"


def test_other_asks_for_the_reason_and_leaves_the_card(bot, transport, card):
    asyncio.run(transport._on_frame(click(card, "b4")))
    assert transport.client.updates == []
    [(to, body)] = deliver(bot, transport)
    assert to == ADMIN and "请在 30 分钟内直接回复原因" in body["markdown"]["content"]


def test_a_members_click_is_refused_and_records_nothing(bot, transport, card):
    asyncio.run(transport._on_frame(click(card, "b0", who=HBJ)))
    assert bot.app.store.count_entries() == 0 and transport.client.updates == []
    [(to, body)] = deliver(bot, transport)
    assert to == HBJ and "仅限区委办信息科管理员使用" in body["markdown"]["content"]


def test_a_refused_update_gets_a_message_instead(bot, transport, card):
    transport.client.refuse_updates = True
    asyncio.run(transport._on_frame(click(card, "b0")))
    assert bot.app.store.count_entries() == 1
    [(to, body)] = deliver(bot, transport)
    assert to == ADMIN and "扣分提议 #1 已确认" in body["markdown"]["content"]


def test_a_click_journaled_before_a_restart_is_taken_up_with_a_message(bot, transport, card):
    frame = click(card, "b0")
    bot.app.store.note_arrival("ev-1", bot.clock.now(), json.dumps(frame, ensure_ascii=False))
    asyncio.run(transport._subscribed())
    assert bot.app.store.count_entries() == 1 and bot.app.store.arrivals() == []
    assert transport.client.updates == []  # its req_id belongs to the connection before the restart
    told = [to for to, body in deliver(bot, transport) if "扣分提议 #1 已确认" in body["markdown"]["content"]]
    assert told == [ADMIN]


def test_a_click_on_an_unknown_card_records_nothing(bot, transport):
    asyncio.run(transport._on_frame(click("ib-gone", "b0")))
    assert bot.app.store.count_entries() == 0 and transport.client.updates == []
    assert [r["status"] for r in bot.rows("messages")] == ["handled"]


def test_a_click_on_a_decided_card_runs_nothing_and_says_so_when_too_late(bot, transport, card):
    bot.admin("/确认扣分 1", private=True)
    deliver(bot, transport)  # its reply
    transport.client.refuse_updates = True
    asyncio.run(transport._on_frame(click(card, "b1")))
    assert bot.rows("proposals")[0]["status"] == "confirmed"
    assert bot.rows("messages")[-1]["text"] == ""  # the command was not run
    told = [(to, body["markdown"]["content"]) for to, body in deliver(bot, transport)]
    assert told == [
        (ADMIN, "「扣分提议 #1 环保局 −5」已确认扣分 −5（高歌，6月28日 10:00）。此前已处理，这次点击未做任何登记。")
    ]


def test_a_redelivered_click_leaves_the_card_as_its_first_delivery_showed(bot, transport, card):
    asyncio.run(transport._on_frame(click(card, "b0")))
    [(_, first)] = transport.client.updates
    asyncio.run(transport._on_frame(click(card, "b0")))  # 企业微信 sends the same event (msgid) again
    assert transport.client.updates == [("req-ev-1", first)]  # not turned into «此前已处理……»
    assert deliver(bot, transport) == [] and bot.app.store.count_entries() == 1


def test_a_redelivered_click_whose_card_could_not_be_updated_sends_nothing_more(bot, transport, card):
    transport.client.refuse_updates = True
    asyncio.run(transport._on_frame(click(card, "b0")))
    assert len(deliver(bot, transport)) == 1  # the reply, as a message
    asyncio.run(transport._on_frame(click(card, "b0")))
    assert deliver(bot, transport) == []


def test_a_refused_card_does_not_send_its_text_again(bot, transport):
    transport.client.refuse_cards = True
    p = bot.app.office.proposals.propose("环保局", "约稿迟报", bot.clock.now().date(), "约稿 #1 未报送", "test:1")
    bot.app.office.outbox.queue(
        Outgoing(
            "提议扣分：…确认扣分请发送「/确认扣分 1」", contact_id=ADMIN, prompts=(proposal_prompt(bot.app.office, p),)
        )
    )
    [(to, body)] = deliver(bot, transport)  # the text, which says what to type; the card was refused
    assert to == ADMIN and "/确认扣分 1" in body["markdown"]["content"]
    assert deliver(bot, transport) == []  # delivered: not sent again with another try at the card


def test_cards_built_fit_the_documented_form(bot):
    from bot.model.actions import OTHER, Action, Prompt
    from bot.transports.wecom_cards import build, done_card
    from tests.e2e.wecom_server import card_problem

    many = Prompt(
        "扣分提议 #9 环保局 −5",
        "proposal:9",
        (Action("确认扣分", "/确认扣分 9"), Action("不扣分", "/不扣分 9", ("一", "二", "三", "四", "五", OTHER))),
    )
    card, buttons = build(many, "ib9x0xabc")
    assert card_problem(card) is None and len(buttons) == 6 and buttons[-1] == ("b5", "/不扣分 9")  # 其他 kept
    assert card_problem(done_card("ib9x0xabc", "扣分提议 #9", "已确认扣分 −5", "")) is None
    assert card_problem({**card, "task_id": "ib 9"}) == "task_id"
    assert card_problem({**card, "button_list": card["button_list"] * 2}) == "button_list"
