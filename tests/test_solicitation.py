"""约稿: an admin posts it to the group, liaisons answer, late units are proposed −5/−10, an admin confirms."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.common.clock import FixedClock
from bot.jobs.followups import solicitation_deadlines
from tests.chatkit import ADMIN, ADMIN_NAME, GROUP_ID

JIBAN, HBJ = "wxid_jiban", "wxid_hbj"
ADMINS = ["wxid_office_gaoge", "wxid_office_zhangyi", "wxid_office_guocong"]


def at(*args) -> datetime:
    return FixedClock(datetime(*args)).now()


def deadline_check(bot, when: datetime):
    """Run the deadline job and send what it queued, so later replies are read on their own."""
    posts = solicitation_deadlines(bot.app, when)
    bot.flush()
    return posts


@pytest.fixture
def group(bot):
    bot.app.office.notices.register_group(GROUP_ID)
    bot.bind(JIBAN, "济办")
    bot.bind(HBJ, "环保局")
    return bot


@pytest.fixture
def asked(group):
    """约稿 #1 to 济办 and 环保局, due Friday 5 July 17:00."""
    group.admin("/约稿 济源路街道、环保局 7月5日17:00 《大气污染防治经验做法》")
    return group


def test_admin_posts_a_solicitation_to_the_group_tagging_the_units(group):
    out = group.send(
        group.message(ADMIN, "/约稿 济办 环保局 金融办 7月5日17:00前 《大气污染防治经验做法》", name=ADMIN_NAME)
    )
    post = out[0]
    assert (post.room_id, post.mentions) == (GROUP_ID, (JIBAN, HBJ))
    assert post.text.splitlines() == [
        "【约稿 #1】大气污染防治经验做法",
        "请以下单位于 7月5日（星期五）17:00 前报送：济办、环保局、金融办",
        "回复格式：#约稿 1 【标题】正文",
        "逾期报送的每次扣 5 分，推诿扯皮、拒不配合的每次扣 10 分。",
    ]
    assert out[1].contact_id == ADMIN and "以下单位还没有绑定信息员，群里无法@到，请另行通知：金融办" in out[1].text
    row = group.rows("solicitations")[0]
    assert (row["title"], row["deadline"], row["created_by"]) == (
        "大气污染防治经验做法",
        "2019-07-05T17:00:00+08:00",
        ADMIN,
    )
    assert [r["unit"] for r in group.rows("solicitation_units")] == ["济办", "环保局", "金融办"]


def test_a_date_alone_takes_the_configured_time_and_a_private_request_is_confirmed(group):
    out = group.send(group.message(ADMIN, "/约稿 济办 明天 优化营商环境", private=True))
    assert [o.room_id for o in out] == [GROUP_ID, None]
    assert out[1].text == "已在群里发布约稿 #1《优化营商环境》，截止 6月29日（星期六）18:00，约稿单位：济办。"


def test_a_deadline_in_the_afternoon_is_after_noon(group):
    out = group.send(group.message(ADMIN, "/约稿 济办 7月5日下午5点 优化营商环境", private=True))
    assert out[1].text == "已在群里发布约稿 #1《优化营商环境》，截止 7月5日（星期五）17:00，约稿单位：济办。"


@pytest.mark.parametrize(
    "command,error",
    [
        ("/约稿 济办 《没有截止时间》", "缺少截止时间。写法如：7月5日、7月5日17:30、2019-07-05 17:30、明天17点"),
        ("/约稿 7月5日 《没有单位》", "缺少约稿单位"),
        ("/约稿 济办 7月5日", "缺少约稿题目"),
        ("/约稿 济办 6月27日 《已过》", "截止时间 2019年6月27日 18:00 已过"),
        ("/约稿 济源路街道办事处 7月5日 《题目》", "未知单位「济源路街道办事处」。您是不是要找：济办"),
    ],
)
def test_bad_solicitations_say_what_is_valid_and_write_nothing(group, command, error):
    reply = group.admin(command)
    assert error in reply and "用法：/约稿 <单位…> <截止时间> <题目>" in reply
    assert group.rows("solicitations") == [] and group.rows("solicitation_units") == []


def test_liaisons_answer_and_the_reply_says_on_time_or_late(asked):
    reply = asked.say(JIBAN, "#约稿 1 【济源路街道“三治融合”治理扬尘】正文")
    assert reply == "已收到 济办 对约稿 #1《大气污染防治经验做法》的报送 #1《济源路街道“三治融合”治理扬尘》。按时报送。"
    assert [(r["unit"], r["title"]) for r in asked.rows("submissions")] == [("济办", "济源路街道“三治融合”治理扬尘")]
    asked.at(datetime(2019, 7, 5, 17, 30))
    reply = asked.say(HBJ, "#约稿 1 【环保局大气治理】")
    assert reply.endswith("已超过截止时间（7月5日（星期五）17:00），记为迟报。")
    reply = asked.say(JIBAN, "#约稿 1 【补充一篇】")
    assert "本单位此前已报送 #1，以首次报送时间为准：按时（6月28日 10:00 报送 #1）" in reply


@pytest.mark.parametrize(
    "sender,text,error",
    [
        (JIBAN, "#约稿 9 【标题】", "没有约稿 #9。进行中的约稿：#1《大气污染防治经验做法》"),
        (JIBAN, "#约稿 一 【标题】", "请写明回复的是哪一条约稿。格式：#约稿 <约稿编号> 【标题】正文"),
        (JIBAN, "#约稿 1", "约稿内容是空的"),
        ("wxid_jrb", "#约稿 1 【标题】", "约稿 #1《大气污染防治经验做法》没有约金融办，约稿单位：济办、环保局"),
    ],
)
def test_bad_answers_are_explained_and_store_nothing(asked, sender, text, error):
    asked.bind("wxid_jrb", "金融办")
    reply = asked.say(sender, text)
    assert error in reply, reply
    assert asked.rows("submissions") == []
    assert all(r["answered_at"] is None for r in asked.rows("solicitation_units"))


def test_at_the_deadline_admins_get_the_late_units_with_proposed_deductions(asked):
    asked.say(JIBAN, "#约稿 1 【按时的一篇】")
    app = asked.app
    assert deadline_check(asked, at(2019, 7, 5, 16, 59)) == []
    posts = deadline_check(asked, at(2019, 7, 5, 17, 0))
    assert sorted(p.contact_id for p in posts) == sorted(ADMINS)
    assert posts[0].text.splitlines() == [
        "约稿 #1《大气污染防治经验做法》已于 7月5日 17:00 截止，约稿单位 2 个。",
        "按时报送：济办（6月28日 10:00 报送 #1）",
        "迟报、未报或拒不配合，提议扣分：",
        "#1 环保局 约稿迟报 -5 分：约稿 #1《大气污染防治经验做法》截止 7月5日 17:00，未报送",
        "确认扣分请发送「/确认扣分 1」；有正当理由不扣的，发送「/不扣分 提议号 原因」。未经管理员确认，不会扣分。",
    ]
    assert solicitation_deadlines(app, at(2019, 7, 5, 17, 5)) == []
    assert app.store.count_entries() == 0  # nothing is deducted without confirmation
    assert [(r["unit"], r["deduction_kind"], r["status"]) for r in asked.rows("proposals")] == [
        ("环保局", "约稿迟报", "pending")
    ]


def test_an_answer_that_came_in_late_while_the_bot_was_down_is_proposed_too(asked):
    asked.at(datetime(2019, 7, 5, 17, 20))
    asked.say(HBJ, "#约稿 1 【晚了二十分钟】")
    asked.say(JIBAN, "#约稿 1 【也晚了】")
    deadline_check(asked, at(2019, 7, 8, 9, 0))
    notes = [r["note"] for r in asked.rows("proposals")]
    assert notes == [
        "约稿 #1《大气污染防治经验做法》截止 7月5日 17:00，迟报（7月5日 17:20 报送 #2）",
        "约稿 #1《大气污染防治经验做法》截止 7月5日 17:00，迟报（7月5日 17:20 报送 #1）",
    ]


def test_confirming_records_the_deductions_dated_at_the_deadline(asked):
    deadline_check(asked, at(2019, 7, 5, 17, 0))
    asked.at(datetime(2019, 7, 8, 9, 0))
    reply = asked.admin("/确认扣分 1 2")
    assert reply.splitlines()[0] == (
        "扣分提议 #1 已确认。已登记 #1：济办 扣分：约稿迟报（约稿 #1《大气污染防治经验做法》"
        "截止 7月5日 17:00，未报送（扣分提议 #1）），-5 分。"
    )
    entries = list(asked.app.store.all_entries())
    assert [(e.unit, e.deduction_kind, e.date, e.recorded_by) for e in entries] == [
        ("济办", "约稿迟报", date(2019, 7, 5), ADMIN),
        ("环保局", "约稿迟报", date(2019, 7, 5), ADMIN),
    ]
    assert [r["status"] for r in asked.rows("proposals")] == ["confirmed", "confirmed"]
    assert "扣分提议 #1 已确认（记录 #1），不能再处理" in asked.admin("/确认扣分 1")
    assert asked.app.store.count_entries() == 2


def test_a_refusal_is_proposed_at_minus_10_and_can_be_recorded_after_the_deadline(asked):
    reply = asked.admin("/约稿拒报 1 环保局 电话联系称不报")
    assert reply == "已登记 环保局 对约稿 #1《大气污染防治经验做法》拒不配合；截止时将提议扣 10 分，由管理员确认。"
    deadline_check(asked, at(2019, 7, 5, 17, 0))
    assert [(r["unit"], r["deduction_kind"]) for r in asked.rows("proposals")] == [
        ("济办", "约稿迟报"),
        ("环保局", "约稿拒不配合"),
    ]
    reply = asked.admin("/约稿拒报 1 济办 推诿扯皮")
    assert reply.startswith(
        "已登记 济办 对约稿 #1《大气污染防治经验做法》拒不配合，扣分提议已改为：#1 济办 约稿拒不配合 -10 分"
    )
    asked.admin("/确认扣分 1")
    assert "已处理，不能再改为拒不配合" in asked.admin("/约稿拒报 1 济办 再次")


def test_dismissing_a_proposal_needs_a_reason_and_deducts_nothing(asked):
    deadline_check(asked, at(2019, 7, 5, 17, 0))
    assert "不扣分须写明原因" in asked.admin("/不扣分 1")
    assert asked.admin("/不扣分 1 已电话报送纸质稿") == "已决定不扣分：#1 济办 约稿迟报。原因：已电话报送纸质稿。"
    assert asked.rows("proposals")[0]["status"] == "dismissed" and asked.app.store.count_entries() == 0
    reply = asked.admin("/确认扣分")
    assert "缺少提议号。待确认的扣分提议：\n#2 环保局 约稿迟报 -5 分" in reply
    assert "没有扣分提议 #7" in asked.admin("/确认扣分 7")


def test_progress_shows_each_units_status(asked):
    asked.say(JIBAN, "#约稿 1 【一篇】")
    assert asked.admin("/约稿情况").splitlines() == [
        "约稿 #1《大气污染防治经验做法》 截止 7月5日（星期五）17:00",
        "  济办：按时（6月28日 10:00 报送 #1）",
        "  环保局：未报送",
    ]


ADMIN_ONLY = ["/约稿 济办 7月5日 《题目》", "/约稿拒报 1 济办", "/约稿情况", "/确认扣分 1", "/不扣分 1 原因"]
TABLES = ("solicitations", "solicitation_units", "proposals", "entries", "outbox")


@pytest.mark.parametrize("command", ADMIN_ONLY)
@pytest.mark.parametrize("private", [False, True])
def test_non_admins_cannot_solicit_or_confirm_and_nothing_is_written(asked, command, private):
    deadline_check(asked, at(2019, 7, 5, 17, 0))
    before = {t: asked.rows(t) for t in TABLES if t != "outbox"}
    for sender, name in [(JIBAN, "小李"), ("wxid_impostor", ADMIN_NAME)]:
        reply = asked.say(sender, command, name=name, private=private)
        assert "仅限区委办信息科管理员使用" in reply
    assert {t: asked.rows(t) for t in before} == before
