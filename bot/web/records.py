"""The desk's record forms: 采用, 批示, 培训, 优质, 优秀调研, 扣分, 紧急扣分, 撤销. Each calls what its chat command
calls (office.drafts + office.ledger, office.emergencies, the ledger's reversal) with the same checks and the
same 「再次」 rule, so both fronts record the same fact the same way; each error is tagged with its field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field as dc_field
from typing import TYPE_CHECKING
from urllib.parse import quote

from bot.common.errors import AlreadyReversed, EntryError, NoSuchEntry, RepeatedFact, UserError
from bot.handlers.args import submission_or_unit
from bot.handlers.emergency import SEVERE_WORDS
from bot.handlers.office import not_before_submission, recorded, reversed_text
from bot.handlers.research import EXCELLENT
from bot.office.research import PRIZE_GRADES
from bot.ledger.drafts import MAX_TRAINING_PERSONS
from bot.model.facts import Entry
from bot.web.forms import FieldError, day, field, number, text, ticked

if TYPE_CHECKING:
    from bot.services import Office


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, number, date, select, check
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class RecordForm:
    slug: str
    title: str  # as the chat command is named
    fields: tuple[Field, ...]
    run: Callable  # (office, by, form) -> (result, location)
    note: str = ""
    extra: dict = dc_field(default_factory=dict)


@dataclass(frozen=True)
class Front:
    """What the chat's argument helpers read from a context (bot.chat.context.OfficeFront): the office."""

    office: Office


def unit_location(unit: str | None, entry_id: int | None = None) -> str:
    return (f"/units/{quote(unit)}" if unit else "/") + (f"#fact-{entry_id}" if entry_id else "")


def said(office, entries: list[Entry]) -> tuple[str, str]:
    """What chat answers the same command with (its points as they count now, the unit's new total)."""
    first = entries[0]
    return "\n".join(recorded(Front(office), e) for e in entries), unit_location(first.unit, first.id)


def _subject(office, form):
    """(unit, submission): a submission number wins over the unit, as in chat (「/采用 12 …」)."""
    given = text(form, "submission")
    if given:
        with field("submission"):
            return submission_or_unit(Front(office), "#" + given.lstrip("#"))
    with field("unit"):
        if not text(form, "unit"):
            raise EntryError("缺少报送编号或单位。")
        return text(form, "unit"), None


def _unit(office, form, on):
    with field("unit"):
        if not text(form, "unit"):
            raise EntryError("缺少单位。")
        return office.drafts.unit(text(form, "unit"), on)


def _record(office, by, form, draft) -> tuple[str, str]:
    with field("again"):
        entries = office.ledger.record([draft], by, again=ticked(form, "again"))
    return said(office, entries)


def adopt(office, by, form):
    today = office.clock.now().date()
    on = day(form, "date", today)
    unit, sub = _subject(office, form)
    with field("date"):
        not_before_submission(sub, on, "采用")
    title = text(form, "title") or (sub.title if sub else None)
    with field("publication"):
        draft = office.drafts.adoption(
            unit,
            text(form, "publication"),
            text(form, "grade") or None,
            on,
            issue=text(form, "issue") or None,
            title=title,
            submission_id=sub.id if sub else None,
        )
    if not title:
        raise_field("title", "请写明信息标题，或填报送编号。")
    return _record(office, by, form, draft)


def instruct(office, by, form):
    on = day(form, "date", office.clock.now().date())
    unit, sub = _subject(office, form)
    with field("date"):
        not_before_submission(sub, on, "批示")
    adoption = office.submissions.latest_adoption(sub.id) if sub else None
    with field("level"):
        draft = office.drafts.instruction(
            unit,
            text(form, "level") or None,
            on,
            title=text(form, "title") or (sub.title if sub else None),
            ref_id=adoption.id if adoption else None,
        )
    return _record(office, by, form, draft)


def train(office, by, form):
    on = day(form, "date", office.clock.now().date())
    persons = number(form, "persons", "人次", limit=MAX_TRAINING_PERSONS)
    _unit(office, form, on)
    with field("persons"):
        draft = office.drafts.training(text(form, "unit"), persons, on, note=text(form, "note") or None)
    return _record(office, by, form, draft)


def _award(office, by, form, kind: str | None, what: str):
    on = day(form, "date", office.clock.now().date())
    unit, sub = _subject(office, form)
    with field("date"):
        not_before_submission(sub, on, what)
    adoption = office.submissions.latest_adoption(sub.id) if sub else None
    title = text(form, "title") or (sub.title if sub else None)
    if not title:
        raise_field("title", "请写明信息标题，或填报送编号。")
    with field("unit"):
        draft = office.drafts.award(
            unit,
            kind,
            on,
            title=title,
            issue=text(form, "issue") or (adoption.issue if adoption else None),
            ref_id=adoption.id if adoption else None,
        )
    return _record(office, by, form, draft)


def award(office, by, form):
    return _award(office, by, form, None, "优质信息")


def excellent(office, by, form):
    return _award(office, by, form, EXCELLENT, "优秀调研")


def deduct(office, by, form):
    on = day(form, "date", office.clock.now().date())
    _unit(office, form, on)
    with field("reason"):
        draft = office.drafts.deduction(text(form, "unit"), text(form, "reason"), on, note=text(form, "note") or None)
    return _record(office, by, form, draft)


def emergency_deduct(office, by, form):
    emergency = None
    if text(form, "emergency"):
        n = number(form, "emergency", "紧急信息编号")
        with field("emergency"):
            emergency = office.emergencies.get(n)
    elif not text(form, "unit"):
        raise_field("unit", "缺少紧急信息编号或单位。")
    unit = emergency.unit if emergency else text(form, "unit")
    with field("unit"):
        office.drafts.unit(unit, emergency.at.date() if emergency else office.clock.now().date())
    try:
        entries = office.emergencies.deduct(
            unit,
            text(form, "grade"),
            by,
            text(form, "note") or None,
            emergency,
            ticked(form, "severe"),
            again=ticked(form, "again"),
        )
    except RepeatedFact as exc:
        raise FieldError("again", exc) from None
    except UserError as exc:
        raise FieldError("grade", exc) from None
    return said(office, entries)


def reverse(office, by, form):
    entry_id = number(form, "entry", "记录号")
    try:
        reversal = office.ledger.reverse(entry_id, text(form, "reason"), by)
    except (NoSuchEntry, AlreadyReversed) as exc:
        raise FieldError("entry", exc) from None
    except UserError as exc:  # the reason is missing
        raise FieldError("reason", exc) from None
    original = office.ledger.entry(entry_id)
    return reversed_text(office, original, reversal), unit_location(original.unit, entry_id)


def leader_changed(office, by, form):
    on = day(form, "date", office.clock.now().date())
    with field("unit"):
        p = office.pledges.start(text(form, "unit"), on, by)
    return (
        f"已登记：{p.describe()}（{office.pledges.workdays} 个工作日，按法定节假日和调休计算）。"
        f"{office.pledges.remind_on(p):%-m月%-d日}提醒该单位信息员。",
        "/confirm",
    )


def pledge_signed(office, by, form):
    on = day(form, "date", office.clock.now().date())
    with field("unit"):
        p = office.pledges.sign(text(form, "unit"), on, by)[0]
    late = f"，超过截止日 {p.due:%-m月%-d日}" if on > p.due else "，在期限内"
    return (
        f"已登记：{p.unit}于 {on:%Y年%-m月%-d日} 签订《紧急信息报送承诺书》（领导调整 {p.changed_on:%-m月%-d日}{late}）。",
        "/confirm",
    )


def research_prize(office, by, form):
    year = office.clock.now().year
    try:
        new_id = office.research.prize(text(form, "unit"), text(form, "grade"), text(form, "title"), year, by)
    except UserError as exc:
        raise FieldError("title" if exc.step else ("grade" if "奖项" in str(exc) else "unit"), exc) from None
    prize = next(p for p in office.research.prizes(year) if p.id == new_id)
    return (
        f"已登记 {year} 年度优秀调研成果奖：{prize.unit}《{prize.title}》{prize.grade}奖（不计分），将列入年度情况通报。",
        "/yearend",
    )


def raise_field(name: str, message: str):
    with field(name):
        raise EntryError(message)


def forms(office, year: int) -> list[RecordForm]:
    rules = office.config.rules.for_year(year)
    units = tuple(u.name for u in office.config.units.assessed(year))
    pubs = tuple(p.name for p in rules.publications.values())
    grades = tuple(dict.fromkeys(g for p in rules.publications.values() for g in p.grades))
    emergency = tuple(k.name for k in office.emergencies.grades(year))
    sub = Field("submission", "报送编号", "number", hint="填了报送编号就不必选单位、写标题")
    unit = Field("unit", "单位", "select", units)
    title = Field("title", "标题")
    on = Field("date", "日期", "date", hint="不填即今天")
    again = Field("again", "再次", "check", hint="同一事实确实又有一次时勾选")
    return [
        RecordForm(
            "adopt",
            "采用",
            (
                sub,
                unit,
                Field("publication", "刊物", "select", pubs),
                Field("grade", "类型", "select", grades),
                Field("issue", "期数", hint="如 第22期"),
                title,
                on,
                again,
            ),
            adopt,
            "市、省刊物的采用；本区自编刊物请在「待采用」中组刊、刊发。",
        ),
        RecordForm(
            "instruct",
            "批示",
            (sub, unit, Field("level", "批示级别", "select", tuple(rules.instructions)), title, on, again),
            instruct,
        ),
        RecordForm(
            "train",
            "培训",
            (unit, Field("persons", "人次", "number"), Field("note", "说明"), on, again),
            train,
            f"每人次 {rules.training_per_person} 分。",
        ),
        RecordForm("award", "优质", (sub, unit, title, Field("issue", "期数"), on, again), award),
        RecordForm("excellent", "优秀调研", (sub, unit, title, Field("issue", "期数"), on, again), excellent),
        RecordForm(
            "deduct",
            "扣分",
            (unit, Field("reason", "扣分原因", "select", tuple(rules.deductions)), Field("note", "说明"), on, again),
            deduct,
        ),
        RecordForm(
            "emergency",
            "紧急扣分",
            (
                Field("emergency", "紧急信息编号", "number"),
                unit,
                Field("grade", "级别", "select", emergency),
                Field("severe", SEVERE_WORDS[0], "check", hint="同时取消当年评先资格"),
                Field("note", "说明"),
                again,
            ),
            emergency_deduct,
        ),
        RecordForm(
            "leader",
            "领导调整",
            (unit, Field("date", "调整日期", "date", hint="不填即今天")),
            leader_changed,
            f"开始计算签订《紧急信息报送承诺书》的 {office.pledges.workdays} 个工作日。",
        ),
        RecordForm("pledge", "承诺书", (unit, Field("date", "签订日期", "date", hint="不填即今天")), pledge_signed),
        RecordForm(
            "prize",
            "调研奖",
            (unit, Field("grade", "奖项", "select", PRIZE_GRADES), title),
            research_prize,
            "年终优秀调研成果奖，不计分，列入年度情况通报。",
        ),
        RecordForm(
            "reverse",
            "撤销",
            (Field("entry", "记录号", "number"), Field("reason", "原因")),
            reverse,
            "原记录保留，撤销另记一条。",
        ),
    ]
