"""Every desk page through Starlette's TestClient: the same figures as chat and the bulletin, filters,
sources of facts, downloads made by the CLI's code, escaping, headers and errors."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from bot.reports.table import bulletin_table
from bot.web.app import create_desk
from tests.chatkit import ADMIN
from tests.deskkit import BASE, login_link, seeded_bot


@pytest.fixture
def bot(config, clock, tmp_path):
    return seeded_bot(config, clock, tmp_path)  # conftest's clock: 2019-06-30 18:00


@pytest.fixture
def desk(bot):
    c = TestClient(create_desk(bot.app.office), base_url=BASE)
    assert c.get(login_link(bot).removeprefix(BASE)).status_code == 200
    return c


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_overview_has_the_bulletins_columns_and_figures(bot, desk):
    r = desk.get("/")
    assert r.status_code == 200
    table = bulletin_table(bot.app.office.scoreboard(), bot.app.config.rules)
    for name in table.header:
        assert name in r.text
    page = text_of(r.text)
    assert "全年时间进度" in page and "50%" in page
    assert "低于时间进度" in page
    assert r.text.count("<rect") == 53  # one bar per unit in the chart
    assert "济办 3%" in page  # the liaison's /我的得分 says 任务占比 3%
    assert "任务占比 3%" in bot.say("wxid_li", "/我的得分")


def test_overview_sorts_by_any_column(bot, desk):
    header = bulletin_table(bot.app.office.scoreboard(), bot.app.config.rules).header
    unit_col = header.index("单位")
    asc = desk.get(f"/?sort={unit_col}&dir=asc").text
    desc = desk.get(f"/?sort={unit_col}&dir=desc").text

    def names(html):
        return re.findall(r'<td class="unit"><a href="[^"]+">([^<]+)</a>', html)

    assert names(asc) == sorted(names(asc)) and names(desc) == sorted(names(asc), reverse=True)
    total_col = header.index("累计得分")
    first = names(desk.get(f"/?sort={total_col}&dir=desc").text)[0]
    assert first == "济办"


def test_unit_page_figures_fact_source_people_and_chart(bot, desk):
    r = desk.get("/units/济办")
    assert r.status_code == 200
    page = text_of(r.text)
    score = bot.say("wxid_li", "/我的得分")
    assert "累计得分 4 分，目标 120 分，任务占比 3%，排名第 1/53 名" in score
    assert "4 累计得分" in page and "120 目标任务" in page and "3% 任务占比" in page and "1/53 排名" in page
    assert "采用《上街信息》单条 第3期《我办推进垃圾分类》" in page
    assert 'href="/submissions/1"' in r.text and "报送 #1（高歌 登记）" in page
    assert "李娜" in page
    assert 'class="score"' in r.text and 'class="target"' in r.text
    assert r.text.count('class="dot"') == 6  # January to June


def test_unit_page_by_alias_and_unknown_unit(desk):
    assert desk.get("/units/济源路街道").status_code == 200
    r = desk.get("/units/没有这个单位")
    assert r.status_code == 400 and "没有这个单位" in r.text


def test_fact_sources_issue_and_import(bot, desk, tmp_path):
    bot.say("wxid_li", "#报送 【第二条】正文二")
    bot.admin("/组刊 上街信息 第4期 单条 2")
    bot.admin("/刊发 上街信息 第4期")
    sheet = tmp_path / "登记.csv"
    sheet.write_text("日期,单位,事项,刊物,类型,数量,标题\n2019-05-06,济办,培训,,,2,信息写作培训\n", encoding="utf-8")
    bot.app.office.importer.import_file(sheet, ADMIN)
    r = desk.get("/units/济办")
    assert "导入 登记.csv:2" in text_of(r.text)
    assert 'href="/issues/%E4%B8%8A%E8%A1%97%E4%BF%A1%E6%81%AF/4"' in r.text
    assert "上街信息 第4期（高歌 刊发）" in text_of(r.text)
    issue = desk.get("/issues/上街信息/4")
    assert issue.status_code == 200 and "第二条" in issue.text and "已刊发" in issue.text
    assert "第4期" in desk.get("/issues").text


def test_submissions_filters_full_text_and_inbox(bot, desk):
    bot.bind("wxid_wang", "环保局", "王强")
    bot.say("wxid_wang", "#上街信息微信公众号# 【环保局开展执法检查】正文三")
    page = desk.get("/submissions").text
    assert "我办推进垃圾分类" in page and "环保局开展执法检查" in page
    only = desk.get("/submissions", params={"unit": "环保局"}).text
    assert "环保局开展执法检查" in only and "我办推进垃圾分类" not in only
    adopted = desk.get("/submissions", params={"adopted": "yes"}).text
    assert "我办推进垃圾分类" in adopted and "环保局开展执法检查" not in adopted
    public = desk.get("/submissions", params={"public": "yes"}).text
    assert "环保局开展执法检查" in public and "我办推进垃圾分类" not in public
    dated = desk.get("/submissions", params={"from": "2019-07-01"}).text
    assert "没有符合条件的报送" in dated
    bad = desk.get("/submissions", params={"from": "7月1日"}).text
    assert "应写成 2019-06-01 的格式" in bad
    assert "没有符合条件的报送" in desk.get("/submissions", params={"attachment": "yes"}).text
    full = desk.get("/submissions/1").text
    assert "入户宣传 1200 户" in full and "第3期" in full
    inbox = desk.get("/submissions", params={"view": "inbox"}).text
    assert "环保局开展执法检查" in inbox and "我办推进垃圾分类" not in inbox
    assert desk.get("/submissions/999").status_code == 404


def test_attachment_download(bot, desk):
    from bot.model.message import FileBlob
    from tests.documents import docx_bytes

    data = docx_bytes("附件正文")
    bot.say("wxid_li", "#报送 【带附件的报送】正文见附件")
    bot.send(bot.message("wxid_li", file=FileBlob("稿件.docx", data)))
    assert "有附件" in desk.get("/submissions").text
    assert "带附件的报送" in desk.get("/submissions", params={"attachment": "yes"}).text
    page = desk.get("/submissions/2").text
    link = re.search(r'href="(/attachments/\d+)">稿件.docx', page).group(1)
    r = desk.get(link)
    assert r.status_code == 200 and r.content == data
    assert "attachment" in r.headers["content-disposition"]


def test_solicitations_page(bot):
    bot.admin("/约稿 济办 环保局 7月5日17:00 《大气污染防治经验做法》")
    bot.say("wxid_li", "#约稿 1 【大气污染防治】正文")
    bot.at(datetime(2019, 7, 5, 17, 10))
    from bot.jobs import run_job

    run_job(bot.app, "solicitation_deadlines", bot.clock.now())
    desk = TestClient(create_desk(bot.app.office), base_url=BASE)
    desk.get(login_link(bot).removeprefix(BASE))
    page = text_of(desk.get("/solicitations").text)
    assert "约稿 #1《大气污染防治经验做法》" in page and "已截止" in page
    assert "按时" in page and "未报送" in page
    assert "待确认" in page and "提议 #1" in page


def test_yearend_page(bot, desk):
    page = text_of(desk.get("/yearend").text)
    assert "评先资格" in page and "调研完成情况" in page and "年度未结束" in page
    assert "济办 ：缺上半年调研报告、上半年经验专期、市级专期、《上街政研》文章" in page
    assert desk.get("/yearend?year=1999").status_code == 400


def test_yearend_eligibility_follows_the_research_duties(bot, desk):
    """评先资格 on the desk and in its download is the year-end workflow's (/年终, infobot report --annual)."""
    page = text_of(desk.get("/yearend").text)
    assert "济办 ：" in page and "未完成信息调研任务" in page
    r = desk.get("/downloads/file", params={"kind": "annual", "format": "xlsx"})
    rows = [row for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True) if "济办" in row]
    assert rows and "未完成信息调研任务" in rows[0][-1]


def test_downloads_are_the_clis_files(bot, desk):
    assert "下载 xlsx" in desk.get("/downloads").text
    r = desk.get(
        "/downloads/file", params={"kind": "bulletin", "format": "xlsx", "from": "2019-01-01", "to": "2019-06-30"}
    )
    assert r.status_code == 200 and "filename*=UTF-8''" in r.headers["content-disposition"]
    cells = [c for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True) for c in row]
    assert "济办" in cells
    for kind, fmt, magic in (
        ("ranking", "png", b"\x89PNG"),
        ("report", "docx", b"PK"),
        ("annual", "xlsx", b"PK"),
        ("annual", "docx", b"PK"),
    ):
        r = desk.get("/downloads/file", params={"kind": kind, "format": fmt})
        assert r.status_code == 200 and r.content.startswith(magic), (kind, fmt)
    bad = desk.get("/downloads/file", params={"kind": "bulletin", "format": "pdf"})
    assert bad.status_code == 400 and "没有这种下载" in bad.text
    cross = desk.get("/downloads/file", params={"kind": "bulletin", "format": "xlsx", "from": "2018-12-01"})
    assert cross.status_code == 400 and "跨年" in cross.text


def test_text_is_escaped(bot, desk):
    bot.say("wxid_li", "#报送 【<script>alert(1)</script>】<img src=x onerror=alert(2)>")
    page = desk.get("/submissions").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    detail = desk.get("/submissions/2").text
    assert "<img src=x" not in detail


def test_headers_on_every_response(desk):
    for path in ("/", "/static/desk.css", "/nope", "/login?t=x"):
        r = desk.get(path)
        assert r.headers["content-security-policy"].startswith("default-src 'self'"), path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_no_page_pulls_anything_from_elsewhere(desk):
    for path in ("/", "/units/济办", "/submissions", "/issues", "/solicitations", "/yearend", "/downloads"):
        html = desk.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        assert "<script" not in html and " style=" not in html, path


def test_errors_show_no_traceback(bot):
    class Broken:
        def __getattr__(self, name):
            return getattr(bot.app.office, name)

        def scoreboard(self, *a, **kw):
            raise RuntimeError("secret internals")

    c = TestClient(create_desk(Broken()), base_url=BASE, raise_server_exceptions=False)
    c.get(login_link(bot).removeprefix(BASE))
    r = c.get("/")
    assert r.status_code == 500 and "出错了" in r.text
    assert "secret internals" not in r.text and "Traceback" not in r.text


def test_not_found_and_wrong_method(desk):
    assert desk.get("/nope").status_code == 404
    r = desk.get("/logout")
    assert r.status_code == 405 and "不支持" in r.text
