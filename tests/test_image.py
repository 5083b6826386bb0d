"""The ranking image as the group sees it: real Chinese glyphs, highlights, and a text fallback."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bot.reports import fonts, image, standing
from bot.reports.fonts import CjkFont, FontFace, NoCjkFont, find_cjk_font, missing_glyphs
from bot.reports.image import DONE_FILL, LOW_FILL, MARGIN, ROW, TABLE_TOP, ranking_post, render_png
from bot.reports.table import bulletin_table
from tests.office_data import EXCEEDED, seed_half_year

FONT = find_cjk_font()
needs_font = pytest.mark.skipif(
    FONT is None, reason="本机没有中文字体（make test 以 root 运行时会安装 fonts-noto-cjk），跳过真实绘图检查"
)


def latin_only_font() -> FontFace | None:
    """A font without CJK glyphs (DejaVu comes with fontconfig on Debian)."""
    if shutil.which("fc-match") is None:
        return None
    out = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True).stdout
    return FontFace(Path(out)) if out.endswith((".ttf", ".otf")) and Path(out).is_file() else None


def drawn_text(svc) -> str:
    """Every character the image draws: the table, its notes, and the headings around it."""
    board = svc.scoreboard()
    table = bulletin_table(board, svc.config.rules)
    parts = [table.title, *table.notes, image.caption(board)]
    parts += [c.group or "" for c in table.columns] + [c.label for c in table.columns]
    parts += [str(v) for row in table.rows for v in row]
    parts += ["时间进度被考核单位个已完成全年目标任务达到注：（）排名末位并列的一并标出"]
    return "".join(parts)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@needs_font
def test_the_chosen_font_has_real_glyphs_for_every_character_drawn(svc):
    """No boxes: checked with fontTools' character map, independently of the finder's own check."""
    from fontTools.ttLib import TTFont

    seed_half_year(svc)
    text = {ch for ch in drawn_text(svc) if not ch.isspace()}
    for face in filter(None, (FONT.regular, FONT.bold)):
        cmap = TTFont(str(face.path), fontNumber=face.index, lazy=True).getBestCmap()
        assert not sorted(ch for ch in text if ord(ch) not in cmap), face
        assert missing_glyphs(face, "".join(text)) == []


def test_a_font_without_cjk_glyphs_is_never_chosen_nor_drawn_with(svc, monkeypatch):
    latin = latin_only_font()
    if latin is None:
        pytest.skip("没有 DejaVu Sans 字体可作对照")
    assert missing_glyphs(latin, "上街 A1") == ["上", "街"]
    monkeypatch.setattr(fonts, "_candidates", lambda bold: iter([latin]))
    assert find_cjk_font() is None
    with pytest.raises(NoCjkFont, match="缺少这些字的字形"):
        render_png(svc.scoreboard(), svc.config.rules, font=CjkFont(latin))


@needs_font
def test_png_is_a_readable_ranking_with_highlights(svc):
    seed_half_year(svc)
    board = svc.scoreboard()
    data = render_png(board, svc.config.rules)
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG" and img.mode == "RGB"
    width, height = img.size
    assert 1200 <= width <= 4000 and (53 + 2) * ROW < height < (53 + 12) * ROW
    # Down the 序号 column: one green band per unit past its target, red for the lowest.
    column = [img.getpixel((MARGIN + 6, y)) for y in range(TABLE_TOP, TABLE_TOP + (2 + 53) * ROW)]
    green, red = column.count(rgb(DONE_FILL)), column.count(rgb(LOW_FILL))
    assert abs(green - len(EXCEEDED) * ROW) <= 2 * len(EXCEEDED) + 2
    lowest = standing.lowest(board)
    assert lowest[-1].unit.name == "公安局"  # −5 points: last, and marked
    assert abs(red - len(lowest) * ROW) <= 2 * len(lowest) + 2
    # Green rows sit at the top, red at the bottom.
    ys_green = [y for y, p in enumerate(column) if p == rgb(DONE_FILL)]
    ys_red = [y for y, p in enumerate(column) if p == rgb(LOW_FILL)]
    assert max(ys_green) < min(ys_red)


@needs_font
def test_nothing_recorded_means_nothing_highlighted(svc):
    img = Image.open(io.BytesIO(render_png(svc.scoreboard(), svc.config.rules))).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert rgb(DONE_FILL) not in colours and rgb(LOW_FILL) not in colours


def test_without_a_cjk_font_the_post_is_text_and_says_so(svc, monkeypatch):
    seed_half_year(svc)
    monkeypatch.setattr(image, "find_cjk_font", lambda: None)
    board = svc.scoreboard()
    with pytest.raises(NoCjkFont, match="fonts-noto-cjk"):
        render_png(board, svc.config.rules)
    post = ranking_post(board, svc.config.rules)
    assert post.image is None
    assert post.text.startswith("【提示】本机未找到能显示中文的字体，排名图改为文字版。")
    assert "上街区各单位信息采用情况通报表（2019年1月1日至6月30日）" in post.text
    assert "纪委监委" in post.text and "104%" in post.text


@needs_font
def test_ranking_post_carries_the_image_and_a_caption(svc):
    seed_half_year(svc)
    post = ranking_post(svc.scoreboard(), svc.config.rules)
    assert post.image.startswith(b"\x89PNG")
    assert post.text == (
        "2019年1月1日至6月30日各单位信息工作排名（时间进度 49.6%）。纪委监委、环保局、中心办已完成全年目标任务。"
    )


def test_lowest_keeps_ties_together_and_never_marks_everyone(svc, rec):
    board = svc.scoreboard()
    assert standing.lowest(board) == []  # all 53 at 0%: nobody singled out
    for unit in svc.config.units.assessed(2019)[:45]:
        rec.adoption(unit.name, "郑州信息", "单条", "2019-03-01")
    board = svc.scoreboard()
    marked = standing.lowest(board, 5)
    assert len(marked) == 8 and {r.total for r in marked} == {0}  # the 8 units still at 0 all tie
    rec.adoption("科协", "郑州信息", "专期", "2019-03-01")
    assert "科协" not in {r.unit.name for r in standing.lowest(svc.scoreboard(), 5)}
