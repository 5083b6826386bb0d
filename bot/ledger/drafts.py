"""Turn what a person typed into a validated Draft, or a Chinese error saying what is valid."""

from __future__ import annotations

from datetime import date

from bot.common.clock import Clock
from bot.common.errors import EntryError
from bot.model import facts
from bot.model.facts import Draft
from bot.settings import Config
from bot.settings.names import UnknownName
from bot.common.text import name_key


FIRST_YEAR = 2000  # no fact, deadline or event is dated before this
MAX_ISSUE = 9999  # 第N期: an issue number runs 1–9999
MAX_TRAINING_PERSONS = 200  # 人次 in one training record: 500 is a typo for 5 (+7500 points) more likely than not


def check_day(day: date, today: date | None, what: str = "日期", *, allow_future: bool = True) -> date:
    """A date between 2000 and next year; anything else is a typo (第2999年的截止时间…). Without
    `allow_future` (a fact: something that happened), also not after today."""
    last = (today.year if today else day.year) + 1
    if not FIRST_YEAR <= day.year <= last:
        raise EntryError(
            f"{what}「{day.year}年{day.month}月{day.day}日」不在有效范围内：应在 {FIRST_YEAR} 年至 {last} 年之间。"
        )
    if not allow_future and today is not None and day > today:
        hint = "是不是年份写错了？" if day.year > today.year else ""
        raise EntryError(
            f"{what} {day:%Y年%-m月%-d日} 晚于今天（{today:%Y年%-m月%-d日}），登记的应是已经发生的事。{hint}"
        )
    return day


class DraftBuilder:
    def __init__(self, config: Config, clock: Clock | None = None):
        self.config = config
        self.clock = clock

    def unit(self, given: str, on: date) -> str:
        try:
            return self.config.units.resolve(given, on.year).name
        except UnknownName as exc:
            try:
                known = self.config.units.resolve(given).name
            except UnknownName:
                raise EntryError(str(exc)) from None
            raise EntryError(
                f"单位「{known}」{on.year} 年度不在考核名单（见 {self.config.file('units.yaml')}）。"
            ) from None

    def _rules(self, on: date):
        check_day(on, self.clock.now().date() if self.clock else None)
        try:
            return self.config.rules.for_year(on.year)
        except LookupError as exc:
            raise EntryError(str(exc)) from None

    def adoption(
        self,
        unit: str,
        publication: str,
        grade: str | None,
        on: date,
        *,
        quantity: int = 1,
        issue: str | None = None,
        title: str | None = None,
        submission_id: int | None = None,
        source: str | None = None,
    ) -> Draft:
        rules = self._rules(on)
        try:
            pub = rules.publication(publication)
            grade = pub.resolve_grade(grade)
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        return Draft(
            facts.ADOPTION,
            self.unit(unit, on),
            on,
            _positive(quantity, "数量"),
            publication=pub.name,
            grade=grade,
            issue=_issue(issue),
            title=title or None,
            submission_id=submission_id,
            source=source,
        )

    def instruction(
        self,
        unit: str,
        level: str | None,
        on: date,
        *,
        quantity: int = 1,
        title: str | None = None,
        ref_id: int | None = None,
        source: str | None = None,
    ) -> Draft:
        try:
            lv = self._rules(on).level(level)
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        return Draft(
            facts.INSTRUCTION,
            self.unit(unit, on),
            on,
            _positive(quantity, "数量"),
            level=lv,
            title=title or None,
            ref_id=ref_id,
            source=source,
        )

    def training(
        self, unit: str, persons: int, on: date, *, note: str | None = None, source: str | None = None
    ) -> Draft:
        self._rules(on)
        if isinstance(persons, int) and persons > MAX_TRAINING_PERSONS:
            raise EntryError(
                f"人次应为 1 到 {MAX_TRAINING_PERSONS} 之间的整数，实际是「{persons}」，请核对。"
                f"一次培训确实超过 {MAX_TRAINING_PERSONS} 人次的，请分几条登记。"
            )
        return Draft(
            facts.TRAINING, self.unit(unit, on), on, _positive(persons, "人次"), note=note or None, source=source
        )

    def award(
        self,
        unit: str,
        kind: str | None,
        on: date,
        *,
        quantity: int = 1,
        title: str | None = None,
        issue: str | None = None,
        ref_id: int | None = None,
        source: str | None = None,
    ) -> Draft:
        rules = self._rules(on)
        try:
            award_kind = rules.award(kind or next(iter(rules.awards)))
        except (UnknownName, StopIteration) as exc:
            raise EntryError(str(exc) or "计分规则中没有配置奖励项目") from None
        return Draft(
            facts.AWARD,
            self.unit(unit, on),
            on,
            _positive(quantity, "数量"),
            award_kind=award_kind,
            title=title or None,
            issue=_issue(issue),
            ref_id=ref_id,
            source=source,
        )

    def deduction(
        self, unit: str, reason: str, on: date, *, quantity: int = 1, note: str | None = None, source: str | None = None
    ) -> Draft:
        try:
            kind = self._rules(on).deduction(reason)
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        return Draft(
            facts.DEDUCTION,
            self.unit(unit, on),
            on,
            _positive(quantity, "次数"),
            deduction_kind=kind.name,
            note=note or None,
            source=source,
        )

    def common_task(self, unit: str, task: str, points: int, on: date, *, source: str | None = None) -> Draft:
        """A year-end score: it may be dated any day of the current year (it counts as of 12-31)."""
        rules = self._rules(on)
        if self.clock is not None:
            today = self.clock.now().date()
            check_day(on, today, allow_future=on.year == today.year)
        try:
            name = rules.task(task)
        except UnknownName as exc:
            raise EntryError(str(exc)) from None
        top = rules.common_tasks[name]
        if not 0 <= points <= top:
            raise EntryError(f"共同任务「{name}」得分应在 0 到 {top} 之间，实际是 {points}。")
        return Draft(facts.COMMON_TASK, self.unit(unit, on), on, 1, task=name, task_points=points, source=source)


MAX_QUANTITY = 9999


def _positive(value: int, what: str) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise EntryError(f"{what}应为 1 到 {MAX_QUANTITY} 之间的整数，实际是「{value}」。")
    return value


def _number_key(text: str) -> str:
    return name_key(text).removeprefix("第").removesuffix("期")


def issue_number(text: str | None) -> int:
    """An issue's number: 「20」「第20期」「20期」 are 20; anything else is an EntryError saying what is valid."""
    key = _number_key(text or "")
    if not (key.isascii() and key.isdigit()):
        raise EntryError(f"期数应写作「第N期」，N 为 1 到 {MAX_ISSUE} 的整数，实际是「{(text or '').strip()[:20]}」。")
    if len(key) > 6 or not 1 <= int(key) <= MAX_ISSUE:
        raise EntryError(f"期数「{(text or '').strip()[:20]}」不在有效范围内：应为第 1 期至第 {MAX_ISSUE} 期。")
    return int(key)


def _issue(text: str | None) -> str | None:
    """期数 as 第N期 (「20」「第20期」「20期」 are the same); other names (增刊) as written."""
    if not text:
        return None
    key = _number_key(text)
    if key.isascii() and key.isdigit():
        return f"第{issue_number(text)}期"
    if len(text.strip()) > 20:
        raise EntryError(f"期数「{text.strip()[:20]}…」太长：应为「第20期」这样的期数，不超过 20 个字。")
    return text.strip()
