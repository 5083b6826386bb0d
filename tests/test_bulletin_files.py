"""The monthly bulletin post attaches the ranking image and the Excel table."""

from __future__ import annotations

from datetime import datetime

from openpyxl import load_workbook
from PIL import Image

from bot.jobs.monthly import monthly_bulletin
from bot.reports.bulletin_files import bulletin_files
from tests.chatkit import GROUP_ID


def test_monthly_post_attaches_png_and_xlsx(bot, tmp_path):
    bot.app.bulletin_renderer = bulletin_files(tmp_path / "reports", bot.app.config.rules)
    bot.bind("wxid_liaison_jiban", "济办")
    bot.say("wxid_liaison_jiban", "#报送 【一长三员】")  # the group's room id becomes known
    bot.admin("/采用 1 郑州信息 专期")
    bot.clock.set(datetime(2019, 7, 1, 9, 0))
    posts = monthly_bulletin(bot.app, bot.clock.now())
    files = [p for p in posts if p.file_path]
    assert [p.room_id for p in posts] == [GROUP_ID] * len(posts)
    png, xlsx = (f.file_path for f in files)
    assert png.endswith("排名_20190101-20190630.png") and xlsx.endswith("通报表_20190101-20190630.xlsx")
    assert Image.open(png).size[0] > 600
    sheet = load_workbook(xlsx).active
    assert any(cell.value == "济办" for row in sheet.iter_rows() for cell in row)
    assert monthly_bulletin(bot.app, bot.clock.now()) == []


def test_without_a_cjk_font_the_ranking_goes_as_text_that_says_why(bot, tmp_path, monkeypatch):
    import bot.reports.image as image

    monkeypatch.setattr(image, "find_cjk_font", lambda: None)
    render = bulletin_files(tmp_path / "reports", bot.app.config.rules)
    ranking, xlsx = render(bot.app.office.scoreboard())
    assert ranking.suffix == ".txt" and xlsx.suffix == ".xlsx"
    text = ranking.read_text(encoding="utf-8")
    assert text.startswith("【提示】本机未找到能显示中文的字体，排名图改为文字版。")
    assert "济办" in text
