"""企业微信 delivery within the documented limits, in process: budgets per conversation, replies to a busy chat
merged, rate refusals waiting in order (office first, nothing dropped), unreachable letters handed to the admins."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.common.clock import FixedClock
from bot.model.message import Outgoing
from bot.outbox.delivery import Delivery
from bot.outbox.queue import CHAT, OFFICE
from bot.settings.delivery import OutboxSettings
from bot.store import open_store
from tests.chatkit import GROUP_ID, start_bot
from tests.wecom_model import FREQ_LIMIT, WecomModel


class Budgeted:
    def __init__(self, config, tmp_path, when=datetime(2019, 6, 28, 10), **model):
        self.clock = FixedClock(when)
        self.harness = start_bot(config, open_store(None), self.clock, tmp_path)
        self.app = self.harness.app
        self.store = self.app.store
        self.model = WecomModel(self.harness.transport, self.store, self.clock, known={GROUP_ID}, **model)
        self.delivery = Delivery(
            self.app.office.outbox,
            self.model,
            OutboxSettings(1, 0, 100000),
            self.clock,
            self.app.office.notices,
            sleep=self.sleep,
            rand=lambda: 0.0,
        )

    async def sleep(self, seconds: float) -> None:
        self.clock.set(self.clock.now() + timedelta(seconds=seconds))

    def run_once(self) -> float | None:
        """One delivery round; how long it asks to wait, or None when nothing is pending."""
        wait = asyncio.run(self.delivery.deliver_due())
        return wait if self.store.pending() else None

    def run_until_idle(self, limit: int = 500) -> None:
        """Deliver, waiting (on the clock) whatever the delivery asks, until nothing is pending."""
        for _ in range(limit):
            wait = asyncio.run(self.delivery.deliver_due())
            if not self.store.pending():
                return
            self.clock.set(self.clock.now() + timedelta(seconds=wait))
        raise AssertionError("still pending")

    @property
    def sent(self):
        return self.harness.transport.sent


def test_a_burst_into_one_chat_stays_under_the_limit_and_merges(config, tmp_path):
    bot = Budgeted(config, tmp_path)
    for i in range(100):
        bot.app.office.outbox.queue(Outgoing(f"回复{i}", room_id=GROUP_ID), priority=CHAT)
    bot.run_until_idle()
    assert not bot.model.refused
    joined = "\n".join(o.text for o in bot.sent)
    assert all(f"回复{i}" in joined for i in range(100))
    assert joined.index("回复9") < joined.index("回复10") < joined.index("回复99")  # in order
    assert len(bot.sent) < 30  # merged once the chat's budget ran low


def test_rate_refusals_wait_in_order_office_first_nothing_dropped(config, tmp_path):
    bot = Budgeted(config, tmp_path)
    bot.model.refuse_until = bot.clock.now() + timedelta(seconds=35)
    for i in range(7):
        bot.app.office.outbox.queue(Outgoing(f"成员{i}", room_id=GROUP_ID), priority=CHAT)
    for i in range(2):
        bot.app.office.outbox.queue(Outgoing(f"科室{i}", room_id=GROUP_ID), priority=OFFICE)
    bot.run_until_idle()
    joined = "\n".join(o.text for o in bot.sent)
    assert joined.index("科室0") < joined.index("科室1") < joined.index("成员0")
    assert all(f"成员{i}" in joined for i in range(7))
    assert bot.model.refused[FREQ_LIMIT] >= 1
    assert [r["status"] for r in bot.harness.rows("outbox")] == ["sent"] * 9


def test_a_letter_to_someone_who_never_wrote_goes_to_the_admins(config, tmp_path):
    bot = Budgeted(config, tmp_path)
    bot.store.note_wrote("leader_wrote", "contact", bot.clock.now())
    bot.app.office.outbox.queue(Outgoing("给写过的领导", contact_id="leader_wrote"))
    silent = bot.app.office.outbox.queue(Outgoing("给没写过的领导：全文", contact_id="leader_silent"))
    bot.model.known |= {a.contact_id for a in config.bot.admins}
    bot.run_until_idle()
    to = {o.contact_id: o.text for o in bot.sent}
    assert to["leader_wrote"] == "给写过的领导" and "leader_silent" not in to
    admin = config.bot.admins[0].contact_id
    assert to[admin].startswith("请转交 单位 领导 leader_silent") and "给没写过的领导：全文" in to[admin]
    assert bot.harness.rows("outbox")[silent.id - 1]["status"] == "handed"
