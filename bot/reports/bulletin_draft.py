"""The half-year or annual bulletin (情况通报) as a draft: figures from the data, prose for the office to edit.

Shaped like 《关于2019年上半年信息工作情况的通报》: issuer and date, title, an opening,
三个部分（工作开展情况、存在的主要问题、下一步工作要求）, and two attachments — the bulletin
table and the quality-information list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.model import facts
from bot.model.facts import Entry
from bot.reports import standing
from bot.reports.quality import QualityItem, months_label, quality_note, quality_rows
from bot.reports.quality import HEADER as QUALITY_HEADER
from bot.reports.table import BulletinTable, bulletin_table
from bot.scoring import Period, Scoreboard, UnitScore
from bot.settings.rules import RuleBook, rule

SPECIAL = "专期"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class BulletinDraft:
    issuer: str
    issued: date
    title: str
    opening: str
    sections: list[Section]
    attachments: list[str]
    table_title: str
    table: BulletinTable
    quality_title: str
    quality_header: list[str]
    quality_rows: list[list[object]]
    quality_note: str
    # Further attachments after 附件2, each (title, header, rows); e.g. the year's research prizes.
    extra_lists: tuple[tuple[str, list[str], list[list[object]]], ...] = ()


@dataclass(frozen=True)
class Figures:
    """Everything the prose quotes, computed from the scoreboard."""

    assessed: int
    progress: str  # 时间进度, e.g. 49.6%
    exceeded: list[str]  # completed, above 100% (超额); none whose 评先资格 is cancelled
    completed: list[str]  # completed at exactly 100% (完成, not 超额); likewise
    on_schedule: list[str]  # includes the units in `exceeded` and `completed`; likewise
    behind: int
    without_adoption: list[str]
    special_units: list[str]  # units with a 专期 adopted at any level
    trained_units: list[str]
    deducted_units: list[str]  # 公安局因约稿迟报
    upper_special: int  # 专期 in city and province publications
    upper_single: int  # 单条
    upper_other: int  # 综合、简讯 and the like
    district_items: int  # adoptions in district publications
    showcase_title: str | None  # a city/province 专期 to name as an example
    cancelled_done: list[str] = field(default_factory=list)  # completed the target, but 评先资格 cancelled: not praised
    criticised: list[str] = field(
        default_factory=list
    )  # 情节特别严重: 「通航试验区管委会（#12 紧急信息较大 书面报告迟报）」


def span_name(period: Period) -> str:
    """上半年, 下半年, 全年, or 1—9月份."""
    s, e = period.start, period.end
    if (s.month, s.day) == (1, 1) and (e.month, e.day) == (6, 30):
        return "上半年"
    if (s.month, s.day) == (7, 1) and (e.month, e.day) == (12, 31):
        return "下半年"
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        return "全年"
    return months_label(s, e)  # 1—9月份, or 1月1日至12月2日 when the data stop inside a month


def document_title(period: Period) -> str:
    span = span_name(period)
    return (
        f"关于{period.year}年度信息工作情况的通报" if span == "全年" else f"关于{period.year}年{span}信息工作情况的通报"
    )


def figures(board: Scoreboard, rules: RuleBook) -> Figures:
    levels = _column_levels(rules)
    upper = {"单条": 0, SPECIAL: 0, "other": 0}
    district = 0
    for row in board.rows:
        for (column, grade), n in row.counts.items():
            level = levels.get(column)
            if level in ("市", "省"):
                upper[grade if grade in ("单条", SPECIAL) else "other"] += n
            elif level == "区":
                district += n

    def names(rows) -> list[str]:  # praise never names a unit whose 评先资格 is cancelled (二（三）)
        return [r.unit.name for r in rows if not r.disqualified]

    done = standing.exceeded(board)
    return Figures(
        assessed=len(board.rows),
        progress=standing.progress_label(board),
        exceeded=names(r for r in done if r.ratio > 1),
        completed=names(r for r in done if r.ratio == 1),
        on_schedule=names(standing.on_schedule(board)),
        behind=len(standing.behind(board)),
        without_adoption=_names(r for r in board.rows if not r.adoption_points),
        special_units=names(
            r for r in _in_config_order(board) if any(g == SPECIAL and n for (_, g), n in r.counts.items())
        ),
        trained_units=names(r for r in _in_config_order(board) if r.training_persons),
        deducted_units=[
            f"{r.unit.name}因{'、'.join(_deduction_kinds(r))}" for r in _in_config_order(board) if r.deduction_points
        ],
        upper_special=upper[SPECIAL],
        upper_single=upper["单条"],
        upper_other=upper["other"],
        district_items=district,
        showcase_title=_showcase(board, rules, levels),
        cancelled_done=[r.unit.name for r in done if r.disqualified],
        criticised=[f"{r.unit.name}（{'；'.join(_severe(r))}）" for r in _in_config_order(board) if r.disqualified],
    )


def draft_bulletin(
    board: Scoreboard,
    rules: RuleBook,
    quality: list[QualityItem],
    issued: date,
    quality_period: Period | None = None,
    *,
    issuer: str,
) -> BulletinDraft:
    """`issuer`: bot.yaml's office.issuer."""
    period = board.period
    quality_period = quality_period or period
    f = figures(board, rules)
    span = span_name(period)
    year_end = (period.end.month, period.end.day) == (12, 31)
    when = f"{period.year}年{span}" if span != "全年" else f"{period.year}年"
    table_title = f"{when}各单位信息采用情况统计表"
    q_title = f"{months_label(quality_period.start, quality_period.end)}优质信息统计表"
    return BulletinDraft(
        issuer=issuer,
        issued=issued,
        title=document_title(period),
        opening=(
            "为进一步改进文风，提高全区的信息质量和服务水平，促进信息工作再上新台阶，提升我区的对外影响力，"
            f"现将{when}全区党委系统信息工作开展情况通报如下："
        ),
        sections=[
            Section("一、工作开展情况", _progress(f, span, year_end)),
            Section("二、存在的主要问题", _problems(f, span)),
            Section("三、下一步工作要求", _next_steps(year_end, span)),
        ],
        attachments=[table_title, q_title],
        table_title=table_title,
        table=bulletin_table(board, rules),
        quality_title=q_title,
        quality_header=list(QUALITY_HEADER),
        quality_rows=quality_rows(quality),
        quality_note=f"备注：{quality_note(rules, period.year)}",
    )


# --- prose ------------------------------------------------------------------------------


def _progress(f: Figures, span: str, year_end: bool) -> list[str]:
    since = "今年以来" if not year_end else "今年"
    showcase = f"《{f.showcase_title}》等" if f.showcase_title else ""
    published = [f"专期文章{f.upper_special}篇", f"单条{f.upper_single}条"]
    if f.upper_other:
        published.append(f"综合、简讯等{f.upper_other}条")
    first = (
        f"{since}，我区各单位紧紧围绕省市区委中心工作，深入发掘、提炼亮点工作和特色经验做法，"
        f"共在省市信息调研刊物发表{showcase}{'、'.join(published)}，"
        f"区级刊物采用各单位信息{f.district_items}条（篇），及时、全面、准确地为领导决策提供了服务。"
        "同时，将信息工作纳入全区绩效目标考核中，加强月督查考核，建立双月优质信息评比制度，开展全区信息员轮训等，"
        "进一步调动了各单位的工作积极性，推动信息员队伍业务水平不断提升。"
    )

    lead = "全年" if year_end else span
    done = f.exceeded + f.completed
    others = [u for u in f.on_schedule if u not in done]
    text = f"{lead}，全区{f.assessed}家被考核单位中，"
    parts = []
    if f.exceeded:
        parts.append(
            f"{_list(f.exceeded)}{len(f.exceeded)}家单位{'' if year_end else '提前'}超额完成"
            f"{'全年' if year_end else ''}目标任务"
        )
    if f.completed:
        parts.append(
            f"{_list(f.completed)}{len(f.completed)}家单位{'' if year_end else '提前'}完成"
            f"{'全年' if year_end else ''}目标任务"
        )
    if year_end:
        text += (
            "，".join(parts)
            if parts
            else ("除评先资格已取消的单位外，" if f.cancelled_done else "") + "尚无单位完成全年目标任务"
        )
    elif f.on_schedule:
        if others:
            parts.append(f"{_list(others)}{len(others)}家单位按时间进度完成任务")
        text += f"{len(f.on_schedule)}家单位达到时间进度（任务占比不低于{f.progress}），其中" + "，".join(parts)
    else:
        text += f"尚无单位达到时间进度（{f.progress}）"
    if f.special_units:
        text += f"；{_list(f.special_units)}等单位按时报送专期"
    standing_text = text
    praised = done or f.special_units or (others and not year_end)
    standing_text += "，特此给予表扬。" if praised else "。"
    if year_end:
        standing_text += "请未完成目标任务的单位认真查找差距，明年奋起直追。"
    else:
        standing_text += "请未按时间进度完成目标任务的单位向以上单位学习，抓紧赶超，确保按时完成全年任务。"
    paragraphs = [first, standing_text]
    if f.trained_units:
        paragraphs.append(
            f"{_list(f.trained_units)}等单位能够按要求参加全区信息员轮训，认真跟班学习，信息工作水平得到了较大提高。"
        )
    return paragraphs


def criticism_text(criticised: list[str]) -> str:
    """二（三）: 情节特别严重的，取消当年评先资格，给予全区通报批评."""
    return (
        f"{'；'.join(criticised)}，紧急信息迟报、漏报、瞒报情节特别严重，"
        "按照考评办法取消当年评先资格，给予全区通报批评。"
    )


def _problems(f: Figures, span: str) -> list[str]:
    detail = ""
    if f.behind:
        detail = f"全区仍有{f.behind}家单位任务占比低于时间进度"
        if f.without_adoption:
            detail += f"，其中{_list(f.without_adoption)}{len(f.without_adoption)}家单位尚无信息被采用"
        detail += "。"
    if f.deducted_units:
        detail += f"{'，'.join(f.deducted_units)}被扣分。"
    criticism = [criticism_text(f.criticised)] if f.criticised else []
    return criticism + [
        f"一是仍有部分单位对信息工作不够重视。{detail}"
        "一些单位对信息工作重要性认识不足，上报信息不积极，约稿信息报送不及时，没有派信息员参加轮训等。"
        "二是信息质量有待提高。各单位上报稿件日常工作信息多、亮点特色信息少，单条信息多、专期信息少，"
        "没有深入挖掘、总结工作中的特色做法，在语言表述方面还不够简炼，整体质量有待提高。"
    ]


def _next_steps(year_end: bool, span: str) -> list[str]:
    ahead = "新的一年" if year_end else ("下半年" if span == "上半年" else "下一步")
    return [
        "当前省市信息工作竞争激烈，要想取得较好成绩，继续保持全省先进，形势依然严峻。"
        f"{ahead}，希望全区各单位继续振奋精神、加压发力，共同推动信息工作实现争先晋位。"
        "一是提升重视程度。各单位要把信息工作放在更加突出的位置，树立“全员抓信息”的意识，主要领导亲自过问，"
        "分管领导具体主抓，加强对信息工作的研究谋划和督促指导，提升信息工作水平。"
        "二是准确把握报送重点。重点围绕省市区委中心工作和全区重点工作，深入挖掘、认真提炼，把好的经验挖掘出来，"
        "把深层次的问题反映出来，把好的建议提炼出来，提高决策参考价值。"
        "三是着重提高信息质量。各单位要树立精品意识，信息工作人员要加强学习、提高文字表达能力，"
        "做到标题新颖、结构严谨、文字精炼、内容真实，加大问题建议类信息、专期信息和调研报告上报力度，努力提高信息质量。"
    ]


# --- helpers ----------------------------------------------------------------------------


def _names(rows) -> list[str]:
    return [r.unit.name for r in rows]


def _list(names: list[str]) -> str:
    return "、".join(names)


def _in_config_order(board: Scoreboard) -> list[UnitScore]:
    return sorted(board.rows, key=lambda r: r.unit.order)


def severe_label(e: Entry) -> str:
    """A 情节特别严重 fact as the 通报 names it: 「#12 紧急信息较大 书面报告迟报」."""
    return f"#{e.id} {e.note or e.deduction_kind}"


def _severe(row: UnitScore) -> list[str]:
    """The facts that cancelled the row's 评先资格 (itemized board), else their ids."""
    worded = [
        severe_label(ln.entry)
        for ln in row.lines
        if ln.counted and f"#{ln.entry.id} {ln.entry.deduction_kind}" in row.disqualified
    ]
    return worded or list(row.disqualified)


def _deduction_kinds(row: UnitScore) -> list[str]:
    kinds = [ln.entry.deduction_kind for ln in row.lines if ln.counted and ln.entry.kind == facts.DEDUCTION]
    return list(dict.fromkeys(k for k in kinds if k))


def _column_levels(rules: RuleBook) -> dict[str, str]:
    levels: dict[str, str] = {}
    for rs in rules.rulesets:
        for pub in rs.publications.values():
            levels.setdefault(pub.column, pub.level)
    return levels


def _showcase(board: Scoreboard, rules: RuleBook, levels: dict[str, str]) -> str | None:
    """The titled 专期 worth most per article (a province one before a city one), if any."""
    best = None
    for row in board.rows:
        for line in row.lines:
            e = line.entry
            if not (line.counted and e.kind == facts.ADOPTION and e.grade == SPECIAL and e.title):
                continue
            column = rule(rules.for_year(e.date.year).publications, e.publication).column
            if levels.get(column) in ("市", "省"):
                key = (line.points // e.quantity, -e.date.toordinal(), -e.id)
                if best is None or key > best[0]:
                    best = (key, e.title)
    return best[1] if best else None
