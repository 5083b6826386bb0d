"""What 企业微信 is sent as text: pieces under its 4096-byte markdown cap, and an xlsx as markdown tables."""

from __future__ import annotations

from openpyxl import Workbook

from bot.transports.caption import caption_only
from bot.transports.wecom_text import markdown_chunks, xlsx_tables


def test_a_short_message_is_one_piece():
    assert markdown_chunks("已收到 济办 报送 #1") == ["已收到 济办 报送 #1"]


def test_a_long_message_splits_on_line_ends_under_the_byte_cap():
    lines = [f"{i}. 产业集聚区管委会 12.5%（15分）" for i in range(1, 301)]
    pieces = markdown_chunks("\n".join(lines), limit=1000)
    assert len(pieces) > 1 and all(len(p.encode()) <= 1000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # nothing lost, nothing cut mid-line


def test_a_single_overlong_line_is_cut_without_breaking_a_character():
    pieces = markdown_chunks("信" * 1000, limit=100)
    assert all(len(p.encode()) <= 100 for p in pieces) and "".join(pieces) == "信" * 1000


def test_every_piece_of_a_table_starts_with_its_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["上街区信息工作通报表"])
    ws.append(["排名", "单位", "得分", "任务占比"])
    for i in range(1, 54):
        ws.append([i, f"单位{i}", 10.0, "=SUM(A1:A2)" if i == 1 else f"{i}%"])
    path = tmp_path / "通报表.xlsx"
    wb.save(path)
    pieces = xlsx_tables(path, limit=600)
    assert len(pieces) > 2 and all(p.startswith("| 排名 | 单位 | 得分 | 任务占比 |\n|---|") for p in pieces[1:])
    assert pieces[0].startswith(
        "**上街区信息工作通报表**\n| 排名 | 单位 | 得分 | 任务占比 |\n|---|---|---|---|\n| 1 | 单位1 | 10 |"
    )
    assert "| 53 | 单位53 | 10 | 53% |" in pieces[-1]


def test_a_caption_that_only_names_the_file_is_not_sent():
    assert caption_only("附件：排名_20260101-20261130.png", "/data/reports/排名_20260101-20261130.png")
    assert not caption_only("请各单位查收", "/data/reports/排名.png")
