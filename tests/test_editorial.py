"""Composing and publishing 《上街信息》 and its 公众号: the replies, the ledger rows, the points, the group post."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bot.model.issues import Spec
from bot.model.message import FileBlob
from bot.scoring import Period
from tests.chatkit import ADMIN, GROUP_ID

UNITS = ["济办", "环保局", "中心办", "宣传部", "峡窝镇", "城管局", "财政局"]
COMPOSE = "/组刊 上街信息 第23期 单条 1 2 综合 3+4+5 简讯 6 7"


def liaison(unit: str) -> str:
    return f"wxid_{UNITS.index(unit)}"


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def desk(bot):
    """Seven units, one submission each (#1 济办 … #7 财政局); 济办's comes with a Word file under its title."""
    for unit in UNITS:
        bot.bind(liaison(unit), unit)
    bot.say(
        liaison("济办"),
        "",
        file=FileBlob(
            "一长三员.docx", docx_bytes("济办 工作信息", "附件第一段：街长巡街。", "附件第二段：网格员上门。")
        ),
    )
    for unit in UNITS:
        bot.say(liaison(unit), f"#报送 【{unit}工作信息】\n{unit}正文第一段。\n{unit}正文第二段。")
    return bot


def entries(bot):
    return list(bot.app.store.all_entries())


def total(bot, unit: str) -> int:
    return bot.app.office.scoreboard(Period.year_to_date(date(2019, 6, 28))).row(unit).total


def sent_file(outs) -> list:
    return [o for o in outs if o.file_path]


def test_compose_shows_contents_and_points_sends_the_docx_and_scores_nothing(desk):
    outs = desk.send(desk.message(ADMIN, COMPOSE))
    assert outs[0].text.splitlines() == [
        "已组《上街信息》第23期（草稿，尚未计分），共 5 篇 7 条：",
        "1. 单条《济办工作信息》 济办 #1",
        "2. 单条《环保局工作信息》 环保局 #2",
        "3. 综合《各单位工作动态》 中心办 #3、宣传部 #4、峡窝镇 #5",
        "4. 简讯《城管局工作信息》 城管局 #6",
        "5. 简讯《财政局工作信息》 财政局 #7",
        "刊发后各单位计分：",
        "济办《济办工作信息》单条 +4 分",
        "环保局《环保局工作信息》单条 +4 分",
        "中心办《中心办工作信息》综合 +2 分",
        "宣传部《宣传部工作信息》综合 +2 分",
        "峡窝镇《峡窝镇工作信息》综合 +2 分",
        "城管局《城管局工作信息》简讯 +2 分",
        "财政局《财政局工作信息》简讯 +2 分",
        "合计 +18 分。",
        "Word 稿已私信发给您。确认无误后发送：/刊发 上街信息 第23期",
    ]
    [doc] = sent_file(outs)
    assert doc.contact_id == ADMIN and doc.room_id is None and doc.text == "附件：上街信息_第23期（草稿）.docx"
    assert Path(doc.file_path).name == "上街信息_第23期（草稿）.docx" and Path(doc.file_path).is_file()
    assert entries(desk) == []
    assert [r["status"] for r in desk.rows("issues")] == ["draft"]


def test_composing_again_replaces_the_draft(desk):
    desk.admin(COMPOSE)
    reply = desk.admin("/组刊 上街信息 第23期 单条 2 简讯 1")
    assert reply.startswith("已组《上街信息》第23期（草稿，已替换原草稿，尚未计分），共 2 篇 2 条：")
    assert [(r["submission_id"], r["unit"]) for r in desk.rows("issue_items")] == [(2, "环保局"), (1, "济办")]
    assert len(desk.rows("issues")) == 1
    assert "合计 +6 分。" in reply


def test_publish_records_every_adoption_and_tells_the_group(desk):
    desk.admin(COMPOSE)
    outs = desk.send(desk.message(ADMIN, "/刊发 上街信息 第23期 6月28日"))
    reply, post = outs
    assert reply.text.splitlines() == [
        "已刊发《上街信息》第23期（2019年6月28日），登记 7 条采用：",
        "#1 济办《济办工作信息》单条 +4 分",
        "#2 环保局《环保局工作信息》单条 +4 分",
        "#3 中心办《中心办工作信息》综合 +2 分",
        "#4 宣传部《宣传部工作信息》综合 +2 分",
        "#5 峡窝镇《峡窝镇工作信息》综合 +2 分",
        "#6 城管局《城管局工作信息》简讯 +2 分",
        "#7 财政局《财政局工作信息》简讯 +2 分",
        "合计 +18 分。已在群里公布。",
    ]
    assert post.room_id == GROUP_ID
    assert post.text == (
        "《上街信息》第23期已刊发：济办《济办工作信息》单条，环保局《环保局工作信息》单条，"
        "中心办《中心办工作信息》综合，宣传部《宣传部工作信息》综合，峡窝镇《峡窝镇工作信息》综合，"
        "城管局《城管局工作信息》简讯，财政局《财政局工作信息》简讯。"
    )
    assert set(post.mentions) == {liaison(u) for u in UNITS}
    rows = [
        (e.kind, e.unit, e.publication, e.grade, e.issue, e.title, e.submission_id, e.date, e.recorded_by)
        for e in entries(desk)
    ]
    assert rows[0] == ("adoption", "济办", "上街信息", "单条", "第23期", "济办工作信息", 1, date(2019, 6, 28), ADMIN)
    assert [r[3] for r in rows] == ["单条", "单条", "综合", "综合", "综合", "简讯", "简讯"]
    assert [r[6] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert {r[4] for r in rows} == {"第23期"}
    assert [total(desk, u) for u in UNITS] == [4, 4, 2, 2, 2, 2, 2]
    assert [r["entry_id"] for r in desk.rows("issue_items")] == [1, 2, 3, 4, 5, 6, 7]


def test_every_grade_including_a_special_issue(desk):
    desk.admin("/组刊 上街信息 第24期 专期 《一长三员的济源路实践》 1")
    reply = desk.admin("/刊发 上街信息 第24期")
    assert "#1 济办《济办工作信息》专期 +10 分" in reply
    assert total(desk, "济办") == 10
    desk.admin("/组刊 上街信息 第25期 单条 2 综合 3+4+5 简讯 6")
    desk.admin("/刊发 上街信息 第25期")
    assert [(e.unit, e.grade) for e in entries(desk)][1:] == [
        ("环保局", "单条"),
        ("中心办", "综合"),
        ("宣传部", "综合"),
        ("峡窝镇", "综合"),
        ("城管局", "简讯"),
    ]
    assert [total(desk, u) for u in UNITS[:6]] == [10, 4, 2, 2, 2, 2]


def test_the_other_publication_already_applied_counts_once(desk):
    desk.admin("/采用 1 公众号 单条")  # #1: 济办 4 分 in the 公众号
    desk.admin("/采用 2 公众号 简讯")  # #2: 环保局 2 分
    reply = desk.admin("/组刊 上街信息 第23期 单条 1 2 5")
    assert (
        "济办《济办工作信息》单条 记 0 分：重复发表，只计最高成绩（见 #1 采用《上街信息微信公众号》单条"
        "《济办工作信息》）"
    ) in reply
    assert (
        "环保局《环保局工作信息》单条 +4 分（#2 采用《上街信息微信公众号》简讯《环保局工作信息》 的 2 分改为不计）"
        in reply
    )
    assert "合计 +6 分（已减去改为不计的 2 分）。" in reply  # the net change: +4 −2 +4
    reply = desk.admin("/刊发 上街信息 第23期")
    assert "#3 济办《济办工作信息》单条 记 0 分：重复发表" in reply and "#4 环保局《环保局工作信息》单条 +4 分" in reply
    assert (total(desk, "济办"), total(desk, "环保局"), total(desk, "峡窝镇")) == (4, 4, 4)
    # And the other way round: the 公众号 push after the printed issue.
    reply = desk.admin("/组刊 公众号 第31期 单条 5 简讯 3")
    assert reply.startswith("已组《上街信息》微信公众号第31期（草稿，尚未计分）")
    assert (
        "峡窝镇《峡窝镇工作信息》单条 记 0 分：重复发表，只计最高成绩（见 #5 采用《上街信息》单条 第23期"
        "《峡窝镇工作信息》）"
    ) in reply
    assert "中心办《中心办工作信息》简讯 +2 分" in reply
    desk.admin("/刊发 公众号 第31期")
    assert (total(desk, "峡窝镇"), total(desk, "中心办")) == (4, 2)
    assert [(e.publication, e.issue) for e in entries(desk)][-2:] == [("上街信息微信公众号", "第31期")] * 2


def test_docx_reads_back_with_masthead_titles_units_and_the_attached_text(desk):
    desk.admin("/组刊 上街信息 第23期 单条 1 2 综合 《我区各单位扎实推进创文》 3+4+5 简讯 6 7")
    assert sent_file(desk.send(desk.message(ADMIN, "/刊发 上街信息 第23期"))) == []  # the draft was sent before
    view = desk.app.office.editorial.find("上街信息", "23")
    doc = Document(str(desk.app.office.editorial.write_docx(view)))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[:3] == ["《上街信息》", "第23期", "中共上街区委办公室\t2019年6月28日"]
    assert texts[3:8] == [
        "济办工作信息",
        "附件第一段：街长巡街。",
        "附件第二段：网格员上门。",
        "（济办）",
        "环保局工作信息",
    ]
    assert "济办正文第一段。" not in texts  # the attached docx wins over the message text
    assert texts[8:11] == ["环保局正文第一段。", "环保局正文第二段。", "（环保局）"]
    assert texts[11:15] == [
        "我区各单位扎实推进创文",
        "中心办：中心办正文第一段。中心办正文第二段。",
        "宣传部：宣传部正文第一段。宣传部正文第二段。",
        "峡窝镇：峡窝镇正文第一段。峡窝镇正文第二段。",
    ]
    assert texts[15:] == [
        "简讯",
        "◆城管局工作信息　城管局正文第一段。城管局正文第二段。（城管局）",
        "◆财政局工作信息　财政局正文第一段。财政局正文第二段。（财政局）",
    ]


def test_special_issue_docx_is_the_whole_issue(desk):
    outs = desk.send(desk.message(ADMIN, "/组刊 上街信息 第24期 专期 《一长三员的济源路实践》 1"))
    doc = Document(sent_file(outs)[0].file_path)
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[:5] == [
        "《上街信息》",
        "第24期（专期）",
        "中共上街区委办公室\t2019年6月28日",
        "一长三员的济源路实践",
        "附件第一段：街长巡街。",
    ]


def test_publishing_twice_is_refused_and_a_redelivery_is_handled_once(desk):
    desk.admin(COMPOSE)
    msg = desk.message(ADMIN, "/刊发 上街信息 第23期")
    desk.send(msg)
    assert desk.send(msg) == []
    assert len(entries(desk)) == 7
    reply = desk.admin("/刊发 上街信息 第23期")
    assert reply == "《上街信息》第23期已于 2019年6月28日 刊发，不能重复刊发。"
    assert "已于 2019年6月28日 刊发，不能再组刊" in desk.admin(COMPOSE)
    assert len(entries(desk)) == 7


def test_withdrawing_reverses_every_adoption(desk):
    desk.admin(COMPOSE)
    desk.admin("/刊发 上街信息 第23期")
    assert "已撤销 #3" in desk.admin("/撤销 3 中心办稿件有误")  # one adoption on its own still works
    assert total(desk, "中心办") == 0 and total(desk, "济办") == 4
    reply, post = desk.send(desk.message(ADMIN, "/撤刊 上街信息 第23期 期数登记错误"))
    assert reply.text == (
        "已撤刊《上街信息》第23期：撤销 6 条采用（#1、#2、#4、#5、#6、#7），原因：期数登记错误。"
        "另有 #3 此前已单独撤销。如需重新刊发，请重新 /组刊 上街信息 第23期 后再 /刊发。已在群里公布。"
    )
    assert (post.room_id, post.text) == (GROUP_ID, "《上街信息》第23期已撤刊（期数登记错误），本期登记的采用不再计分。")
    assert set(post.mentions) == {liaison(u) for u in UNITS}
    assert [total(desk, u) for u in UNITS] == [0] * 7
    reversals = [e for e in entries(desk) if e.kind == "reversal"]
    assert [(e.reverses, e.note) for e in reversals][1:] == [(i, "撤刊：期数登记错误") for i in (1, 2, 4, 5, 6, 7)]
    assert desk.admin("/撤刊 上街信息 第23期 再来").startswith(
        "《上街信息》第23期已于 2019年6月28日 撤刊（期数登记错误）"
    )
    assert "已撤刊（期数登记错误）。如需重新刊发，请先用 /组刊" in desk.admin("/刊发 上街信息 第23期")
    assert "（7 条，从早到晚）" in desk.admin("/待采用")  # back in the editor's inbox
    # The submissions are free again: compose and publish them as 第24期.
    desk.admin("/组刊 上街信息 第24期 单条 1")
    assert "#15 济办《济办工作信息》单条 +4 分" in desk.admin("/刊发 上街信息 第24期")
    assert total(desk, "济办") == 4


def test_withdrawing_needs_a_reason_and_a_published_issue(desk):
    desk.admin(COMPOSE)
    assert "撤刊须写明原因" in desk.admin("/撤刊 上街信息 第23期")
    assert (
        desk.admin("/撤刊 上街信息 第23期 错了") == "《上街信息》第23期还没有刊发，不用撤刊；草稿重新 /组刊 即可替换。"
    )


@pytest.mark.parametrize(
    "command,error",
    [
        ("/组刊 上街信息 第24期 单条 1 99 98", "没有报送 #99、#98。"),
        (
            "/组刊 上街信息 第24期 单条 1+2",
            "「单条 1+2」：用 + 连成一篇的只能是综合（综合 1+2）；各自成篇请用空格分开（单条 1 2）。",
        ),
        ("/组刊 上街信息 第24期 简讯 1+2", "「简讯 1+2」：用 + 连成一篇的只能是综合"),
        (
            "/组刊 上街信息 第24期 综合 1",
            "综合须由两条以上报送用 + 连成一篇，如 综合 20+21+22；报送 #1 单独成篇请用 单条 或 简讯。",
        ),
        ("/组刊 上街信息 第24期 要闻 1", "未知《上街信息》的类型「要闻」。可用：单条、简讯、综合、专期。"),
        ("/组刊 上街信息 第24期 1 单条 2", "报送编号「1」前缺少类型。"),
        ("/组刊 上街信息 第24期 单条 综合 1+2", "「单条」后缺少报送编号。"),
        ("/组刊 上街信息 第24期 专期 1+2", "专期是整期刊发一个单位的一条信息，只能有一条报送；本期共 2 条。"),
        ("/组刊 上街信息 第24期 专期 1 简讯 2", "专期是整期刊发一个单位的一条信息，只能有一条报送；本期共 2 条。"),
        ("/组刊 上街信息 第24期 单条 1 简讯 1", "报送 #1 在本期出现了两次"),
        ("/组刊 郑州信息 第24期 单条 1", "未知可组刊的刊物「郑州信息」。"),
        ("/组刊 上街信息 第0期 单条 1", "第0期"),
        ("/组刊 上街信息 第10000期 单条 1", "9999"),
        ("/组刊 上街信息 第24期", "缺少本期内容。"),
        ("/刊发 上街信息 第24期", "《上街信息》第24期还没有组刊。"),
        ("/刊发 上街信息 第24期 7月1日", "晚于今天"),
    ],
)
def test_errors_name_the_problem_and_write_nothing(desk, command, error):
    reply = desk.admin(command)
    assert error in reply, reply
    assert entries(desk) == [] and desk.rows("issues") == []


def test_a_submission_goes_into_one_issue_of_a_publication(desk):
    desk.admin("/组刊 上街信息 第23期 单条 1 2")
    reply = desk.admin("/组刊 上街信息 第24期 单条 3 简讯 2")
    assert reply == "报送 #2 已在《上街信息》第23期（草稿）。同一刊物不能重复采用同一条报送，请从本期去掉。"
    desk.admin("/刊发 上街信息 第23期")
    assert "报送 #1 已在《上街信息》第23期（已刊发）" in desk.admin("/组刊 上街信息 第24期 单条 1")
    desk.admin("/采用 3 上街信息 单条 第20期")  # recorded by hand before the bot composed issues
    assert "报送 #3 已登记为《上街信息》采用（#3 第20期）" in desk.admin("/组刊 上街信息 第24期 单条 3")
    # The 公众号 is another publication: the same items may go there.
    assert desk.admin("/组刊 公众号 第31期 单条 1 2 3").startswith("已组《上街信息》微信公众号第31期")
    assert [r["number"] for r in desk.rows("issues")] == [23, 31]


def test_an_adoption_entered_by_hand_after_composing_stops_the_publishing(desk):
    desk.admin("/组刊 上街信息 第23期 单条 1 2")
    desk.admin("/采用 2 上街信息 单条 第23期")
    reply = desk.admin("/刊发 上街信息 第23期")
    assert "报送 #2 已登记为《上街信息》采用（#1 第23期）" in reply
    assert len(entries(desk)) == 1 and desk.rows("issues")[0]["status"] == "draft"


def test_issues_list_and_one_issue(desk):
    desk.admin(COMPOSE)
    desk.admin("/刊发 上街信息 第23期")
    desk.admin("/组刊 公众号 第31期 单条 1")
    assert desk.admin("/刊物").splitlines() == [
        "最近各期：",
        "《上街信息》微信公众号第31期 草稿 2019年6月28日，1 篇 1 条",
        "《上街信息》第23期 已刊发 2019年6月28日，5 篇 7 条",
    ]
    assert desk.admin("/刊物 公众号").splitlines()[1:] == ["《上街信息》微信公众号第31期 草稿 2019年6月28日，1 篇 1 条"]
    shown = desk.admin("/刊物 上街信息 第23期").splitlines()
    assert shown[0] == "《上街信息》第23期 已刊发（2019年6月28日），共 5 篇 7 条："
    assert shown[3] == "3. 综合《各单位工作动态》 中心办 #3、宣传部 #4、峡窝镇 #5"
    assert shown[6:8] == ["采用：", "#1 济办《济办工作信息》单条 +4 分"]
    assert desk.admin("/刊物 23") == desk.admin("/刊物 上街信息 第23期")
    assert desk.admin("/刊物 上街信息 第99期") == "没有《上街信息》第99期。用 /刊物 上街信息 查看已有的期数。"


def test_inbox_lists_unused_submissions_oldest_first(desk):
    desk.later(days=3)
    desk.say(liaison("济办"), "#报送 【三天后的新稿】正文")
    desk.admin("/组刊 上街信息 第23期 单条 1 2")
    desk.admin("/采用 3 公众号 简讯")
    desk.admin("/采用 4 郑州信息 单条")  # a city adoption does not take it out of the editor's inbox
    assert desk.admin("/待采用").splitlines() == [
        "近 14 天还没有用进任何一期的报送（5 条，从早到晚）：",
        "#4 2019年6月28日 宣传部《宣传部工作信息》",
        "#5 2019年6月28日 峡窝镇《峡窝镇工作信息》",
        "#6 2019年6月28日 城管局《城管局工作信息》",
        "#7 2019年6月28日 财政局《财政局工作信息》",
        "#8 2019年7月1日 济办《三天后的新稿》",
    ]
    assert desk.admin("/待采用 2天").splitlines()[1:] == ["#8 2019年7月1日 济办《三天后的新稿》"]
    assert "天数应为 1 到 366 之间的整数" in desk.admin("/待采用 0")


def test_only_admins_edit(desk):
    reply = desk.say(liaison("济办"), COMPOSE)
    assert reply == "「/组刊」仅限区委办信息科管理员使用。"
    assert desk.rows("issues") == []


def test_quality_list_shows_the_real_issue_number(desk):
    desk.admin("/组刊 上街信息 第23期 单条 1 2")
    desk.admin("/刊发 上街信息 第23期")
    desk.admin("/组刊 公众号 第31期 简讯 2")
    desk.admin("/刊发 公众号 第31期")
    desk.admin("/优质 1")
    items = desk.app.office.quality_items(Period(date(2019, 5, 1), date(2019, 6, 30)))
    assert [(q.publication, q.issue, q.title, q.unit) for q in items] == [
        ("《上街信息》", "第23期", "济办工作信息", "济办")
    ]


def test_contents_may_be_typed_loosely(config):
    from bot.chat.normalize import split_args
    from bot.handlers.issue_contents import parse_contents

    pub = config.rules.for_year(2019).publication("上街信息")
    specs = parse_contents(split_args("单条 12、15 综合 《我区 创文》 20 ＋ 21 +22 简讯 #30,31"), pub)
    assert specs == [
        Spec("单条", None, (12,)),
        Spec("单条", None, (15,)),
        Spec("综合", "我区 创文", (20, 21, 22)),
        Spec("简讯", None, (30,)),
        Spec("简讯", None, (31,)),
    ]


def test_publishing_before_the_group_is_known_still_records_and_says_so(desk):
    from bot.office.notices import GROUP_ROOM

    desk.app.store.db["state"].delete_where("key = ?", [GROUP_ROOM])  # as if no admin had sent /设为本群
    desk.admin("/组刊 上街信息 第23期 单条 1", private=True)
    outs = desk.send(desk.message(ADMIN, "/刊发 上街信息 第23期", private=True))
    assert [o.contact_id for o in outs] == [ADMIN]
    assert "合计 +4 分。未能在群里公布：机器人还不知道「上街信息员之家」的群 id" in outs[0].text
    assert len(entries(desk)) == 1


def test_an_issue_number_alone_without_a_composable_publication_says_what_to_write(tmp_path):
    import shutil
    from datetime import datetime

    from bot.common.clock import FixedClock
    from bot.settings import load_config
    from bot.store import open_store
    from tests.chatkit import start_bot
    from tests.conftest import CONFIG_DIR

    cfg = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, cfg)
    scoring = cfg / "scoring.yaml"
    scoring.write_text(
        scoring.read_text("utf-8").replace("{单条: 4, 简讯: 2, 综合: 2, 专期: 10}", "{单条: 4, 简讯: 2}"), "utf-8"
    )
    bot = start_bot(load_config(cfg), open_store(None), FixedClock(datetime(2019, 6, 28, 10, 0)), tmp_path)
    try:
        assert bot.admin("/刊物 23").startswith(
            f"2019 年度的计分规则里没有可组刊的刊物（区级、设有综合和专期的刊物，见 {scoring}），"
            "请写明刊物和期数，如：/刊物 上街信息 第23期。"
        )
    finally:
        bot.app.store.close()


def test_a_draft_document_written_in_a_transaction_that_rolls_back_is_undone(desk):
    """The handler's transaction can still fail after /组刊 wrote its docx: no orphan 草稿 is left, and a
    replaced draft comes back as it was."""
    app = desk.app
    with pytest.raises(RuntimeError):
        with app.store.writing():
            path = app.office.editorial.compose("上街信息", "第23期", [Spec("单条", None, (1,))], ADMIN).document
            assert path.is_file()
            raise RuntimeError("the message's transaction fails after the handler")
    assert not path.exists() and app.store.issues.get("上街信息", 23) is None
    first = app.office.editorial.compose("上街信息", "第23期", [Spec("单条", None, (1,))], ADMIN).document.read_bytes()
    with pytest.raises(RuntimeError):
        with app.store.writing():
            with app.store.atomic():
                app.office.editorial.compose(
                    "上街信息", "第23期", [Spec("单条", None, (1,)), Spec("单条", None, (2,))], ADMIN
                )
            raise RuntimeError("rolled back")
    assert path.read_bytes() == first
