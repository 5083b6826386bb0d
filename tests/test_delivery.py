"""The paced outbox delivery: interval with jitter, daily cap, bad targets, restarts. Nothing sleeps:
the injected sleep moves a fixed clock."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.model.message import Outgoing
from bot.common.clock import TZ, FixedClock
from bot.outbox.delivery import IDLE_SECONDS, RETRY_SECONDS, Delivery
from bot.outbox.queue import CHAT, OFFICE, NotConnected
from bot.settings.delivery import OutboxSettings
from bot.store import open_store
from tests.chatkit import ADMIN, GROUP_ID, FakeTransport, start_bot


class Paced:
    """A bot whose flush goes through Delivery, with a clock that only the fake sleep moves."""

    def __init__(self, config, store, tmp_path, limits=OutboxSettings(3, 1, 500), when=datetime(2019, 6, 28, 10)):
        self.clock = FixedClock(when)
        self.harness = start_bot(config, store, self.clock, tmp_path)
        self.app = self.harness.app
        self.transport: FakeTransport = self.harness.transport
        self.slept: list[float] = []
        self.sent_at: list[datetime] = []
        send = self.transport.send

        async def timed_send(out):
            await send(out)
            self.sent_at.append(self.clock.now())

        self.transport.send = timed_send
        self.delivery = Delivery(
            self.app.office.outbox,
            self.transport,
            limits,
            self.clock,
            self.app.office.notices,
            sleep=self.sleep,
            rand=lambda: 0.5,
        )
        self.app.delivery = self.delivery

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.set(self.clock.now() + timedelta(seconds=seconds))

    def queue(self, n: int, to: str = GROUP_ID, priority: int = OFFICE) -> None:
        for i in range(n):
            self.app.office.outbox.queue(Outgoing(f"消息{i + 1}", room_id=to), priority=priority)

    def deliver(self) -> float:
        return asyncio.run(self.delivery.deliver_due())

    def statuses(self) -> list[str]:
        return [r["status"] for r in self.harness.rows("outbox")]


def test_messages_go_out_one_per_interval_plus_jitter(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path)
    bot.queue(3)
    assert bot.deliver() == IDLE_SECONDS
    assert [o.text for o in bot.transport.sent] == ["消息1", "消息2", "消息3"]
    gaps = [(b - a).total_seconds() for a, b in zip(bot.sent_at, bot.sent_at[1:])]
    assert gaps == [3.5, 3.5]  # 3 s interval + 0.5 × 1 s jitter
    assert bot.statuses() == ["sent"] * 3


def test_a_reply_is_queued_by_the_handler_and_only_sent_by_the_delivery(config, tmp_path):
    paced = Paced(config, open_store(None), tmp_path)
    asyncio.run(paced.app.receive(paced.harness.message(ADMIN, "/帮助", private=True)))
    assert paced.transport.sent == [] and paced.statuses() == ["pending"]
    paced.deliver()
    assert paced.transport.sent[0].contact_id == ADMIN


def test_the_interval_holds_across_a_restart(config, tmp_path):
    path = tmp_path / "infobot.db"
    first = Paced(config, open_store(path), tmp_path)
    first.queue(1)
    first.deliver()
    first.app.store.close()
    second = Paced(config, open_store(path), tmp_path, when=first.clock.now() + timedelta(seconds=1))
    second.queue(1)
    second.deliver()
    assert second.slept == [2.5]  # the last send is read back from the database


def test_messages_queued_before_a_shutdown_go_out_after_the_restart(config, tmp_path):
    path = tmp_path / "infobot.db"
    down = Paced(config, open_store(path), tmp_path)
    down.transport.fail = True
    asyncio.run(down.app.receive(down.harness.message(ADMIN, "/帮助", private=True)))
    down.queue(2)
    assert down.deliver() == RETRY_SECONDS  # FakeTransport raises ConnectionError: counted, kept
    down.app.store.close()

    up = Paced(config, open_store(path), tmp_path)
    up.deliver()
    assert [o.text[:4] for o in up.transport.sent[1:]] == ["消息1", "消息2"]
    assert up.transport.sent[0].contact_id == ADMIN
    assert up.statuses() == ["sent"] * 3


def test_not_connected_stops_the_round_without_counting_a_failure(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path)
    bot.queue(2)

    async def offline(out):
        raise NotConnected("微信未登录")

    bot.delivery.sender = type("Offline", (), {"send": staticmethod(offline)})()
    for _ in range(5):
        assert bot.deliver() == RETRY_SECONDS
    assert bot.statuses() == ["pending", "pending"]


def test_a_bad_target_is_passed_over_then_marked_failed(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path)
    bot.app.office.outbox.queue(Outgoing("给不存在的人", contact_id="wxid_nobody"))
    bot.queue(1)
    real_send = bot.delivery.sender.send

    async def picky(out):
        if out.contact_id == "wxid_nobody":
            raise RuntimeError("contact not found")
        await real_send(out)

    bot.delivery.sender = type("Picky", (), {"send": staticmethod(picky)})()
    assert bot.deliver() == RETRY_SECONDS
    assert [o.text for o in bot.transport.sent] == ["消息1"]  # not blocked behind the bad one
    bot.deliver()
    bot.deliver()
    rows = bot.harness.rows("outbox")
    assert [r["status"] for r in rows[:2]] == ["failed", "sent"]
    assert "contact not found" in rows[0]["error"] and rows[0]["attempts"] == 3
    notices = rows[2:]  # a private message given up on is told to every admin too: to whom, what, why
    assert len(notices) == len(config.bot.admins) and all(n["key"].startswith("failed:1:") for n in notices)
    assert "wxid_nobody" in notices[0]["text"] and "给不存在的人" in notices[0]["text"]
    assert "infobot outbox --retry 1" in notices[0]["text"]


def test_over_the_daily_cap_messages_wait_for_midnight_and_admins_hear_first(config, tmp_path):
    admins = len(config.bot.admins)
    bot = Paced(
        config, open_store(None), tmp_path, limits=OutboxSettings(3, 0, admins + 1), when=datetime(2019, 6, 28, 23, 0)
    )
    bot.queue(admins + 3, priority=CHAT)  # the cap holds replies to members, not the office's messages
    wait = bot.deliver()
    assert len(bot.transport.sent) == admins + 1
    assert wait == (datetime(2019, 6, 29, 0, 0, tzinfo=TZ) - bot.clock.now()).total_seconds()
    notices = [r for r in bot.harness.rows("outbox") if (r["key"] or "").startswith("outbox:cap:2019-06-28")]
    assert {r["contact_id"] for r in notices} == {a.contact_id for a in config.bot.admins}
    assert f"6月28日机器人发出的消息达到每日上限 {admins + 1} 条" in notices[0]["text"]
    assert "还有 2 条未发" in notices[0]["text"]

    bot.deliver()  # still the same day: nothing more, no second notice
    assert len(bot.transport.sent) == admins + 1
    assert len([r for r in bot.harness.rows("outbox") if r["key"]]) == admins

    bot.clock.set(datetime(2019, 6, 29, 0, 0, 1))
    bot.deliver()
    new_day = bot.transport.sent[admins + 1 :]
    assert [o.contact_id for o in new_day[:admins]] == [a.contact_id for a in config.bot.admins]  # notices first
    assert [o.text for o in new_day[admins:]] == [f"消息{admins + 2}"]  # then the backlog, within the cap


def test_run_wakes_on_flush_and_stops_on_cancel(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path, limits=OutboxSettings(0, 0, 500))

    async def scenario():
        task = asyncio.ensure_future(bot.delivery.run())
        await asyncio.sleep(0)
        bot.queue(1)
        await bot.app.flush()
        for _ in range(100):
            if bot.transport.sent:
                break
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    assert [o.text for o in bot.transport.sent] == ["消息1"]


def test_a_group_post_given_up_on_is_told_to_the_admins(config, tmp_path):
    bot = Paced(config, open_store(None), tmp_path)
    bot.app.office.outbox.queue(Outgoing("【信息工作通报】6月", room_id="room_gone@chatroom"), key="monthly:2019-06")

    async def gone(out):
        if out.room_id == "room_gone@chatroom":
            raise RuntimeError("room not found")

    bot.delivery.sender = type("Gone", (), {"send": staticmethod(gone)})()
    for _ in range(3):
        bot.deliver()
    rows = bot.harness.rows("outbox")
    assert rows[0]["status"] == "failed"
    notices = [r for r in rows if r["contact_id"] in {a.contact_id for a in config.bot.admins}]
    assert len(notices) == len(config.bot.admins)
    assert "发往群 room_gone@chatroom 的消息（发件箱 #1）连续 3 次发送失败" in notices[0]["text"]
    assert "在新群里发送 /设为本群" in notices[0]["text"] and "群名" not in notices[0]["text"]
    assert "【信息工作通报】6月" in notices[0]["text"]
