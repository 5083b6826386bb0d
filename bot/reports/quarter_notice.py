"""At quarter end: the 公众号 notice of persistently leading and lagging units (考评办法（四）二), and the
reminder of the quarterly 例会 with the quarter's figures (（六）定期交流机制). Plain text for the admins."""

from __future__ import annotations

from datetime import date

from bot.reports import standing
from bot.scoring import Scoreboard


def public_notice(
    label: str, size: int, leading: list[str], lagging: list[str], boards: list[Scoreboard], issued: date, issuer: str
) -> str:
    """Ready to paste into the 《上街信息》 公众号: the same units the leaders' letters name."""
    months = "、".join(f"{b.period.end.month}月" for b in boards)
    last = boards[-1]
    lines = [
        "【公众号通报稿】以下文字可直接复制到《上街信息》微信公众号发布：",
        "",
        f"{label}全区信息工作情况通报",
        f"按照全区党委系统信息调研工作目标任务和考评办法，对季度内持续先进或者落后的单位予以通报。"
        f"根据{months}底三次月度排名（任务占比＝累计得分÷目标任务），现将{label}情况通报如下：",
        f"一、持续先进单位（三次排名均居全区前{size}名）："
        + ("、".join(f"{u}（任务占比 {last.row(u).percent}%）" for u in leading) if leading else "无")
        + "。",
        f"二、持续落后单位（三次排名均居全区后{size}名）："
        + ("、".join(f"{u}（任务占比 {last.row(u).percent}%）" for u in lagging) if lagging else "无")
        + "。",
        "希望受到通报表扬的单位再接再厉，持续落后的单位认真查找差距，加大信息报送力度，确保按时完成全年目标任务。",
        "",
        issuer,
        f"{issued:%Y年%-m月%-d日}",
    ]
    return "\n".join(lines)


def meeting_reminder(label: str, quarter: Scoreboard, year_to_date: Scoreboard, submissions: int) -> str:
    """The 例会 reminder, with what the meeting reports: the quarter's work and where units stand."""
    adopted = sum(n for r in quarter.rows for n in r.counts.values())
    points = sum(r.total for r in quarter.rows)
    best = [r for r in sorted(quarter.rows, key=lambda r: (-r.total, r.unit.order)) if r.total > 0][:5]
    done = standing.exceeded(year_to_date)
    behind = standing.behind(year_to_date)
    return "\n".join(
        [
            f"【例会提醒】请召开{label}信息工作例会：组织部分单位信息员座谈交流，传达上级信息调研工作指示精神，"
            "通报季度信息调研任务完成情况，研究部署下季度工作。",
            f"本季度（{quarter.period.label}）：各单位报送 {submissions} 条，采用 {adopted} 条（篇），"
            f"得分合计 {points} 分。",
            "本季度得分前列：" + ("、".join(f"{r.unit.name} {r.total} 分" for r in best) or "无") + "。",
            f"截至{year_to_date.period.end:%-m月%-d日}（时间进度 {standing.progress_label(year_to_date)}）："
            f"已完成全年目标任务 {len(done)} 个"
            + (f"（{'、'.join(r.unit.name for r in done)}）" if done else "")
            + f"，未达到时间进度 {len(behind)} 个。",
        ]
    )
