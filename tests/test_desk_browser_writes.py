"""The desk's writes in a real browser (tests/browserkit.py: Debian's chromium, Playwright): compose an issue by
ticking submissions and publish it, a second click of 刊发 records nothing more, the 共同任务 grid refuses a cell
over its maximum and then changes the annual table, a deduction proposal confirmed with one click, 撤刊 asks
once more. Every figure is checked where the office and the liaisons read it: in chat.

Set DESK_SCREENSHOTS=<directory> to keep the screenshots (1280 px and 375 px) for a person to look at."""

from __future__ import annotations

import re

import pytest

from bot.jobs import run_job
from tests.browserkit import chromium, live_bot, needs_chromium, shot, signed_in_page
from tests.chatkit import ADMIN, ADMIN_NAME, GROUP_ID

pytestmark = needs_chromium

LIAISONS = {"wxid_li": "济办", "wxid_wang": "环保局", "wxid_zhao": "城管局", "wxid_sun": "宣传部"}


@pytest.fixture
def live(config, tmp_path):
    with live_bot(config, tmp_path) as bot:
        bot.bind("wxid_zhao", "赵敏", "城管局")
        bot.bind("wxid_sun", "孙丽", "宣传部")
        yield bot


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path) as b:
        yield b


def adoptions(live) -> int:
    return live.call(
        lambda: live.app.store.db.execute("SELECT count(*) FROM entries WHERE kind = 'adoption'").fetchone()[0]
    )


def score(live, who: str) -> str:
    """「累计得分 N 分」 as /我的得分 answers the liaison `who` in chat."""
    return re.search(r"累计得分 \S+ 分", live.say(who, "/我的得分")).group(0)


def scores(live) -> dict[str, str]:
    return {who: score(live, who) for who in LIAISONS}


def test_compose_four_submissions_by_ticking_publish_and_a_second_click_records_nothing(live, browser):
    for who, (head, body) in zip(
        LIAISONS,
        [
            ("老旧小区改造", "济源路街道完成 3 个老旧小区改造。"),
            ("大气治理", "环保局开展扬尘治理。"),
            ("占道经营整治", "城管局清理占道经营 120 处。"),
            ("志愿服务", "宣传部组织志愿服务 30 场。"),
        ],
    ):
        live.say(who, f"#报送 【{head}】{body}")
    before = scores(live)

    page = signed_in_page(live, browser)
    page.locator("nav a", has_text="报送").click()
    page.locator("a", has_text="待采用").click()
    page.wait_for_url(re.compile(r"view=inbox"))
    for sid in (1, 2, 3, 4):
        page.get_by_label(f"组进本期 #{sid}", exact=True).check()
    page.get_by_label("类型 #1", exact=True).select_option("单条")
    page.get_by_label("组 #3", exact=True).fill("A")
    page.get_by_label("组 #4", exact=True).fill("A")
    page.get_by_label("本期标题 #3", exact=True).fill("城管局、宣传部共建文明城市")
    page.get_by_label("类型 #2", exact=True).select_option("简讯")
    page.get_by_label("顺序 #2", exact=True).fill("1")
    page.locator("select[name=publication]").select_option("上街信息")
    page.locator("input[name=number]").fill("24")
    shot(page, "compose", 1280)
    shot(page, "compose", 375)
    page.locator("button", has_text="组刊").click()
    assert "已组《上街信息》第24期（草稿" in page.locator("main").inner_text()
    page.locator("a", has_text="查看").click()
    page.wait_for_url(re.compile(r"/issues/"))
    main = page.locator("main").inner_text()
    assert "1. 简讯：大气治理" in main and "综合：城管局、宣传部共建文明城市" in main
    assert "刊发后各单位计分" in main and "合计 +" in main
    shot(page, "draft", 1280)
    shot(page, "draft", 375)
    assert adoptions(live) == 0  # a draft records nothing

    # 刊发, then the same rendered form sent again, as a second click (or a reload of the POST) would send it
    publish = page.locator("form.publish")
    again = {el.get_attribute("name"): el.get_attribute("value") for el in publish.locator("input[type=hidden]").all()}
    publish.locator("button", has_text="刊发").click()
    page.wait_for_url(re.compile(r"/done/"))
    assert "已刊发《上街信息》第24期" in page.locator("main").inner_text()
    assert adoptions(live) == 4
    posts = [o for o in live.flush() if o.room_id == GROUP_ID]
    assert len(posts) == 1 and posts[0].text.startswith("《上街信息》第24期已刊发")
    assert set(posts[0].mentions) == set(LIAISONS)
    after = scores(live)
    assert all(after[who] != before[who] for who in LIAISONS), after

    second = page.request.post(f"{live.url}/issues/上街信息/24/publish", form=again)
    assert "本次没有重复登记" in second.text()
    assert adoptions(live) == 4 and scores(live) == after and live.flush() == []

    # 撤刊 asks once more, listing what it will cancel, before anything is undone
    page.goto(f"{live.url}/issues/上街信息/24")
    page.locator("input[name=reason]").fill("期数登记错误")
    page.locator("button", has_text="撤刊").click()
    sure = page.locator("main").inner_text()
    assert "撤刊《上街信息》第24期？" in sure and "将撤销本期 4 条采用" in sure
    assert score(live, "wxid_li") == after["wxid_li"]
    shot(page, "sure", 375)
    page.locator("button", has_text="确定撤刊").click()
    page.wait_for_url(re.compile(r"/done/"))
    assert "已撤刊《上街信息》第24期：撤销 4 条采用" in page.locator("main").inner_text()
    assert scores(live) == before


def test_common_task_cell_over_its_maximum_then_right_changes_the_annual_table(live, browser):
    top = live.app.config.rules.for_year(2019).common_tasks["政研工作"]
    in_chat = live.say(ADMIN, "/年终", name=ADMIN_NAME)
    page = signed_in_page(live, browser)
    page.goto(f"{live.url}/yearend")
    row = page.locator("table tr", has=page.locator("td", has_text=re.compile("^济办$")))
    before = row.inner_text()
    page.locator("a", has_text="填共同任务").click()
    cell = page.get_by_label("济办 政研工作", exact=True)
    cell.fill(str(top + 1))
    page.locator("button", has_text="保存改动").click()
    error = page.locator("td.bad .field-error")
    assert error.count() == 1
    assert f"共同任务「政研工作」得分应在 0 到 {top} 之间，实际是 {top + 1}" in error.inner_text()
    assert "本次没有保存任何一格" in page.locator("main").inner_text()
    shot(page, "tasks-error", 1280)
    shot(page, "tasks-error", 375)
    assert (
        live.call(
            lambda: live.app.store.db.execute("SELECT count(*) FROM entries WHERE kind = 'common_task'").fetchone()[0]
        )
        == 0
    )

    page.get_by_label("济办 政研工作", exact=True).fill(str(top))
    page.locator("button", has_text="保存改动").click()
    page.wait_for_url(re.compile(r"/done/"))
    assert "已保存 1 项共同任务得分" in page.locator("main").inner_text()
    page.goto(f"{live.url}/yearend")
    after = page.locator("table tr", has=page.locator("td", has_text=re.compile("^济办$"))).inner_text()
    assert after != before and str(top) in after.split()
    assert live.say(ADMIN, "/年终", name=ADMIN_NAME) != in_chat  # the chat's 年终考核表 changed the same way


def test_confirm_a_deduction_proposal_with_one_click(live, browser):
    live.say(ADMIN, "/约稿 济办 环保局 7月5日17:00 《大气污染防治经验做法》", name=ADMIN_NAME)
    live.clock.set(live.clock.now().replace(month=7, day=5, hour=17, minute=10))
    live.call(lambda: run_job(live.app, "solicitation_deadlines", live.clock.now()))
    pending = live.call(live.app.office.proposals.pending)
    assert pending
    first = pending[0]
    liaison = "wxid_li" if first.unit == "济办" else "wxid_wang"
    before = score(live, liaison)

    page = signed_in_page(live, browser)
    page.locator("nav a", has_text="确认").click()
    shot(page, "confirm", 1280)
    shot(page, "confirm", 375)
    page.locator(f"#proposal-{first.id} button", has_text="确认").click()
    page.wait_for_url(re.compile(r"/done/"))
    assert f"扣分提议 #{first.id} 已确认" in page.locator("main").inner_text()
    assert live.call(lambda: live.app.office.proposals.get(first.id)).status == "confirmed"
    assert score(live, liaison) != before
    page.locator("a", has_text="查看").click()
    page.wait_for_url(re.compile(r"/units/.*#fact-\d+$"))
    fact = page.locator("#" + page.url.split("#")[1])  # the unit's page: the fact, who recorded it, on the desk
    assert "扣分" in fact.inner_text() and f"{ADMIN_NAME} 在后台登记" in fact.inner_text()


def test_a_record_form_shows_its_error_next_to_the_field(live, browser):
    page = signed_in_page(live, browser)
    page.locator("nav a", has_text="登记").click()
    form = page.locator("form#train")
    form.locator("select[name=unit]").select_option("济办")
    form.locator("input[name=persons]").fill("0")
    form.locator("button").click()
    bad = page.locator("form#train label.field.bad")
    assert bad.count() == 1 and "人次应为 1 到" in bad.inner_text() and "实际是「0」" in bad.inner_text()
    shot(page, "record-error", 1280)
    shot(page, "record-error", 375)
    form = page.locator("form#train")
    form.locator("input[name=persons]").fill("2")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/done/"))
    assert "已登记" in page.locator("main").inner_text() and "济办 培训学习 2 人次" in page.locator("main").inner_text()
    assert "培训学习 30（2 人次）" in live.say("wxid_li", "/我的得分")
