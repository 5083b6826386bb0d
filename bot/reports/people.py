"""Per-liaison figures and 先进个人 candidates as lines for chat and as a list for text, CSV and xlsx."""

from __future__ import annotations

from bot.model.liaisons import LiaisonFigures, LiaisonYear
from bot.scoring.liaisons import Candidate, People
from bot.settings.rules import LEVELS

HEADER = [
    "序号",
    "信息员",
    "联系人id",
    "所在单位",
    "报送",
    "采用",
    "省级采用",
    "市级采用",
    "区级采用",
    "采用率",
    "约稿回复",
    "约稿按时",
    "紧急信息",
    "紧急信息及时",
]
LEVEL_ORDER = tuple(reversed(LEVELS))  # 省、市、区, as the office writes them


def liaison_title(year: int) -> str:
    return f"{year}年度信息员报送采用情况统计表"


def liaison_rows(year: LiaisonYear) -> list[list[object]]:
    return [
        [
            i,
            f.name,
            f.contact_id,
            "→".join(f.units),
            f.sent,
            f.adopted,
            *(f.by_level.get(lv, 0) for lv in LEVEL_ORDER),
            f.percent,
            f.solicitations,
            f.solicitations_on_time,
            f.emergencies,
            f.emergencies_in_time,
        ]
        for i, f in enumerate(year.liaisons, start=1)
    ]


def liaison_notes(year: LiaisonYear) -> list[str]:
    return [
        "报送：信息员本人在群里或私聊发送的 #报送（含 #约稿、#调研、#紧急 登记的报送），按联系人 id 统计，"
        "年内换过单位的合并计算，所在单位按先后列出。",
        "采用：本年度报送、且在本年度被采用的条数（同一条在几级刊物采用，各级分别计 1 条，合计只计 1 条）；"
        "采用率＝采用÷报送。约稿按时：在截止时间前回复；紧急信息及时：书面报告距事发不超过 2 小时。",
        f"管理员代登记（邮件、QQ、电话）的 {year.proxied} 条计入单位，不计入个人。",
    ]


def figures_text(f: LiaisonFigures) -> str:
    """「李娜（济办）报送 40 条，采用 12 条（省 1、市 3、区 8），采用率 30%；约稿按时 3/3；紧急信息及时 1/1」"""
    levels = "、".join(f"{lv} {f.by_level[lv]}" for lv in LEVEL_ORDER if f.by_level.get(lv))
    text = (
        f"{f.name}（{'→'.join(f.units)}）报送 {f.sent} 条，采用 {f.adopted} 条"
        + (f"（{levels}）" if levels else "")
        + f"，采用率 {f.percent}"
    )
    if f.solicitations:
        text += f"；约稿按时 {f.solicitations_on_time}/{f.solicitations}"
    if f.emergencies:
        text += f"；紧急信息及时 {f.emergencies_in_time}/{f.emergencies}"
    return text


def liaison_summary(year: LiaisonYear, top: int = 20) -> str:
    """For /信息员统计: the liaisons by items adopted, with their figures."""
    if not year.liaisons:
        return f"{year.year} 年度没有已确认绑定的信息员。"
    lines = [f"{year.year}年度信息员统计（{len(year.liaisons)} 人，按采用条数、采用率排列）："]
    lines += [f"{i}. {figures_text(f)}" for i, f in enumerate(year.liaisons[:top], start=1)]
    if len(year.liaisons) > top:
        lines.append(f"……另有 {len(year.liaisons) - top} 人。")
    lines.append(
        f"管理员代登记的 {year.proxied} 条计入单位，不计入个人。完整表格：infobot report --liaisons --year {year.year}"
    )
    return "\n".join(lines)


def people_rule(people: People) -> str:
    return f"采用不少于 {people.least} 条，按采用条数、采用率各取前 {people.top} 名，由科室综合考虑确定"


def people_lines(people: People) -> list[str]:
    """The 先进个人 part of /年终 and the annual 通报: candidates with the figures behind each name."""
    rule = people_rule(people)
    if not people.chosen and not people.excluded:
        return [f"先进个人候选（{rule}）：无"]
    lines = [f"先进个人候选（{rule}）：" + ("" if people.chosen else "无")]
    lines += [f"{i}. {_candidate(c)}" for i, c in enumerate(people.chosen, start=1)]
    if people.excluded:
        lines.append("所在单位不具备评先资格，未列为候选：")
        lines += [f"· {_candidate(c)}，{c.figures.unit}：{c.unit_ineligible}" for c in people.excluded]
    return lines


def people_rows(people: People) -> list[list[object]]:
    """For the annual table's list: 序号, 信息员, 所在单位, figures, 入选依据, 备注."""
    rows: list[list[object]] = []
    for i, c in enumerate([*people.chosen, *people.excluded], start=1):
        f = c.figures
        rows.append(
            [
                i,
                f.name,
                "→".join(f.units),
                f.sent,
                f.adopted,
                f.percent,
                "、".join(c.why),
                f"所在单位不具备评先资格（{c.unit_ineligible}）" if c.unit_ineligible else "候选",
            ]
        )
    return rows


PEOPLE_HEADER = ["序号", "信息员", "所在单位", "报送", "采用", "采用率", "入选依据", "备注"]


def _candidate(c: Candidate) -> str:
    return f"{figures_text(c.figures)}（{'、'.join(c.why)}）"
