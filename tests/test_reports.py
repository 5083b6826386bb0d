"""The bulletin table as the office reads it: columns, CSV cells, text, explanations."""

from __future__ import annotations

import csv
import io

from wcwidth import wcswidth

from bot.reports.csvfile import render_csv
from bot.reports.explain import render_explain
from bot.reports.table import bulletin_table
from bot.reports.text import render_text

BASE_HEADER = [
    "序号",
    "单位",
    "上街政研",
    "区委采用-单条",
    "区委采用-综合",
    "区委采用-简讯",
    "区委采用-专期",
    "市委采用-单条",
    "市委采用-综合",
    "市委采用-简讯",
    "市委采用-专期",
    "省委采用-单条",
    "省委采用-综合",
    "省委采用-专期",
    "领导批示",
    "培训学习",
    "优质信息",
    "累计得分",
    "目标任务",
    "任务占比",
]


def csv_rows(svc):
    data = render_csv(bulletin_table(svc.scoreboard(), svc.config.rules))
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_header_is_the_office_layout(svc):
    data = render_csv(bulletin_table(svc.scoreboard(), svc.config.rules))
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == BASE_HEADER


def test_csv_round_trip_matches_the_scoreboard(svc, rec):
    rec.adoption("纪委监委", "上街政研", None, "2019-04-01")
    rec.adoption("纪委监委", "上街信息", "单条", "2019-05-20", title="甲")
    rec.adoption("纪委监委", "公众号", "综合", "2019-05-21", title="乙")
    rec.adoption("纪委监委", "郑州信息", "专期", "2019-05-22")
    rec.adoption("纪委监委", "工作交流", "单条", "2019-05-23")
    rec.instruction("纪委监委", "市", "2019-05-23")
    rec.training("纪委监委", 1, "2019-05-24")
    rec.award("纪委监委", "2019-06-28")
    rows = csv_rows(svc)
    assert len(rows) == 53
    first = rows[0]
    assert first["单位"] == "纪委监委" and first["序号"] == "1"
    assert (
        first["上街政研"],
        first["区委采用-单条"],
        first["区委采用-综合"],
        first["市委采用-专期"],
        first["省委采用-单条"],
    ) == ("1", "1", "1", "1", "1")
    assert (first["领导批示"], first["培训学习"], first["优质信息"]) == ("20", "15", "1")
    assert first["累计得分"] == str(30 + 4 + 2 + 30 + 20 + 20 + 15 + 5)  # 126
    assert (first["目标任务"], first["任务占比"]) == ("120", "105%")
    board = svc.scoreboard()
    for row in rows:
        unit = board.row(row["单位"])
        assert (int(row["序号"]), int(row["累计得分"]), row["任务占比"]) == (unit.rank, unit.total, f"{unit.percent}%")


def test_columns_without_a_place_in_the_layout_appear_only_when_used(svc, rec):
    rec.adoption("公安局", "区要情汇报", None, "2019-03-01")
    rec.adoption("公安局", "今日郑州重要信息", "综合", "2019-03-01")
    rec.adoption("公安局", "豫情快报", "单条", "2019-03-01")
    rec.deduction("公安局", "约稿迟报", "2019-03-02")
    header = list(csv_rows(svc)[0])
    assert (
        header
        == BASE_HEADER[:14]
        + ["区委要情", "市委问题建议-综合", "省委问题建议-单条"]
        + BASE_HEADER[14:17]
        + ["扣分"]
        + BASE_HEADER[17:]
    )
    row = csv_rows(svc)[0]
    assert (
        row["单位"],
        row["区委要情"],
        row["市委问题建议-综合"],
        row["省委问题建议-单条"],
        row["扣分"],
        row["累计得分"],
    ) == ("公安局", "1", "1", "1", "-5", str(10 + 15 + 40 - 5))


def test_text_table_is_aligned_and_titled(svc, rec):
    rec.adoption("济办", "上街信息", "单条", "2019-05-03")
    text = render_text(bulletin_table(svc.scoreboard(), svc.config.rules))
    lines = text.splitlines()
    assert lines[0] == "上街区各单位信息采用情况通报表（2019年1月1日至6月30日）"
    start = next(i for i, ln in enumerate(lines) if ln.startswith("---"))
    body = [ln for ln in lines[start:] if ln and not ln.startswith("注")]
    assert len(body) == 54
    assert len({wcswidth(ln) for ln in body}) == 1, "every row has the same display width"
    assert any(ln.split()[:2] == ["1", "济办"] and ln.endswith("3%") for ln in body)


def test_explain_lines_add_up_to_the_total(svc, rec):
    rec.adoption("济办", "上街信息", "简讯", "2019-03-01", title="甲", issue="第20期")
    rec.adoption("济办", "公众号", "单条", "2019-03-02", title="甲")
    wrong = rec.adoption("济办", "郑州信息", "专期", "2019-03-03")
    svc.ledger.reverse(wrong.id, "误登", by="wxid_office")
    rec.deduction("济办", "约稿迟报", "2019-04-01", note="六月约稿")
    board = svc.scoreboard(detail="济办")
    row = board.row("济办")
    text = render_explain(board, row)
    assert "采用《上街信息》简讯 第20期《甲》  0  ← 重复发表，只计最高成绩" in text
    assert "采用《郑州信息》专期  0  ← 已撤销" in text
    assert "扣分：约稿迟报（六月约稿）  -5" in text
    assert "[wxid_office 2019-06-30 18:00]" in text
    assert sum(ln.points for ln in row.lines) == row.total == -1
    assert "累计得分 -1" in text and f"排名 {row.rank}/53" in text
