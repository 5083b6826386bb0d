"""The desk's writes through Starlette's TestClient: each runs its chat command's workflow, once per form, with the
session's CSRF token, errors next to their field in chat's words, and the facts marked as recorded on the desk."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from starlette.testclient import TestClient

from bot.web.app import create_desk
from tests.chatkit import ADMIN, GROUP_ID
from tests.deskkit import BASE, form_of, login_link, seeded_bot

OTHER_ADMIN = "wxid_office_zhangyi"


@pytest.fixture
def bot(config, clock, tmp_path):
    return seeded_bot(config, clock, tmp_path)  # conftest's clock: 2019-06-30 18:00; #1 adopted in chat


def signed_in(bot, contact: str = ADMIN) -> TestClient:
    c = TestClient(create_desk(bot.app.office), base_url=BASE, follow_redirects=True)
    assert c.get(login_link(bot, contact).removeprefix(BASE)).status_code == 200
    return c


@pytest.fixture
def desk(bot):
    return signed_in(bot)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def post_form(desk, page: str, action: str, **fields):
    """Fill the form posting to `action` as rendered on `page` (its CSRF token and key) and send it."""
    return desk.post(action, data={**form_of(desk.get(page).text, action), **fields})


def facts(bot) -> list[dict]:
    return bot.rows("entries")


# --- safety: CSRF, POST only, once per form ---------------------------------------------------------


def test_a_write_without_the_sessions_token_records_nothing(bot, desk):
    before = len(facts(bot))
    fields = {"unit": "济办", "persons": "2"}
    assert desk.post("/record/train", data=fields).status_code == 403
    hidden = form_of(desk.get("/record").text, "/record/train")
    assert desk.post("/record/train", data={**fields, **hidden, "csrf": "f" * 64}).status_code == 403
    other = signed_in(bot)  # another session's token does not open this one's forms
    other_hidden = form_of(other.get("/record").text, "/record/train")
    assert desk.post("/record/train", data={**fields, **other_hidden}).status_code == 403
    r = desk.post("/record/train", data={**fields, **hidden}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and "未做任何登记" in r.text
    assert len(facts(bot)) == before


def test_writes_are_posts_only(desk):
    assert desk.get("/record/train").status_code == 405
    assert desk.get("/compose").status_code == 405
    assert desk.get("/proposals/1/confirm").status_code == 405


def test_a_form_sent_twice_records_once(bot, desk):
    hidden = form_of(desk.get("/record").text, "/record/train")
    fields = {**hidden, "unit": "济办", "persons": "2", "note": "业务培训"}
    first = desk.post("/record/train", data=fields)
    assert first.status_code == 200 and "已登记" in first.text and "培训" in text_of(first.text)
    count = len(facts(bot))
    second = desk.post("/record/train", data=fields)  # a second click, or the browser's resend
    assert "已经提交过" in second.text and "本次没有重复登记" in second.text
    assert len(facts(bot)) == count
    assert len(bot.rows("desk_writes")) == 1


def test_a_failed_form_can_be_corrected_and_sent_with_the_same_key(bot, desk):
    hidden = form_of(desk.get("/record").text, "/record/train")
    bad = desk.post("/record/train", data={**hidden, "unit": "济办", "persons": "0"})
    assert bad.status_code == 400 and not bot.rows("desk_writes")
    good = desk.post("/record/train", data={**hidden, "unit": "济办", "persons": "3"})
    assert "已登记" in good.text


# --- audit: who and from where ------------------------------------------------------------------------


def test_the_unit_page_says_who_recorded_each_fact_and_where(bot, desk):
    post_form(desk, "/record", "/record/train", unit="济办", persons="2")
    page = text_of(desk.get("/units/济办").text)
    assert "高歌 在后台登记" in page  # the desk's training record
    assert "报送 #1（高歌 登记）" in page  # the adoption typed in chat
    row = facts(bot)[-1]
    assert row["kind"] == "training" and row["recorded_by"] == ADMIN
    write = bot.rows("desk_writes")[0]
    assert write["contact_id"] == ADMIN and write["first_entry"] == write["last_entry"] == row["id"]


# --- record forms: the same checks and words as chat --------------------------------------------------


def test_adoption_by_submission_number_as_chat_records_it(bot, desk):
    bot.say("wxid_li", "#报送 【社区议事会】济源路街道成立社区议事会。")
    assert "市级采用 0 分" in bot.say("wxid_li", "/我的得分")
    r = post_form(desk, "/record", "/record/adopt", submission="2", publication="郑州信息", grade="单条")
    assert "已登记" in r.text
    entry = bot.app.office.ledger.entry(facts(bot)[-1]["id"])
    assert (entry.unit, entry.publication, entry.submission_id, entry.title) == ("济办", "郑州信息", 2, "社区议事会")
    assert "市级采用 0 分" not in bot.say("wxid_li", "/我的得分")


def test_a_repeated_fact_is_refused_next_to_the_again_box_in_chats_words(bot, desk):
    post_form(desk, "/record", "/record/train", unit="济办", persons="2")
    r = post_form(desk, "/record", "/record/train", unit="济办", persons="2")
    assert r.status_code == 400
    chat = bot.admin("/培训 济办 2")  # the same fact typed in chat
    sentence = chat.split("如确实")[0]
    page = text_of(r.text)
    assert sentence.strip() in page
    assert "勾选「再次」" in page and re.search(
        r'class="field bad check"[^>]*>\s*<input type="checkbox" name="again"', r.text
    )
    again = post_form(desk, "/record", "/record/train", unit="济办", persons="2", again="on")
    in_chat = bot.admin("/培训 济办 2 再次")  # the desk answers as chat does: the fact, its points, the new total
    shown = text_of(again.text)
    entry_id = facts(bot)[-2]["id"]
    assert f"已登记 #{entry_id}：济办 培训学习 2 人次，+30 分。" in shown
    assert re.sub(r"#\d+", "#N", in_chat.split("\n")[0]) == "已登记 #N：济办 培训学习 2 人次，+30 分。"
    assert re.search(r"济办 累计 \d+ 分，任务占比 \d+%", shown)


def test_bad_fields_are_shown_next_to_the_field(bot, desk):
    r = post_form(desk, "/record", "/record/train", unit="济办", persons="500")
    assert r.status_code == 400
    chat = bot.admin("/培训 济办 500")
    assert "人次应为 1 到 200 之间的整数" in text_of(r.text) and "人次应为 1 到 200 之间的整数" in chat
    assert re.search(r'name="persons"[^>]*value="500"', r.text)  # what was typed stays
    r = post_form(desk, "/record", "/record/adopt", submission="99", publication="郑州信息")
    assert "没有报送 #99" in text_of(r.text)
    r = post_form(desk, "/record", "/record/deduct", unit="济办", reason="迟到")
    assert r.status_code == 400 and "迟到" in text_of(r.text)
    r = post_form(desk, "/record", "/record/train", unit="济办", persons="2", date="2019-07-09")
    assert "晚于今天" in text_of(r.text)


def test_instruction_award_research_deduction_and_emergency(bot, desk):
    for action, fields in [
        ("/record/instruct", {"submission": "1", "level": "市"}),
        ("/record/award", {"submission": "1"}),
        ("/record/excellent", {"submission": "1"}),
        ("/record/deduct", {"unit": "城管局", "reason": "约稿迟报", "note": "六月约稿"}),
        ("/record/emergency", {"unit": "妇联", "grade": "较大"}),
    ]:
        r = post_form(desk, "/record", action, **fields)
        assert "已登记" in r.text, (action, text_of(r.text))
    kinds = [r["kind"] for r in facts(bot)]
    assert kinds[-5:] == ["instruction", "award", "award", "deduction", "deduction"]


def test_reversal_needs_a_reason_and_a_live_record(bot, desk):
    r = post_form(desk, "/record", "/record/reverse", entry="1")
    assert r.status_code == 400 and "撤销须写明原因" in text_of(r.text)
    r = post_form(desk, "/record", "/record/reverse", entry="999", reason="错了")
    assert "没有记录号 #999" in text_of(r.text)
    r = post_form(desk, "/record", "/record/reverse", entry="1", reason="刊物登记错误")
    asked = text_of(r.text)  # a destructive write shows what it will cancel and asks once more
    assert "撤销记录 #1？" in asked and "采用《上街信息》单条 第3期《我办推进垃圾分类》" in asked
    assert "原因：刊物登记错误" in asked and len([e for e in facts(bot) if e["kind"] == "reversal"]) == 0
    assert "累计得分 4 分" in bot.say("wxid_li", "/我的得分")
    r = desk.post("/record/reverse", data=form_of(r.text, "/record/reverse"))
    assert "已撤销 #1" in text_of(r.text)
    assert "累计得分 0 分" in bot.say("wxid_li", "/我的得分")


# --- deduction proposals --------------------------------------------------------------------------------


def _proposal(bot):
    bot.admin("/约稿 济办 环保局 7月5日17:00 《大气污染防治经验做法》")
    bot.at(datetime(2019, 7, 5, 17, 10))
    from bot.jobs import run_job

    run_job(bot.app, "solicitation_deadlines", bot.clock.now())
    return bot.app.office.proposals.pending()


def test_confirm_a_deduction_proposal_with_one_click(bot):
    pending = _proposal(bot)
    desk = signed_in(bot)
    first = pending[0]
    page = desk.get("/solicitations").text
    r = desk.post(f"/proposals/{first.id}/confirm", data=form_of(page, f"/proposals/{first.id}/confirm"))
    assert f"扣分提议 #{first.id} 已确认" in text_of(r.text)
    assert bot.app.office.proposals.get(first.id).status == "confirmed"
    again = desk.post(f"/proposals/{first.id}/confirm", data=form_of(page, f"/proposals/{first.id}/confirm"))
    assert "本次没有重复登记" in again.text


def test_dismiss_asks_for_a_reason(bot):
    pending = _proposal(bot)
    desk = signed_in(bot)
    second = pending[-1]
    action = f"/proposals/{second.id}/dismiss"
    page = desk.get("/solicitations").text
    r = desk.post(action, data=form_of(page, action))
    assert r.status_code == 400 and "不扣分须写明原因" in r.text
    r = desk.post(action, data={**form_of(page, action), "reason": "已电话报送"})
    assert "已决定不扣分" in text_of(r.text) and bot.app.office.proposals.get(second.id).status == "dismissed"


# --- compose and publish --------------------------------------------------------------------------------


def _four_submissions(bot) -> list[str]:
    bot.bind("wxid_wang", "城管局", "王强")
    bot.bind("wxid_zhao", "环保局", "赵敏")
    bot.say("wxid_li", "#报送 【老旧小区改造】济源路街道完成 3 个老旧小区改造。")
    bot.say("wxid_wang", "#报送 【占道经营整治】城管局清理占道经营 120 处。")
    bot.say("wxid_wang", "#报送 【夜市规范】城管局规范夜市摊点。")
    bot.say("wxid_zhao", "#报送 【大气治理】环保局开展扬尘治理。")
    return ["2", "3", "4", "5"]


def compose(desk, picks: list[str], number: str = "24", **extra):
    page = desk.get("/submissions?view=inbox").text
    data = {**form_of(page, "/compose"), "publication": "上街信息", "number": number, "pick": picks, **extra}
    return desk.post("/compose", data=data)


def test_compose_by_ticking_then_publish_as_chat_does(bot, desk):
    ids = _four_submissions(bot)
    before = bot.say("wxid_wang", "/我的得分")
    r = compose(
        desk,
        ids,
        **{
            "grade-2": "单条",
            "group-3": "A",
            "group-4": "A",
            "title-3": "城管局整治市容",
            "grade-5": "简讯",
            "order-5": "1",
        },
    )
    assert r.status_code == 200, text_of(r.text)
    page = desk.get("/issues/上街信息/24").text
    text = text_of(page)
    assert "上街信息》第24期" in text and "草稿" in text
    assert "1. 简讯：大气治理" in text and "综合：城管局整治市容" in text
    assert "合计 +" in text and "刊发后各单位计分" in text
    docx = desk.get("/issues/上街信息/24/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    sent_before = len(bot.transport.sent)
    r = desk.post("/issues/上街信息/24/publish", data=form_of(page, "/issues/上街信息/24/publish"))
    assert "已刊发" in text_of(r.text) and "已在群里公布" in text_of(r.text)
    bot.flush()
    posts = [o for o in bot.transport.sent[sent_before:] if o.room_id == GROUP_ID]
    assert len(posts) == 1 and posts[0].text.startswith("《上街信息》第24期已刊发")
    assert set(posts[0].mentions) >= {"wxid_wang", "wxid_zhao", "wxid_li"}
    after = bot.say("wxid_wang", "/我的得分")
    assert after != before
    # a second click of 刊发 (the same rendered form) records nothing more
    count = len(facts(bot))
    again = desk.post("/issues/上街信息/24/publish", data=form_of(page, "/issues/上街信息/24/publish"))
    assert "本次没有重复登记" in again.text and len(facts(bot)) == count


def test_two_admins_cannot_publish_the_same_issue_twice(bot, desk):
    ids = _four_submissions(bot)
    compose(desk, ids[:2])
    other = signed_in(bot, OTHER_ADMIN)
    mine = desk.get("/issues/上街信息/24").text
    theirs = other.get("/issues/上街信息/24").text
    assert "已刊发" in text_of(
        desk.post("/issues/上街信息/24/publish", data=form_of(mine, "/issues/上街信息/24/publish")).text
    )
    count = len(facts(bot))
    r = other.post("/issues/上街信息/24/publish", data=form_of(theirs, "/issues/上街信息/24/publish"))
    assert r.status_code == 400 and "不能重复刊发" in r.text and len(facts(bot)) == count


def test_a_draft_recomposed_meanwhile_is_not_published_unseen(bot, desk):
    ids = _four_submissions(bot)
    compose(desk, ids[:2])
    stale = desk.get("/issues/上街信息/24").text
    bot.later(minutes=5)
    compose(desk, ids[:3])
    r = desk.post("/issues/上街信息/24/publish", data=form_of(stale, "/issues/上街信息/24/publish"))
    assert r.status_code == 400 and "被重新组过" in r.text


def test_compose_errors_in_chats_words(bot, desk):
    ids = _four_submissions(bot)
    r = compose(desk, [])
    assert r.status_code == 400 and "请勾选" in r.text
    r = compose(desk, ids[:1], **{"grade-2": "专期"}, number="0")
    assert r.status_code == 400 and "期数" in text_of(r.text)


def test_withdraw_needs_a_reason_and_tells_the_group(bot, desk):
    ids = _four_submissions(bot)
    compose(desk, ids[:1])
    page = desk.get("/issues/上街信息/24").text
    desk.post("/issues/上街信息/24/publish", data=form_of(page, "/issues/上街信息/24/publish"))
    page = desk.get("/issues/上街信息/24").text
    r = desk.post("/issues/上街信息/24/withdraw", data=form_of(page, "/issues/上街信息/24/withdraw"))
    assert r.status_code == 400 and "撤刊须写明原因" in r.text
    r = desk.post(
        "/issues/上街信息/24/withdraw", data={**form_of(page, "/issues/上街信息/24/withdraw"), "reason": "期数登记错误"}
    )
    asked = text_of(r.text)  # the confirm page lists the adoptions 撤刊 will cancel; nothing is cancelled yet
    assert "撤刊《上街信息》第24期？" in asked and "将撤销本期 1 条采用" in asked and "老旧小区改造" in asked
    assert "已刊发" in text_of(desk.get("/issues/上街信息/24").text)
    sure = form_of(r.text, "/issues/上街信息/24/withdraw")
    assert sure["sure"] == "1" and sure["reason"] == "期数登记错误"
    r = desk.post("/issues/上街信息/24/withdraw", data=sure)
    assert "已撤刊" in text_of(r.text)
    again = desk.post("/issues/上街信息/24/withdraw", data=sure)  # the confirm page's button clicked twice
    assert "本次没有重复登记" in again.text
    bot.flush()
    assert any("已撤刊（期数登记错误）" in o.text for o in bot.transport.sent if o.room_id == GROUP_ID)


# --- year end -------------------------------------------------------------------------------------------


def test_common_task_grid_enforces_maxima_and_corrects_like_chat(bot, desk):
    page = desk.get("/yearend/tasks").text
    assert page.count('name="c-') == 53 * 4
    units = [u.name for u in bot.app.config.units.assessed(2019)]
    i = units.index("济办")
    tasks = list(bot.app.config.rules.for_year(2019).common_tasks)
    j = tasks.index("政研工作")
    top = bot.app.config.rules.for_year(2019).common_tasks["政研工作"]
    hidden = form_of(page, "/yearend/tasks")
    r = desk.post("/yearend/tasks", data={**hidden, f"c-{i}-{j}": str(top + 1)})
    assert r.status_code == 400 and f"得分应在 0 到 {top} 之间" in text_of(r.text)
    assert not [e for e in facts(bot) if e["kind"] == "common_task"]
    r = desk.post("/yearend/tasks", data={**hidden, f"c-{i}-{j}": str(top - 5)})
    assert "已保存 1 项" in text_of(r.text)
    page = desk.get("/yearend/tasks").text
    r = desk.post("/yearend/tasks", data={**form_of(page, "/yearend/tasks"), f"c-{i}-{j}": str(top)})
    tasks_rows = [e for e in facts(bot) if e["kind"] == "common_task"]
    assert len(tasks_rows) == 2
    reversal = [e for e in facts(bot) if e["reverses"] == tasks_rows[0]["id"]]
    assert reversal and "更正为" in reversal[0]["note"]
    assert f'value="{top}"' in desk.get("/yearend/tasks").text


# --- bindings, pledges, the research prize -----------------------------------------------------------------


def test_confirm_and_reject_binding_requests(bot, desk):
    bot.say("wxid_new", "/绑定 环保局", name="钱多")
    bot.say("wxid_bad", "/绑定 城管局", name="路人")
    page = desk.get("/confirm").text
    assert "钱多" in text_of(page) and "路人" in text_of(page)
    ids = [int(i) for i in re.findall(r'action="/bindings/(\d+)/confirm"', page)]
    r = desk.post(f"/bindings/{ids[0]}/confirm", data=form_of(page, f"/bindings/{ids[0]}/confirm"))
    assert "已确认：钱多（wxid_new）为「环保局」的信息员" in text_of(r.text)
    assert "环保局" in bot.say("wxid_new", "/我的得分")
    r = desk.post(
        f"/bindings/{ids[1]}/reject", data={**form_of(page, f"/bindings/{ids[1]}/reject"), "reason": "不是本单位人员"}
    )
    assert "已拒绝绑定申请" in text_of(r.text)
    told = [o.text for o in bot.flush() if o.contact_id == "wxid_bad"]
    assert told and "未获区委办信息科同意：不是本单位人员" in told[0]


def test_leader_change_and_pledge(bot, desk):
    r = post_form(desk, "/record", "/record/pledge", unit="济办")
    assert r.status_code == 400 and "济办没有待签订的承诺书" in text_of(r.text) and "「领导调整」表" in text_of(r.text)
    r = post_form(desk, "/record", "/record/leader", unit="济办", date="2019-06-20")
    assert "已登记：济办主要领导于 2019年6月20日 调整" in text_of(r.text)
    page = desk.get("/confirm").text
    assert "须在" in text_of(page)
    r = desk.post("/record/pledge", data={**form_of(page, "/record/pledge"), "date": "2019-06-28"})
    assert "签订《紧急信息报送承诺书》" in text_of(r.text) and "在期限内" in text_of(r.text)
    assert "没有待签订的承诺书" in text_of(desk.get("/confirm").text)


def test_research_prize(bot, desk):
    r = post_form(desk, "/record", "/record/prize", unit="济办", grade="一等")
    assert r.status_code == 400 and "请写明获奖调研成果的标题" in text_of(r.text)
    r = post_form(desk, "/record", "/record/prize", unit="济办", grade="一等", title="关于城市精细化管理的调研")
    assert "优秀调研成果奖：济办《关于城市精细化管理的调研》一等奖" in text_of(r.text)
